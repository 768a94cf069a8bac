import { setText, useDocHealth, useRoom, useYText } from '../room/hooks.ts';
import { DocStatus } from './DocStatus.tsx';

/**
 * D5: notes everyone in the room writes together; read-only after the end (D10), and once the server
 * closed them (full, D12).
 */
export function SharedNotes() {
  const learned = useYText('notes', 'learned');
  const summary = useYText('notes', 'summary');
  const ended = useRoom().state?.stage === 'ended';
  const health = useDocHealth('notes');
  const readOnly = ended || health.closedReason !== null;
  const describedBy = ended ? 'notes-ended notes-status' : 'notes-status';
  return (
    <section className="panel notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Shared notes</h2>
      <label htmlFor="notes-learned">What we learned</label>
      <textarea
        id="notes-learned"
        rows={3}
        value={learned.value}
        onChange={(e) => setText(learned.text, e.target.value)}
        readOnly={readOnly}
        aria-describedby={describedBy}
      />
      <label htmlFor="notes-summary">Closing summary</label>
      <textarea
        id="notes-summary"
        rows={3}
        value={summary.value}
        onChange={(e) => setText(summary.text, e.target.value)}
        readOnly={readOnly}
        aria-describedby={describedBy}
      />
      {ended && (
        <p id="notes-ended" className="hint">
          The session has ended: the notes are kept as they are, to read and to keep a copy.
        </p>
      )}
      <DocStatus name="notes" id="notes-status" />
      {/* Textareas do not print well: the printable page shows the notes as text. */}
      <div className="print-only">
        <p>What we learned: {learned.value || '—'}</p>
        <p>Closing summary: {summary.value || '—'}</p>
      </div>
    </section>
  );
}
