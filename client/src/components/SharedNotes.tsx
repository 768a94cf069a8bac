import { setText, useDocHealth, useYText } from '../room/hooks.ts';
import { DocStatus } from './DocStatus.tsx';

/** D5: notes everyone in the room writes together; read-only once the server closed them (D10). */
export function SharedNotes() {
  const learned = useYText('notes', 'learned');
  const summary = useYText('notes', 'summary');
  const closed = useDocHealth('notes').closedReason !== null;
  return (
    <section className="panel notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Shared notes</h2>
      <label htmlFor="notes-learned">What we learned</label>
      <textarea
        id="notes-learned"
        rows={3}
        value={learned.value}
        onChange={(e) => setText(learned.text, e.target.value)}
        readOnly={closed}
        aria-describedby="notes-status"
      />
      <label htmlFor="notes-summary">Closing summary</label>
      <textarea
        id="notes-summary"
        rows={3}
        value={summary.value}
        onChange={(e) => setText(summary.text, e.target.value)}
        readOnly={closed}
        aria-describedby="notes-status"
      />
      <DocStatus name="notes" id="notes-status" />
      {/* Textareas do not print well: the printable page shows the notes as text. */}
      <div className="print-only">
        <p>What we learned: {learned.value || '—'}</p>
        <p>Closing summary: {summary.value || '—'}</p>
      </div>
    </section>
  );
}
