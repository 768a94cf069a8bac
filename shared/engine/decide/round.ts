import { isPartner, type Seat } from '../../protocol/seats.ts';
import { ConfirmStepName, type RoundStep } from '../../protocol/steps.ts';
import { type Decision, type DraftEvent, reject } from '../decision.ts';
import { isDecision, stepTurn, type Turn } from '../guards.ts';
import { optional } from '../optional.ts';
import { pendingShorterAsk } from '../pace.ts';
import { currentRound, type HeldRound, listenerOf, type RoomState } from '../state.ts';
import type { Handlers, Outcome } from './handler.ts';
import { chainRefused } from './therapistMoves.ts';

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

/**
 * T37: in a written room each step's words are typed, so a step without them is refused; in a spoken
 * room they were said aloud on the call, and what is typed is only a word or two for the record.
 */
function missing(state: RoomState, given: unknown, what: string): Decision | null {
  if (given !== undefined || state.talk === 'spoken') return null;
  return reject('bad_request', `${what} is missing: in a written room each step is written.`);
}

/** An entry with text at one step: refused in a written room when the text is missing (T37). */
function said(
  state: RoomState,
  seat: Seat,
  step: RoundStep,
  text: string | undefined,
  what: string,
  make: (turn: Turn<RoundStep>) => DraftEvent,
) {
  return atTurn(state, seat, [step], (turn) => missing(state, text, what) ?? [make(turn)]);
}

/**
 * T38: a piece and a correction keep to the room's limit ("a sentence or two"); the screen shows a
 * counter before sending, so this is never a surprise.
 */
function tooLong(state: RoomState, text: string | undefined, what: string): Decision | null {
  if (text === undefined || text.length <= state.pieceLimit) return null;
  return reject(
    'too_long',
    `${what} can be at most ${state.pieceLimit} characters in this room — a sentence or two. Send the rest as another piece.`,
  );
}

/** `tooLong`, after the turn guard (T35): only the partner whose step it is hears about the limit. */
function tooLongAt(state: RoomState, seat: Seat, step: RoundStep, text: string | undefined, what: string) {
  const turn = stepTurn(state, seat, [step]);
  return isDecision(turn) ? null : tooLong(state, text, what);
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
  | 'askShorter'
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
    const topic = optional('topic', command.topic);
    if (currentRound(state)?.floor === 'open') {
      if (!isPartner(seat)) return reject('not_your_turn');
      return missing(state, command.topic, 'The topic') ?? [{ type: 'floorRequested', seat, ...topic }];
    }
    return atTurn(
      state,
      seat,
      ['request_floor'],
      (turn) =>
        missing(state, command.topic, 'The topic') ?? [{ type: 'floorRequested', seat: turn.seat, ...topic }],
    );
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

  proposeLater: (state, command, seat, now) =>
    atTurn(state, seat, ['listener_ready'], (turn) => [
      {
        type: 'floorDeclined',
        seat: turn.seat,
        ...optional('when', command.when),
        // T7: "not now — in ten minutes": the time both screens remind them at.
        ...optional('until', command.minutes === undefined ? undefined : now + command.minutes * 60_000),
      },
    ]),

  askShorter(state, _command, seat) {
    // T38: the listener's "Shorter, please", while the speaker holds the floor at `speak`.
    const round = currentRound(state);
    if (round?.floor !== 'held' || round.step !== 'speak') return reject('wrong_step');
    const listener = listenerOf(round);
    if (listener !== seat) return reject('not_your_turn', 'Only the listener asks for shorter pieces.');
    if (pendingShorterAsk(state)) return reject('already_done', 'Your partner has been asked already.');
    return [{ type: 'shorterAsked', seat: listener }];
  },

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
    // T8, T37: in a spoken room the part may be named aloud, so "I've turned inward" is one tap.
    const named = optional('part', part);
    if (state.uTurnRequests[seat] || state.directAccess?.seat === seat) {
      return (
        missing(state, part, "The part's name") ?? [{ type: 'partNamed', seat, requested: true, ...named }]
      );
    }
    return atTurn(
      state,
      seat,
      ['u_turn', 'speak'],
      () =>
        missing(state, part, "The part's name") ?? [{ type: 'partNamed', seat, requested: false, ...named }],
    );
  },

  speak: (state, { text }, seat) =>
    tooLongAt(state, seat, 'speak', text, 'A piece') ??
    said(state, seat, 'speak', text, 'The piece', ({ round, seat: speaker }) => ({
      // T9, A11: the part named at this round's own U-turn or speak step — never `state.parts`,
      // which also holds parts named in private (a U-turn asked for elsewhere, direct access).
      type: 'spoke',
      seat: speaker,
      ...optional('text', text),
      part: round.speakerPart,
      ...rephrase(round),
    })),

  reflect: (state, { text }, seat) =>
    said(state, seat, 'reflect', text, 'The reflection', (t) => ({
      type: 'reflected',
      seat: t.seat,
      ...optional('text', text),
      ...rephrase(t.round),
    })),

  summarize: (state, { text }, seat) =>
    said(state, seat, 'summary', text, 'The summary', (t) => ({
      type: 'summarized',
      seat: t.seat,
      ...optional('text', text),
      ...rephrase(t.round),
    })),

  empathize: (state, { text }, seat) =>
    said(state, seat, 'empathy', text, 'The empathy', (t) => ({
      type: 'empathized',
      seat: t.seat,
      ...optional('text', text),
      ...rephrase(t.round),
    })),

  validate: (state, { text, ownParts }, seat) =>
    (isDecision(stepTurn(state, seat, ['validate'])) ? null : chainRefused(state)) ??
    said(state, seat, 'validate', text, 'What makes sense', (t) => ({
      type: 'validated',
      seat: t.seat,
      ...optional('text', text),
      ...optional('ownParts', ownParts),
      ...rephrase(t.round),
    })),

  land: (state, { text, request }, seat) =>
    said(state, seat, 'landing', text, 'How it landed', (t) => ({
      type: 'landed',
      seat: t.seat,
      ...optional('text', text),
      ...optional('request', request),
      ...rephrase(t.round),
    })),

  confirm: (state, { more }, seat) =>
    atTurn(state, seat, ConfirmStepName.options, (turn) => {
      const confirmed: DraftEvent = { type: 'confirmed', seat: turn.seat, step: turn.step };
      if (more === undefined) return [confirmed];
      // T11: "Yes, you got it" and the answer to "is there more?" in one tap, each its own event.
      if (turn.step !== 'confirm')
        return reject('bad_request', '"Is there more?" is asked only after a reflection is confirmed.');
      return [confirmed, { type: 'moreAnswered', seat: turn.seat, more }];
    }),

  correct: (state, { text }, seat) =>
    atTurn(
      state,
      seat,
      ConfirmStepName.options,
      (turn) =>
        missing(state, text, 'What was missed') ??
        tooLong(state, text, 'What was missed') ?? [
          {
            type: 'corrected',
            seat: turn.seat,
            step: turn.step,
            ...optional('text', text),
            ...rephrase(turn.round),
          },
        ],
    ),

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
