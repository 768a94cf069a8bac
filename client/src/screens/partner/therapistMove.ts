import { currentRound, type PartnerSeat, type RoomState } from '../../../../shared/index.ts';

type Move = 'consent' | 'witness' | 'contempt' | 'heart';

/**
 * Which of the therapist's moves takes this partner's screen now, if any. Apart from the card that
 * shows it (TherapistMoves.tsx, loaded when first needed) so the room can ask without loading it.
 */
export function therapistMoveFor(state: RoomState, me: PartnerSeat): Move | null {
  // The ask is answered whatever holds the room (I20); the others wait while it is paused.
  if (state.directAccessAsk?.seat === me) return 'consent';
  if (state.pause || state.directAccess) return null;
  if (state.witnessTurn) return 'witness';
  if (state.contempt) return 'contempt';
  const round = currentRound(state);
  if (round?.floor === 'held' && round.step === 'validate' && round.responding === 'heart') return 'heart';
  return null;
}
