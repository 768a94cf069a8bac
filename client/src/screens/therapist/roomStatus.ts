import {
  type ClosingNote,
  checkPartSpeaking,
  currentRound,
  type Entry,
  type HeldRound,
  otherPartner,
  PARTNER_SEATS,
  type PartnerSeat,
  type RoomState,
  type RoundStep,
  roleOf as roleInRound,
  STEP_ACTOR,
} from '../../../../shared/index.ts';
import { partnerName } from '../../components/names.ts';
import { STEP_COPY } from '../../steps.ts';

/** What the console says about the room, worked out from the state alone (tests/client/consoleStatus.test.ts). */

const STAGE_TITLE: Record<RoomState['stage'], string> = {
  contract: 'Ground rules',
  checkin: 'Check-in',
  round: 'Round',
  closing: 'Closing',
  ended: 'Ended',
};

export function where(state: RoomState): string {
  const round = currentRound(state);
  if (!round) return STAGE_TITLE[state.stage];
  const topic = round.floor === 'held' && round.topic ? ` · “${round.topic}”` : '';
  return `Round ${round.number} · ${STEP_COPY[round.step].title}${topic}`;
}

export function pauseLabel(kind: NonNullable<RoomState['pause']>['kind']): string {
  return {
    pause: 'Paused',
    time_out: 'Time-out',
    safety: 'Safety pause',
    connection: 'Paused: a connection dropped',
    breathing: 'Breathing pause',
    break: 'Break',
  }[kind];
}

/** What should happen next, in a few words: who acts, or what the therapist might do. */
export function nextAction(state: RoomState): string {
  // I12, I16: a breathing pause ends by itself; a break waits for the couple to come back.
  if (state.pause?.kind === 'breathing') return 'The breathing pause ends by itself.';
  if (state.pause) return 'Resume when it is right.';
  if (state.endRequested) return 'Confirm or cancel the end.';
  if (!state.admitted.A || !state.admitted.B) return 'Next: let the partners in.';
  const round = currentRound(state);
  switch (state.stage) {
    case 'contract':
      return 'Next: both agree to the ground rules.';
    case 'checkin':
      return 'Next: the check-in (or skip it).';
    case 'closing':
      return 'Next: each shares a closing note; then end the session.';
    case 'ended':
      return 'The session has ended.';
    case 'round':
      if (!round || round.floor === 'open')
        return 'Next: a partner asks for the floor (or choose who speaks first).';
      if (round.step === 'next') return 'Next: swap roles or move to closing.';
      return `Next: ${partnerName(actorOf(round.speaker, round.step), state.partners)}'s move.`;
  }
}

export function actorOf(speaker: PartnerSeat, step: RoundStep): PartnerSeat {
  return STEP_ACTOR[step] === 'listener' ? otherPartner(speaker) : speaker;
}

export function roleOf(state: RoomState, seat: PartnerSeat): string | null {
  if (state.directAccess?.witness === seat) return 'witness';
  const round = currentRound(state);
  if (round?.floor !== 'held') return null;
  return round.speaker === seat ? 'speaker' : 'listener';
}

/** What a partner is doing now, without repeating the step's name (the strip shows it once). */
export function doing(state: RoomState, seat: PartnerSeat): string {
  if (!state.admitted[seat]) return 'not in yet';
  if (state.directAccess?.seat === seat) return 'talking with you';
  if (state.directAccess?.witness === seat) return 'witnessing';
  if (state.uTurnRequests[seat]) return 'asked for a U-turn';
  switch (state.stage) {
    case 'contract':
      return state.contract[seat] ? 'agreed' : 'reading the ground rules';
    case 'checkin':
      return state.checkIns[seat] ? 'checked in' : 'checking in';
    case 'closing':
      return state.closing[seat] ? 'shared a closing note' : 'writing a closing note';
    case 'ended':
      return 'session ended';
    case 'round': {
      const round = state.round;
      if (round.floor === 'open') return 'may ask for the floor';
      if (round.step === 'next') return 'done with this round';
      return actorOf(round.speaker, round.step) === seat ? 'their move' : 'waiting';
    }
  }
}

/** A repair with words in it that the other partner has not answered yet (T18). */
export function unansweredRepairs(state: RoomState): PartnerSeat[] {
  return PARTNER_SEATS.filter((seat) => {
    const note = state.closing[seat];
    // I32: a repair offered during the round waits for its answer just the same.
    const offered = state.repairOffers.some((offer) => offer.seat === seat && offer.answer === null);
    return (note !== undefined && hasRepair(note) && note.repairAccepted === undefined) || offered;
  });
}

export function hasRepair(note: ClosingNote): boolean {
  const repair = note.repair;
  return Boolean(repair && (repair.whatSetMeUp || repair.myPart || repair.apology));
}

/**
 * Where the room is, as far as a draft is concerned: when this changes, what was typed before belongs
 * to a step that is over (issue 9 §7: a notice belongs to the step it was about).
 */
export function draftStepKey(state: RoomState, seat: PartnerSeat): string {
  const round = state.stage === 'round' ? state.round : null;
  return [
    state.stage,
    round?.number ?? '',
    round?.step ?? '',
    round?.floor === 'held' ? (round.rephrasing ?? '') : '',
    state.directAccess?.seat ?? '',
    state.uTurnRequests[seat]?.at ?? '',
  ].join('|');
}

/**
 * Whether the therapist can set these words aside now (T24, T26): they stand, in a round someone
 * holds, and their author still acts at their step — the engine's own guard, so the console offers
 * only what it would accept.
 */
export function canSetAside(round: HeldRound, entry: Entry): boolean {
  return entry.setAside === null && roleInRound(round, entry.seat) === STEP_ACTOR[entry.step];
}

/**
 * What the console's own "Who is speaking?" button flags (T24): the speaker's newest words that can
 * still be set aside — a piece or a correction is what usually comes from a part; after a reflection
 * the newest words are the listener's, which are rarely the ones that need it. Only when the speaker
 * has none does it fall back to the newest words that can be set aside; every other entry has its
 * own button in the conversation.
 */
export function whoIsSpeakingTarget(round: HeldRound): Entry | undefined {
  return (
    round.entries.findLast((entry) => entry.seat === round.speaker && canSetAside(round, entry)) ??
    round.entries.findLast((entry) => canSetAside(round, entry))
  );
}

/** Every entry of the session, oldest first: the rounds that are over, then the one running. */
export function sessionEntries(state: RoomState): Entry[] {
  const round = currentRound(state);
  return [...state.previousRounds, ...(round ? [round] : [])].flatMap((r) => r.entries);
}

/**
 * How many part-speaking patterns (W1–W4) each partner's words held this session: counts only, so
 * the strip never repeats what anyone wrote. Set-aside words count too: they were said.
 */
export function partSpeakingCounts(state: RoomState): Record<PartnerSeat, number> {
  const counts = { A: 0, B: 0 };
  for (const entry of sessionEntries(state)) {
    for (const text of [entry.text, entry.ownParts, entry.request]) {
      if (text) counts[entry.seat] += checkPartSpeaking(text).patterns.length;
    }
  }
  return counts;
}
