import { CONTEMPT_STEPS } from '../../protocol/commands.ts';
import { otherPartner } from '../../protocol/seats.ts';
import { type Decision, type DraftEvent, reject } from '../decision.ts';
import { isDecision, stepTurn } from '../guards.ts';
import { optional } from '../optional.ts';
import type { RoomState } from '../state.ts';
import type { Handlers } from './handler.ts';

/**
 * Part C of issue 11, the therapist's moves (shared/SPEC.md I20–I29): direct access begins with the
 * partner's consent and ends with the witness's turn; "stop contempt" is a guided sequence; the
 * therapist chooses the listener's response after the summary.
 */

/** T37: in a written room what is said is typed; in a spoken room it was said on the call. */
function missingText(state: RoomState, text: string | undefined, what: string): Decision | null {
  if (text !== undefined || state.talk === 'spoken') return null;
  return reject('bad_request', `${what} is missing: in a written room it is written (or skip it).`);
}

/** The room's piece limit (T38) holds for the witness's line and the response too. */
function overLimit(state: RoomState, text: string | undefined, what: string): Decision | null {
  if (text === undefined || text.length <= state.pieceLimit) return null;
  return reject('too_long', `${what} can be at most ${state.pieceLimit} characters in this room.`);
}

/** The order of the guided sequence after the stop itself (I24). */
const CONTEMPT_ORDER = ['stop', ...CONTEMPT_STEPS] as const;

function contemptIndex(step: (typeof CONTEMPT_ORDER)[number]): number {
  return CONTEMPT_ORDER.indexOf(step);
}

export const therapistMoveHandlers: Handlers<
  | 'askDirectAccess'
  | 'answerDirectAccess'
  | 'withdrawDirectAccess'
  | 'witnessSay'
  | 'skipWitness'
  | 'contemptStep'
  | 'endContempt'
  | 'chooseResponse'
  | 'respondFromHeart'
> = {
  askDirectAccess(state, { seat }) {
    // I20: one ask, one direct access, at a time; the witness's turn comes before another.
    if (state.directAccess) return reject('already_done', 'Direct access is already running.');
    if (state.directAccessAsk) return reject('already_done', 'A partner has not answered the last ask yet.');
    if (state.witnessTurn)
      return reject('invalid_target', 'The witness has not said what they noticed yet (or skip it).');
    return [{ type: 'directAccessAsked', seat }];
  },

  answerDirectAccess(state, { yes }, seat) {
    const ask = state.directAccessAsk;
    if (!ask || ask.seat !== seat) return reject('invalid_target', 'Your therapist has not asked you that.');
    // I20: yes starts direct access as before (T25); "not now" is recorded and changes nothing else.
    return yes
      ? [{ type: 'directAccessStarted', seat, witness: otherPartner(seat) }]
      : [{ type: 'directAccessDeclined', seat }];
  },

  withdrawDirectAccess(state) {
    const ask = state.directAccessAsk;
    if (!ask) return reject('invalid_target', 'There is no unanswered ask to withdraw.');
    return [{ type: 'directAccessWithdrawn', seat: ask.seat }];
  },

  witnessSay(state, { text }, seat) {
    const turn = state.witnessTurn;
    if (!turn) return reject('wrong_step', 'There is no witness turn now.');
    if (turn.seat !== seat) return reject('not_your_turn', 'This turn is the witness’s.');
    return (
      missingText(state, text, 'What you noticed') ??
      overLimit(state, text, 'What you noticed') ?? [{ type: 'witnessSaid', seat, ...optional('text', text) }]
    );
  },

  skipWitness(state, _command, seat) {
    const turn = state.witnessTurn;
    if (!turn) return reject('wrong_step', 'There is no witness turn now.');
    // I22: the witness or the therapist; never the partner who was in direct access.
    if (seat !== 'therapist' && seat !== turn.seat)
      return reject('not_your_turn', 'This turn is the witness’s.');
    return [{ type: 'witnessSkipped', seat: turn.seat }];
  },

  contemptStep(state, { step }) {
    const contempt = state.contempt;
    if (!contempt) return reject('invalid_target', 'No stop-contempt sequence is running.');
    // I24: forward only — the therapist may leave out a step, never go back to one.
    if (contemptIndex(step) <= contemptIndex(contempt.step))
      return reject('invalid_target', 'That step of the sequence is already behind.');
    const taken: DraftEvent = { type: 'contemptStepTaken', seat: contempt.seat, step };
    if (step !== 'u_turn' || state.uTurnRequests[contempt.seat]) return [taken];
    return [taken, { type: 'uTurnRequested', seat: contempt.seat }];
  },

  endContempt(state) {
    const contempt = state.contempt;
    if (!contempt) return reject('invalid_target', 'No stop-contempt sequence is running.');
    return [{ type: 'contemptEnded', seat: contempt.seat }];
  },

  chooseResponse(state, { response }) {
    if (state.response === response) return reject('already_done', 'That response is already chosen.');
    return [{ type: 'responseChosen', response }];
  },

  respondFromHeart(state, { text }, seat) {
    // I28: at `validate`, in a round whose confirmed summary was followed by "respond from your heart".
    const turn = stepTurn(state, seat, ['validate']);
    if (isDecision(turn)) return turn;
    if (turn.round.responding !== 'heart')
      return reject('wrong_step', 'Your therapist asked for what makes sense to you, then empathy.');
    return (
      missingText(state, text, 'Your response') ??
      overLimit(state, text, 'Your response') ?? [
        {
          type: 'respondedFromHeart',
          seat: turn.seat,
          ...optional('text', text),
          ...(turn.round.rephrasing === null ? {} : { rephrases: turn.round.rephrasing }),
        },
      ]
    );
  },
};

/**
 * I28: at `validate` in a round whose response is "from the heart" (or after the therapist skipped
 * to the landing), the chain's own commands are refused, saying what to do instead.
 */
export function chainRefused(state: RoomState): Decision | null {
  if (state.stage !== 'round' || state.round.floor !== 'held') return null;
  if (state.round.step !== 'validate' || state.round.responding !== 'heart') return null;
  return reject('wrong_step', 'Your therapist asked for one response from your heart.');
}
