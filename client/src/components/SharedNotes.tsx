import { setText, useRoom, useYText } from '../room/hooks.ts';

/** D5: notes everyone in the room writes together; after the end they are kept, read-only (D10). */
export function SharedNotes() {
  const learned = useYText('notes', 'learned');
  const summary = useYText('notes', 'summary');
  const ended = useRoom().state?.stage === 'ended';
  return (
    <section className="panel notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Shared notes</h2>
      <label htmlFor="notes-learned">What we learned</label>
      <textarea
        id="notes-learned"
        rows={3}
        value={learned.value}
        readOnly={ended}
        aria-describedby={ended ? 'notes-ended' : undefined}
        onChange={(e) => setText(learned.text, e.target.value)}
      />
      <label htmlFor="notes-summary">Closing summary</label>
      <textarea
        id="notes-summary"
        rows={3}
        value={summary.value}
        readOnly={ended}
        aria-describedby={ended ? 'notes-ended' : undefined}
        onChange={(e) => setText(summary.text, e.target.value)}
      />
      {ended && (
        <p id="notes-ended" className="hint">
          The session has ended: the notes are kept as they are, to read and to keep a copy.
        </p>
      )}
      {/* Textareas do not print well: the printable page shows the notes as text. */}
      <div className="print-only">
        <p>What we learned: {learned.value || '—'}</p>
        <p>Closing summary: {summary.value || '—'}</p>
      </div>
    </section>
  );
}
