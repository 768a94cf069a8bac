import type { RoomState } from '../engine/state.ts';
import { exhaustive } from '../exhaustive.ts';
import { isPartner, type Seat, seatsOf } from '../protocol/seats.ts';
import type { DocRef } from './names.ts';

export type DocAccess = 'none' | 'read' | 'write';

/**
 * What a seat may do with a room's document, given the room's state (D1–D6, D10). Pure, so the server
 * checks it at the upgrade and again whenever an event changes it.
 */
export function docAccess(ref: DocRef, seat: Seat, state: RoomState): DocAccess {
  if (!seatsOf(state.mode).includes(seat)) return 'none';
  if (isPartner(seat) && !state.admitted[seat]) return 'none'; // D1: the waiting room sees no document
  if (state.stage === 'ended') return accessAfterEnd(ref, seat);
  switch (ref.kind) {
    case 'record':
      return 'read'; // D2: written by the server alone
    case 'notes':
      return 'write'; // D5
    case 'therapist-notes':
      return seat === 'therapist' ? 'write' : 'none'; // D6
    case 'draft':
      if (seat === ref.seat) return 'write'; // D3
      if (seat === 'therapist') return 'read';
      // D4: the other partner reads it only while both partners chose to share, and the therapist
      // has not hidden drafts. Both, so neither watches the other type without being watched too.
      return state.draftSharing.A && state.draftSharing.B && state.draftsVisibleToPartner ? 'read' : 'none';
    default:
      return exhaustive(ref, 'document');
  }
}

/**
 * D10: the session is over, so nothing is written any more, and only what a seat keeps from it stays
 * readable: the record and the shared notes, a partner's own draft, the therapist's own notes. Another
 * partner's draft was only ever lent while the session ran (D4), so it is not kept.
 */
function accessAfterEnd(ref: DocRef, seat: Seat): DocAccess {
  switch (ref.kind) {
    case 'record':
    case 'notes':
      return 'read';
    case 'therapist-notes':
      return seat === 'therapist' ? 'read' : 'none';
    case 'draft':
      return seat === ref.seat ? 'read' : 'none';
    default:
      return exhaustive(ref, 'document');
  }
}
