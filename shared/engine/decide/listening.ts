import { exhaustive } from '../../exhaustive.ts';
import type { SelfQuality } from '../../protocol/commands.ts';
import type { PartnerSeat } from '../../protocol/seats.ts';
import { type Decision, reject } from '../decision.ts';
import { isDecision, stepTurn } from '../guards.ts';
import { optional } from '../optional.ts';
import type { RoomState } from '../state.ts';
import type { Handlers } from './handler.ts';

/**
 * Listening inside (issue 11 §1–§2, I1–I9): the listener turns inward before listening, and a partner
 * checks how they feel toward a part. None of these moves a step or locks one (I4, I6): the method
 * invites, it does not force.
 */
export const listeningHandlers: Handlers<'nameListeningPart' | 'askListeningHelp' | 'checkSelf'> = {
  nameListeningPart(state, { part }, seat) {
    const turn = stepTurn(state, seat, ['listener_ready']);
    if (isDecision(turn)) return turn;
    // I2, T37: in a spoken room the part may be named aloud; the tap still tells the therapist.
    if (part === undefined && state.talk === 'written')
      return reject('bad_request', "The part's name is missing: in a written room each step is written.");
    return [{ type: 'listeningPartNamed', seat: turn.seat, ...optional('part', part) }];
  },

  askListeningHelp(state, _command, seat) {
    const turn = stepTurn(state, seat, ['listener_ready']);
    return isDecision(turn) ? turn : [{ type: 'listeningHelpAsked', seat: turn.seat }];
  },

  checkSelf(state, { moment, qualities, notYet }, seat) {
    const answer = answerError(qualities, notYet);
    switch (moment) {
      case 'u_turn': {
        // I5: after the U-turn, before speaking for the part: the speaker at `speak`.
        const turn = stepTurn(state, seat, ['speak']);
        if (isDecision(turn)) return turn;
        return answer ?? [{ type: 'selfChecked', seat: turn.seat, moment, qualities, notYet }];
      }
      case 'start':
      case 'end': {
        // I7: the light check at the start (check-in) and the end (closing), once each.
        const stage = moment === 'start' ? 'checkin' : 'closing';
        if (state.stage !== stage) return reject('wrong_step');
        if (alreadyChecked(state, seat, moment))
          return reject('already_done', 'You have already answered this for today.');
        return answer ?? [{ type: 'selfChecked', seat, moment, qualities, notYet }];
      }
      default:
        return exhaustive(moment, 'Self check moment');
    }
  },
};

/** I5: some of the qualities, each once, or "I'm not there yet" alone. */
function answerError(qualities: readonly SelfQuality[], notYet: boolean): Decision | null {
  if (new Set(qualities).size !== qualities.length) return reject('bad_request', 'Choose each word once.');
  if (notYet && qualities.length > 0)
    return reject('bad_request', '"I\'m not there yet" stands on its own: leave the other words unchosen.');
  if (!notYet && qualities.length === 0)
    return reject('bad_request', 'Choose at least one word, or "I\'m not there yet".');
  return null;
}

function alreadyChecked(state: RoomState, seat: PartnerSeat, moment: 'start' | 'end'): boolean {
  return state.selfChecks.some((check) => check.seat === seat && check.moment === moment);
}
