import { type DocAccess, type DocRef, docAccess, type RoomState, type Seat } from '../../shared/index.ts';

/**
 * For the pure tests of `docAccess`, the one rule for documents (the upgrade and DocHub both ask it):
 * every seat's access to every document in a state, to compare with a table written out by hand
 * from SPEC D2–D6 and D10.
 */
export const DOCS = ['record', 'notes', 'therapist-notes', 'draft/A', 'draft/B'] as const;
export type Doc = (typeof DOCS)[number];

export function ref(doc: Doc): DocRef {
  if (doc === 'draft/A' || doc === 'draft/B')
    return { roomId: 'room-1', kind: 'draft', seat: doc === 'draft/A' ? 'A' : 'B' };
  return { roomId: 'room-1', kind: doc };
}

export function table(state: RoomState, seats: readonly Seat[]) {
  return Object.fromEntries(
    seats.map((seat) => [
      seat,
      Object.fromEntries(DOCS.map((doc) => [doc, docAccess(ref(doc), seat, state)])),
    ]),
  ) as Record<Seat, Record<Doc, DocAccess>>;
}

export const THERAPY_SEATS = ['therapist', 'A', 'B'] as const;
export const PRACTICE_SEATS = ['A', 'B', 'therapist'] as const;
