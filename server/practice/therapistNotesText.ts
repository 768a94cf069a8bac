import * as Y from 'yjs';
import { docName } from '../../shared/docs/names.ts';
import { plainDoc } from '../docs/plainDoc.ts';
import { unusable } from '../docs/updateChecks.ts';
import type { DocStore } from '../store/types.ts';

/**
 * The Y.Text the therapist's private notes live in: the console writes the default field of
 * `useYText('therapist-notes')` (`client/src/room/hooks.ts`), as its export reads it
 * (`client/src/components/Export.tsx`).
 */
export const THERAPIST_NOTES_FIELD = 'text';

/**
 * The plain text of a room's therapist's private notes (D6) as the store holds them, for the
 * therapist's copy of the clinical record (R5); empty when they wrote none. The stored updates are
 * replayed like a document load does (`server/docs/liveDoc.ts`): one that would not apply is left
 * out (D13), here without setting it aside — reading never changes the store.
 */
export async function therapistNotesText(store: Pick<DocStore, 'loadDoc'>, roomId: string): Promise<string> {
  const rows = await store.loadDoc(docName({ roomId, kind: 'therapist-notes' }));
  const updates = rows.map((row) => row.update);
  const bad = new Set(unusable(updates));
  const doc = plainDoc();
  try {
    for (const [index, update] of updates.entries()) if (!bad.has(index)) Y.applyUpdate(doc, update);
    return doc.getText(THERAPIST_NOTES_FIELD).toString();
  } finally {
    doc.destroy();
  }
}
