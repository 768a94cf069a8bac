import { isPartner, type Seat } from '../../protocol/seats.ts';
import { ConfirmStepName, type RoundStep } from '../../protocol/steps.ts';
import { type DraftEvent, reject } from '../decision.ts';
import { isDecision, stepTurn, type Turn } from '../guards.ts';
import { optional } from '../optional.ts';
import { currentRound, type HeldRound, listenerOf, type RoomState } from '../state.ts';
import type { Handlers, Outcome } from './handler.ts';

/** Runs `make` when `seat` acts at one of `steps` in the current round (T5–T14). */
function atTurn<S extends RoundStep>(
  state: RoomState,
  seat: Seat,
  steps: readonly S[],
  make: (turn: Turn<S>) => Outcome,
): Outcome {
  const turn = stepTurn(state, seat, steps);
  return isDecision(turn) ? turn : make(turn);
}

/** An entry at one step; carries `rephrases` when it answers "who is speaking?" (T24). */
function entry(state: RoomState, seat: Seat, step: RoundStep, make: (turn: Turn<RoundStep>) => DraftEvent) {
  return atTurn(state, seat, [step], (turn) => [make(turn)]);
}

function rephrase(round: HeldRound): { rephrases?: number } {
  return round.rephrasing === null ? {} : { rephrases: round.rephrasing };
}

/** The speaker–listener round (T5–T17): the floor, the steps, and the swap. */
export const roundHandlers: Handlers<
  | 'requestFloor'
  | 'chooseSpeaker'
  | 'listenerReady'
  | 'proposeLater'
  | 'urgeToSpeak'
  | 'uTurn'
  | 'speak'
  | 'reflect'
  | 'summarize'
  | 'empathize'
  | 'validate'
  | 'land'
  | 'confirm'
  | 'correct'
  | 'answerMore'
  | 'swapRoles'
> = {
  requestFloor(state, command, seat) {
    // T6: while nobody holds the floor, either partner may take it.
    if (currentRound(state)?.floor === 'open') {
      return isPartner(seat)
        ? [{ type: 'floorRequested', seat, topic: command.topic }]
        : reject('not_your_turn');
    }
    return atTurn(state, seat, ['request_floor'], (turn) => [
      { type: 'floorRequested', seat: turn.seat, topic: command.topic },
    ]);
  },

  chooseSpeaker(state, command) {
    // T36: before anyone asked for the floor, the therapist may say who speaks first.
    const round = currentRound(state);
    if (round?.step !== 'request_floor') return reject('wrong_step');
    if (round.floor === 'held')
      return reject('invalid_target', 'Someone already has the floor for this round.');
    return [{ type: 'speakerChosen', seat: command.seat }];
  },

  listenerReady: (state, _command, seat) =>
    atTurn(state, seat, ['listener_ready'], (turn) => [{ type: 'listenerReady', seat: turn.seat }]),

  proposeLater: (state, command, seat) =>
    atTurn(state, seat, ['listener_ready'], (turn) => [
      { type: 'floorDeclined', seat: turn.seat, ...optional('when', command.when) },
    ]),

  urgeToSpeak(state, _command, seat) {
    const round = currentRound(state);
    if (round?.floor !== 'held') return reject('wrong_step');
    const listener = listenerOf(round);
    if (listener !== seat) return reject('not_your_turn', 'Only the listener signals an urge to speak.');
    return [{ type: 'urgeToSpeak', seat: listener }];
  },

  uTurn(state, command, seat) {
    const part = command.part;
    // Outside the speaker's own U-turn step: asked for one (T23), or finding the part with the therapist (T25).
    if (state.uTurnRequests[seat] || state.directAccess?.seat === seat) {
      return [{ type: 'partNamed', seat, requested: true, part }];
    }
    return atTurn(state, seat, ['u_turn', 'speak'], () => [
      { type: 'partNamed', seat, requested: false, part },
    ]);
  },

  speak: (state, command, seat) =>
    atTurn(state, seat, ['speak'], ({ round, seat: speaker }) => [
      // T9, A11: the part named at this round's own U-turn or speak step — never `state.parts`,
      // which also holds parts named in private (a U-turn asked for elsewhere, direct access).
      { type: 'spoke', seat: speaker, text: command.text, part: round.speakerPart, ...rephrase(round) },
    ]),

  reflect: (state, { text }, seat) =>
    entry(state, seat, 'reflect', (t) => ({ type: 'reflected', seat: t.seat, text, ...rephrase(t.round) })),

  summarize: (state, { text }, seat) =>
    entry(state, seat, 'summary', (t) => ({ type: 'summarized', seat: t.seat, text, ...rephrase(t.round) })),

  empathize: (state, { text }, seat) =>
    entry(state, seat, 'empathy', (t) => ({ type: 'empathized', seat: t.seat, text, ...rephrase(t.round) })),

  validate: (state, { text, ownParts }, seat) =>
    entry(state, seat, 'validate', (t) => ({
      type: 'validated',
      seat: t.seat,
      text,
      ...optional('ownParts', ownParts),
      ...rephrase(t.round),
    })),

  land: (state, { text, request }, seat) =>
    entry(state, seat, 'landing', (t) => ({
      type: 'landed',
      seat: t.seat,
      text,
      ...optional('request', request),
      ...rephrase(t.round),
    })),

  confirm: (state, _command, seat) =>
    atTurn(state, seat, ConfirmStepName.options, (turn) => [
      { type: 'confirmed', seat: turn.seat, step: turn.step },
    ]),

  correct: (state, command, seat) =>
    atTurn(state, seat, ConfirmStepName.options, (turn) => [
      { type: 'corrected', seat: turn.seat, step: turn.step, text: command.text, ...rephrase(turn.round) },
    ]),

  answerMore: (state, command, seat) =>
    atTurn(state, seat, ['more'], (turn) => [{ type: 'moreAnswered', seat: turn.seat, more: command.more }]),

  swapRoles(state) {
    const round = currentRound(state);
    if (round === null) return reject('wrong_step');
    // In practice the room keeps the order; a therapist may swap at any point once someone has the floor.
    if (state.mode === 'practice' && round.step !== 'next') return reject('wrong_step');
    if (round.floor === 'open') return reject('invalid_target', 'Nobody has the floor yet.');
    const listener = listenerOf(round);
    return [{ type: 'rolesSwapped', round: round.number + 1, speaker: listener, listener: round.speaker }];
  },
};
