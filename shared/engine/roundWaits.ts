import type { Seat } from '../protocol/seats.ts';
import { type Decision, reject } from './decision.ts';
import type { RoomState } from './state.ts';

/**
 * I23, I25: while the witness's turn is open, or a guided "stop contempt" runs, the round's own steps
 * wait — what a partner sends on their turn is refused with `wrong_step`, saying why. `null`: go on.
 * Called from the common guards (`guards.ts`) for the commands `WHO_MAY_SEND` lists as `turn`.
 */
export function roundWaits(state: RoomState, seat: Seat): Decision | null {
  const witness = state.witnessTurn;
  if (witness) {
    return reject(
      'wrong_step',
      witness.seat === seat
        ? 'First say what you noticed, or skip it; then the round goes on.'
        : 'Your partner is saying what they noticed; then the round goes on.',
    );
  }
  if (state.contempt)
    return reject('wrong_step', 'Your therapist is guiding a moment with you both; then the round goes on.');
  return null;
}
