import type { RoomState, Seat } from '../../../shared/index.ts';
import { useRecord } from '../room/hooks.ts';
import { useConnection } from '../room/RoomProvider.tsx';
import { describeEntry } from './recordText.ts';

/** The record (and the shared notes) as Markdown; the therapist's private notes only on their own copy. */
export function recordMarkdown(
  entries: Record<string, unknown>[],
  notes: { learned: string; summary: string },
  extra?: string,
) {
  const lines = entries.map((entry) => describeEntry(entry)).filter(Boolean);
  return [
    '# Dialogue Room — record of the session',
    '',
    `Exported ${new Date().toLocaleString()}.`,
    '',
    ...lines.map((line) => `- ${line}`),
    '',
    '## Shared notes',
    '',
    `**What we learned:** ${notes.learned || '—'}`,
    '',
    `**Closing summary:** ${notes.summary || '—'}`,
    ...(extra ? ['', "## Therapist's private notes", '', extra] : []),
    '',
  ].join('\n');
}

export function Export({ me }: { me: Seat; state: RoomState }) {
  const connection = useConnection();
  const entries = useRecord();
  function notes() {
    const doc = connection.doc('notes').doc;
    return { learned: doc.getText('learned').toString(), summary: doc.getText('summary').toString() };
  }
  function download() {
    const extra =
      me === 'therapist' ? connection.doc('therapist-notes').doc.getText('text').toString() : undefined;
    const blob = new Blob([recordMarkdown(entries, notes(), extra)], { type: 'text/markdown' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'dialogue-room-record.md';
    document.body.append(a);
    a.click();
    a.remove();
    // Revoked a little later: revoking at once can cancel the download before it starts.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return (
    <section className="panel export" aria-label="Keep a copy">
      <button type="button" onClick={download}>
        Download the record (Markdown)
      </button>
      <button type="button" onClick={() => window.print()}>
        Print or save as PDF
      </button>
    </section>
  );
}
