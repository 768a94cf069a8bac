import type { ClientCommandType } from '../protocol/commands.ts';
import { isPartner, type PartnerSeat, type Seat, seatsOf } from '../protocol/seats.ts';
import { type RoundStep, STEP_ACTOR } from '../protocol/steps.ts';
import { type Decision, reject } from './decision.ts';
import { WHO_MAY_SEND } from './permissions.ts';
import { roundWaits } from './roundWaits.ts';
import { currentRound, type HeldRound, type RoomState, roleOf } from './state.ts';

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
  'setTalk',
  // Part D (I44, I46): where a partner is and whether they are safe matter most in a pause.
  'confirmLocation',
  'answerSafeToSpeak',
  // I15: a flooding break replaces a lighter pause, like a time-out.
  'takeBreak',
  // Part C (I20): consent is the partner's answer to the therapist, whatever holds the round.
  'answerDirectAccess',
]);

/** What a partner asked for a U-turn may still do before naming the part (T23). */
const PASSES_U_TURN = new Set<ClientCommandType>([
  'uTurn',
  'pause',
  'timeOut',
  'safetyPause',
  'resume',
  // Part D (I44, I46)
  'confirmLocation',
  'answerSafeToSpeak',
  // I10, I15: slowing down is a pause too.
  'breathe',
  'takeBreak',
  // Part C (I20): see PASSES_PAUSE.
  'answerDirectAccess',
]);

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
  // Part C (I23, I25): the round's own steps wait for the witness's turn and a guided stop-contempt.
  // An urge to speak interrupts nothing (T17), so it never waits.
  if (WHO_MAY_SEND[type].therapy === 'turn' && type !== 'urgeToSpeak') return roundWaits(state, seat);
  return null;
}

/** Where the turn guard lets a command through: the held round, its step, and the partner whose turn it is. */
export interface Turn<S extends RoundStep> {
  round: HeldRound;
  step: S;
  seat: PartnerSeat;
}

/** Whether `step` is one of `steps`, narrowing it to them. */
function isOneOf<S extends RoundStep>(steps: readonly S[], step: RoundStep): step is S {
  return steps.some((s) => s === step);
}

/**
 * The turn guard (T5, T6): the room is in a round at one of `steps`, someone holds its floor, and
 * `seat` is the partner who acts at that step. An open floor is nobody's turn: `requestFloor` takes
 * it before asking this guard (`decide/round.ts`).
 */
export function stepTurn<S extends RoundStep>(
  state: RoomState,
  seat: Seat,
  steps: readonly S[],
): Turn<S> | Decision {
  const round = currentRound(state);
  if (round === null) return reject('wrong_step');
  const step = round.step;
  if (!isOneOf(steps, step)) return reject('wrong_step');
  if (!isPartner(seat) || round.floor === 'open') return reject('not_your_turn');
  return roleOf(round, seat) === STEP_ACTOR[step] ? { round, step, seat } : reject('not_your_turn');
}

export function isDecision<T extends object>(value: T | Decision): value is Decision {
  return 'ok' in value;
}
