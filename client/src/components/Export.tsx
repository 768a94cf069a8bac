import { useState } from 'react';
import type { RoomState, Seat } from '../../../shared/index.ts';
import { useRecord } from '../room/hooks.ts';
import { useConnection } from '../room/RoomProvider.tsx';

export function Export({ me, state }: { me: Seat; state: RoomState }) {
  const connection = useConnection();
  const entries = useRecord();
  function notes() {
    const doc = connection.doc('notes').doc;
    return { learned: doc.getText('learned').toString(), summary: doc.getText('summary').toString() };
  }
  const [failed, setFailed] = useState(false);
  async function download() {
    // The Markdown writer is loaded when asked for, not with the room (client/src/lazyScreen.tsx).
    let recordMarkdown: typeof import('./recordMarkdown.ts').recordMarkdown;
    try {
      ({ recordMarkdown } = await import('./recordMarkdown.ts'));
    } catch {
      setFailed(true);
      return;
    }
    const privateNotes =
      me === 'therapist' ? connection.doc('therapist-notes').doc.getText('text').toString() : undefined;
    const markdown = recordMarkdown({
      entries,
      notes: notes(),
      privateNotes,
      exportedAt: new Date(),
      names: state.partners,
    });
    const blob = new Blob([markdown], { type: 'text/markdown;charset=utf-8' });
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
      {failed && (
        <p role="alert">
          A new version of Dialogue Room is available — reload the page to download the record.{' '}
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </p>
      )}
    </section>
  );
}
