import type { PartnerSeat } from '../../protocol/seats.ts';
import { followingStep, STEP_ACTOR, stepIndex } from '../../protocol/steps.ts';
import { type DraftEvent, reject } from '../decision.ts';
import { currentRound, type Entry, type HeldRound, roleOf } from '../state.ts';
import type { Handlers } from './handler.ts';

/**
 * Whether an entry can be set aside and said again (T24, T26): it stands, and its author still acts
 * at its step in this round (after a "not now" in round 1 the floor may have passed to the other).
 */
function mayBeSaidAgain(round: HeldRound, entry: Entry): boolean {
  return entry.setAside === null && roleOf(round, entry.seat) === STEP_ACTOR[entry.step];
}

/**
 * The entry a "stop contempt" is about (T26): the one named; by default that partner's latest words,
 * when they are the round's latest and the other partner's step is running — what the other partner
 * is answering now. While the partner's own step runs, the contempt was said aloud or is about to be
 * written, and no earlier words are set aside by guessing.
 */
function contemptTarget(round: HeldRound | null, seat: PartnerSeat, entrySeq: number | undefined) {
  if (round === null) return entrySeq === undefined ? null : 'none';
  if (entrySeq !== undefined) {
    const entry = round.entries.find((e) => e.seq === entrySeq);
    return entry && entry.seat === seat && mayBeSaidAgain(round, entry) ? entry : 'none';
  }
  if (roleOf(round, seat) === STEP_ACTOR[round.step]) return null;
  const last = round.entries.at(-1);
  return last && last.seat === seat && mayBeSaidAgain(round, last) ? last : null;
}

/** What the therapist (and, for a U-turn, a practice partner) steps in with (T23–T27). */
export const interventionHandlers: Handlers<
  'requestUTurn' | 'markFromPart' | 'directSay' | 'endDirectAccess' | 'stopContempt' | 'rewind' | 'skipStep'
> = {
  requestUTurn(state, command, seat) {
    // T23: in practice each partner may ask only for their own.
    if (state.mode === 'practice' && seat !== command.seat)
      return reject('not_allowed', 'Each of you can ask for your own U-turn.');
    if (state.uTurnRequests[command.seat]) return reject('already_done');
    return [{ type: 'uTurnRequested', seat: command.seat }];
  },

  markFromPart(state, { entrySeq }) {
    // T24: any entry of the current round, not only the latest (after a reflection, the latest is
    // the listener's, rarely the one that needs it).
    const round = currentRound(state);
    const entry = round?.entries.find((e) => e.seq === entrySeq);
    if (!round || !entry)
      return reject('invalid_target', 'Only an entry of the current round can be marked.');
    if (entry.setAside !== null) return reject('already_done', 'Those words are already set aside.');
    // Its author says it again: after a rewind and a "not now" freed the floor, nobody can.
    if (round.floor === 'open') return reject('invalid_target', 'Nobody has the floor yet.');
    if (!mayBeSaidAgain(round, entry))
      return reject('invalid_target', 'Whoever said that no longer has that step in this round.');
    return [{ type: 'entryMarkedFromPart', entrySeq, step: entry.step }];
  },

  directSay(state, command, seat) {
    if (!state.directAccess) return reject('wrong_step');
    if (seat !== 'therapist' && seat !== state.directAccess.seat) return reject('witness_locked');
    return [{ type: 'directSaid', seat, text: command.text }];
  },

  endDirectAccess(state) {
    if (!state.directAccess) return reject('invalid_target', 'Nobody is in direct access.');
    // I22: the witness's turn to say what they noticed opens as it ends.
    return [{ type: 'directAccessEnded', witness: state.directAccess.witness }];
  },

  stopContempt(state, { seat, entrySeq }) {
    // T26: the words it is about are set aside — nobody is left answering them. I24: it begins the
    // guided sequence, whose last step asks for the U-turn; one sequence at a time.
    if (state.contempt)
      return reject('already_done', 'A stop-contempt sequence is running: take its next step or end it.');
    const round = currentRound(state);
    const target = contemptTarget(round?.floor === 'held' ? round : null, seat, entrySeq);
    if (target === 'none')
      return reject('invalid_target', "That is not one of this partner's words that stand in this round.");
    const stopped: DraftEvent = target
      ? { type: 'contemptStopped', seat, entrySeq: target.seq, step: target.step, guided: true }
      : { type: 'contemptStopped', seat, guided: true };
    return [stopped];
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
    if (round.floor === 'open') return reject('invalid_target', 'Nobody has the floor yet.');
    // I28: in a round answered "from the heart", that one response stands for validation and
    // empathy, so skipping it goes to the landing, as the response itself would.
    const heart = round.step === 'validate' && round.responding === 'heart';
    const to = heart ? 'landing' : followingStep(round.step);
    if (to === null) return reject('invalid_target', 'Swap roles or close from here.');
    return [{ type: 'stepSkipped', from: round.step, to }];
  },
};
