import type { ClientCommandType } from '../protocol/commands.ts';
import { isPartner, otherPartner, type PartnerSeat, type Seat, seatsOf } from '../protocol/seats.ts';
import { type RoundStep, STEP_ACTOR } from '../protocol/steps.ts';
import { type Decision, reject } from './decision.ts';
import type { RoomState, Round } from './state.ts';

/** Who moderates: the therapist in a therapy room; in practice the room moderates and either partner steers. */
export function isModerator(state: RoomState, seat: Seat): boolean {
  return state.mode === 'therapy' ? seat === 'therapist' : isPartner(seat);
}

export function roleOf(round: Round, seat: Seat): 'speaker' | 'listener' | null {
  if (!isPartner(seat) || round.speaker === null) return null;
  return round.speaker === seat ? 'speaker' : 'listener';
}

export function listenerOf(round: Round): PartnerSeat | null {
  return round.speaker === null ? null : otherPartner(round.speaker);
}

/** What a partner may still do while the room is paused (T20). */
const PASSES_PAUSE = new Set<ClientCommandType>([
  'resume',
  'pause',
  'timeOut',
  'safetyPause',
  'shareSafetyPlan',
  'shareDraft',
  'requestEnd',
  'confirmEnd',
  'cancelEnd',
]);

/** What a partner asked for a U-turn may still do before naming the part (T23). */
const PASSES_U_TURN = new Set<ClientCommandType>(['uTurn', 'pause', 'timeOut', 'safetyPause', 'resume']);

/**
 * The checks every client command passes before its own rules: the seat exists in this room, the
 * session is open, the partner was let in, and no lock (witness, direct access, U-turn, pause) holds.
 * Returns a rejection, or null to go on.
 */
export function commonGuards(state: RoomState, seat: Seat, type: ClientCommandType): Decision | null {
  if (!seatsOf(state.mode).includes(seat))
    return reject('not_allowed', 'A practice room has no therapist seat.');
  if (state.stage === 'ended') return reject('session_ended');
  if (!isPartner(seat)) return null;
  if (!state.admitted[seat]) return reject('not_admitted');
  if (type === 'safetyPause') return null; // the safe word always works (T30)
  const direct = state.directAccess;
  if (direct?.witness === seat) return reject('witness_locked');
  if (direct?.seat === seat && type !== 'directSay' && type !== 'uTurn') return reject('direct_access');
  if (state.uTurnRequests[seat] && !PASSES_U_TURN.has(type)) return reject('in_u_turn');
  if (state.pause && !PASSES_PAUSE.has(type)) return reject('paused');
  return null;
}

/** The round, if the room is in one, and the seat is the one who acts at one of `steps`. */
export function stepTurn(state: RoomState, seat: Seat, steps: readonly RoundStep[]): Round | Decision {
  const round = state.round;
  if (state.stage !== 'round' || round === null || !steps.includes(round.step)) return reject('wrong_step');
  const actor = STEP_ACTOR[round.step];
  if (actor === 'moderator') return isModerator(state, seat) ? round : reject('not_allowed');
  if (actor === 'speaker' && round.step === 'request_floor' && round.speaker === null) {
    return isPartner(seat) ? round : reject('not_your_turn');
  }
  return roleOf(round, seat) === actor ? round : reject('not_your_turn');
}

export function isDecision(value: Round | Decision): value is Decision {
  return 'ok' in value;
}
