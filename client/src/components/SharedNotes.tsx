import { setText, useYText } from '../room/hooks.ts';

/** D5: notes everyone in the room writes together. */
export function SharedNotes() {
  const learned = useYText('notes', 'learned');
  const summary = useYText('notes', 'summary');
  return (
    <section className="panel notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Shared notes</h2>
      <label htmlFor="notes-learned">What we learned</label>
      <textarea
        id="notes-learned"
        rows={3}
        value={learned.value}
        onChange={(e) => setText(learned.text, e.target.value)}
      />
      <label htmlFor="notes-summary">Closing summary</label>
      <textarea
        id="notes-summary"
        rows={3}
        value={summary.value}
        onChange={(e) => setText(summary.text, e.target.value)}
      />
      {/* Textareas do not print well: the printable page shows the notes as text. */}
      <div className="print-only">
        <p>What we learned: {learned.value || '—'}</p>
        <p>Closing summary: {summary.value || '—'}</p>
      </div>
    </section>
  );
}
