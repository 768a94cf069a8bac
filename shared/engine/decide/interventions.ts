import { otherPartner } from '../../protocol/seats.ts';
import { followingStep, stepIndex } from '../../protocol/steps.ts';
import { reject } from '../decision.ts';
import { currentRound } from '../state.ts';
import type { Handlers } from './handler.ts';

/** What the therapist (and, for a U-turn, a practice partner) steps in with (T23–T27). */
export const interventionHandlers: Handlers<
  | 'requestUTurn'
  | 'markFromPart'
  | 'startDirectAccess'
  | 'directSay'
  | 'endDirectAccess'
  | 'stopContempt'
  | 'rewind'
  | 'skipStep'
> = {
  requestUTurn(state, command, seat) {
    // T23: in practice each partner may ask only for their own.
    if (state.mode === 'practice' && seat !== command.seat)
      return reject('not_allowed', 'Each of you can ask for your own U-turn.');
    if (state.uTurnRequests[command.seat]) return reject('already_done');
    return [{ type: 'uTurnRequested', seat: command.seat }];
  },

  markFromPart(state, { entrySeq }) {
    const round = currentRound(state);
    const last = round?.entries.at(-1);
    if (!round || !last || last.seq !== entrySeq) {
      return reject('invalid_target', 'Only the latest entry of the round can be marked.');
    }
    if (last.fromPart) return reject('already_done');
    // Its author says it again (T24): after a rewind and a "not now" freed the floor, nobody can.
    if (round.floor === 'open') return reject('invalid_target', 'Nobody has the floor yet.');
    return [{ type: 'entryMarkedFromPart', entrySeq, step: last.step }];
  },

  startDirectAccess(state, command) {
    if (state.directAccess) return reject('already_done');
    return [{ type: 'directAccessStarted', seat: command.seat, witness: otherPartner(command.seat) }];
  },

  directSay(state, command, seat) {
    if (!state.directAccess) return reject('wrong_step');
    if (seat !== 'therapist' && seat !== state.directAccess.seat) return reject('witness_locked');
    return [{ type: 'directSaid', seat, text: command.text }];
  },

  endDirectAccess(state) {
    if (!state.directAccess) return reject('invalid_target', 'Nobody is in direct access.');
    return [{ type: 'directAccessEnded' }];
  },

  stopContempt(state, command) {
    const { seat } = command;
    // T26: it asks for a U-turn, unless one is already pending.
    if (state.uTurnRequests[seat]) return [{ type: 'contemptStopped', seat }];
    return [
      { type: 'contemptStopped', seat },
      { type: 'uTurnRequested', seat },
    ];
  },

  rewind(state, { to }) {
    const round = currentRound(state);
    if (round === null) return reject('wrong_step');
    // An open round is at its first step: there is nothing earlier to go back to.
    if (stepIndex(to) >= stepIndex(round.step))
      return reject('invalid_target', 'Rewind goes to an earlier step.');
    return [{ type: 'stepRewound', from: round.step, to }];
  },

  skipStep(state) {
    if (state.stage === 'checkin') return [{ type: 'stepSkipped', from: 'checkin', to: 'request_floor' }];
    if (state.stage === 'contract')
      return reject('invalid_target', 'The contract cannot be skipped: both partners agree to it first.');
    const round = currentRound(state);
    if (round === null) return reject('wrong_step');
    const to = followingStep(round.step);
    if (to === null) return reject('invalid_target', 'Swap roles or close from here.');
    if (round.floor === 'open') return reject('invalid_target', 'Nobody has the floor yet.');
    return [{ type: 'stepSkipped', from: round.step, to }];
  },
};
