import { z } from 'zod';
import {
  type PartEdit,
  PartKind,
  type PartsBySeat,
  partsLedger,
  type RoomEvent,
} from '../../shared/index.ts';
import { labelText, noteText } from '../../shared/protocol/text.ts';
import type { Store } from '../store/types.ts';

/**
 * Which of a couple's rooms a reader's parts are folded from. A partner's own: every room of the
 * couple (they were in each). The therapist's: the sessions and the practices both partners shared —
 * a practice kept from the therapist gives them nothing, its parts neither (K5).
 */
export type PartsReader = 'partner' | 'therapist';

async function roomEvents(store: Store, coupleId: string, reader: PartsReader): Promise<RoomEvent[][]> {
  const sessions = await store.practice.roomsOf(coupleId, 'session');
  const practices = await store.practice.roomsOf(coupleId, 'practice');
  const rooms = [...sessions];
  for (const practice of practices) {
    if (reader === 'partner') {
      rooms.push(practice);
      continue;
    }
    const shares = await store.practice.sharesOf(practice.roomId);
    if (shares.A?.shared && shares.B?.shared) rooms.push(practice);
  }
  return Promise.all(rooms.map((room) => store.read(room.roomId, 1)));
}

/** Each partner's parts across the couple's rooms (L1–L4), with their own edits applied. */
export async function coupleParts(store: Store, coupleId: string, reader: PartsReader): Promise<PartsBySeat> {
  const [rooms, edits] = await Promise.all([
    roomEvents(store, coupleId, reader),
    store.parts.partEdits(coupleId),
  ]);
  return partsLedger(rooms, edits);
}

/** A text that may be cleared: null, or blank, is none; anything else follows the room's text rules. */
function clearable(schema: z.ZodType<string, string>) {
  return z
    .string()
    .nullable()
    .transform((value, ctx) => {
      if (value === null || value.trim() === '') return null;
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    });
}

/**
 * `PATCH /api/home/parts/:key` (L4): the fields a partner corrects, with the same rules as the room's
 * U-turn (`shared/protocol/commands.ts` Part): a name and where it is felt are labels, what it fears a
 * note. `fears: null` (or blank) stops keeping it (L2).
 */
export const PartChanges = z.strictObject({
  name: labelText("The part's name").optional(),
  kind: PartKind.optional(),
  feltWhere: clearable(labelText('Where it is felt')).optional(),
  fears: clearable(noteText('What it fears')).optional(),
  forgotten: z.boolean().optional(),
});
export type PartChanges = z.infer<typeof PartChanges>;

/** The partner's stored edit of a part merged with new changes: a field not sent stays as it was. */
export function mergedEdit(key: string, before: PartEdit | undefined, changes: PartChanges): PartEdit {
  const edit: PartEdit = { ...before, key };
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined) Object.assign(edit, { [field]: value });
  }
  return edit;
}
