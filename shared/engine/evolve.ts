import { exhaustive } from '../exhaustive.ts';
import type { Part } from '../protocol/commands.ts';
import type { RoomEvent, SpokenPart } from '../protocol/events.ts';
import { otherPartner, type PartnerSeat } from '../protocol/seats.ts';
import { CONFIRM_STEPS, followingStep } from '../protocol/steps.ts';
import { optional } from './optional.ts';
import type { ClosingNote, Entry, RoomState, Round } from './state.ts';

export function initialState(roomId: string, mode: RoomState['mode'], at: number): RoomState {
  return {
    roomId,
    mode,
    createdAt: at,
    seq: 0,
    stage: 'contract',
    admitted: { A: mode === 'practice', B: mode === 'practice' },
    contract: {},
    safetyPlans: {},
    checkIns: {},
    round: null,
    previousRounds: [],
    directExchanges: [],
    roundsCompleted: 0,
    parts: {},
    uTurnRequests: {},
    urges: [],
    pause: null,
    directAccess: null,
    timer: null,
    endRequested: null,
    endedAt: null,
    closing: {},
    draftsVisibleToPartner: true,
    draftSharing: { A: false, B: false },
  };
}

function newRound(number: number, speaker: Round['speaker']): Round {
  return {
    number,
    speaker,
    topic: null,
    step: 'request_floor',
    entries: [],
    rephrasing: null,
    speakerPart: null,
    chosen: false,
    declined: null,
  };
}

/** Folds one event into the state. Pure: the state passed in is never changed. */
export function evolve(state: RoomState | null, event: RoomEvent): RoomState {
  if (event.type === 'roomCreated')
    return { ...initialState(event.roomId, event.mode, event.at), seq: event.seq };
  if (state === null) throw new Error(`A room's first event must be roomCreated, got ${event.type}`);
  return { ...apply(state, event), seq: event.seq };
}

/** Adds an entry to the round and moves to `step`; a pending rephrase is done once its author speaks. */
function addEntry(
  state: RoomState,
  entry: Omit<Entry, 'seq' | 'at' | 'fromPart' | 'step'>,
  event: RoomEvent,
) {
  const round = state.round as Round;
  const full: Entry = { ...entry, seq: event.seq, at: event.at, step: round.step, fromPart: false };
  const next = nextStepAfterEntry(round, full);
  return { ...state, round: { ...round, entries: [...round.entries, full], step: next, rephrasing: null } };
}

function nextStepAfterEntry(round: Round, entry: Entry) {
  if (entry.kind === 'correction' && round.step in CONFIRM_STEPS) {
    return CONFIRM_STEPS[round.step as keyof typeof CONFIRM_STEPS].corrected;
  }
  return followingStep(round.step) ?? round.step;
}

/** The floor goes to `speaker`; a part the previous speaker named stays theirs (A11). */
function floorTo(round: Round, speaker: Round['speaker']): Pick<Round, 'speaker' | 'speakerPart'> {
  return { speaker, speakerPart: speaker === round.speaker ? round.speakerPart : null };
}

function withRound(state: RoomState, patch: Partial<Round>): RoomState {
  return state.round ? { ...state, round: { ...state.round, ...patch } } : state;
}

function apply(state: RoomState, event: RoomEvent): RoomState {
  switch (event.type) {
    case 'roomCreated':
      return state; // handled in evolve
    case 'private':
      return state;
    case 'seatAdmitted':
      return { ...state, admitted: { ...state.admitted, [event.seat]: true } };
    case 'seatReissued':
      // A new link must be let in again in therapy mode: the old one may have leaked.
      return event.seat !== 'therapist' && state.mode === 'therapy'
        ? { ...state, admitted: { ...state.admitted, [event.seat]: false } }
        : state;
    case 'contractAgreed': {
      const contract = { ...state.contract, [event.seat]: { safeWord: event.safeWord, at: event.at } };
      const both = contract.A !== undefined && contract.B !== undefined;
      return { ...state, contract, stage: both && state.stage === 'contract' ? 'checkin' : state.stage };
    }
    case 'safetyPlanShared':
      return {
        ...state,
        safetyPlans: { ...state.safetyPlans, [event.seat]: { plan: event.plan, at: event.at } },
      };
    case 'checkedIn':
      return {
        ...state,
        checkIns: {
          ...state.checkIns,
          [event.seat]: { visibility: event.visibility, content: event.checkIn },
        },
      };
    case 'roundStarted':
      return { ...state, stage: 'round', round: newRound(event.round, event.speaker) };
    case 'floorRequested':
      return withRound(state, {
        ...floorTo(state.round as Round, event.seat),
        topic: event.topic,
        step: 'listener_ready',
        declined: null,
      });
    case 'speakerChosen':
      return withRound(state, { ...floorTo(state.round as Round, event.seat), chosen: true });
    case 'floorDeclined': {
      // The first round has no fixed speaker yet: anyone may ask again. After a swap, the speaker stays.
      const round = state.round as Round;
      const speaker =
        round.number === 1 && state.roundsCompleted === 0 && !round.chosen ? null : round.speaker;
      const declined = { seat: event.seat, at: event.at, ...optional('when', event.when) };
      return withRound(state, { ...floorTo(round, speaker), topic: null, step: 'request_floor', declined });
    }
    case 'listenerReady':
      return withRound(state, { step: 'u_turn' });
    case 'urgeToSpeak':
      return { ...state, urges: [...state.urges, { seq: event.seq, at: event.at, seat: event.seat }] };
    case 'partNamed': {
      const { [event.seat]: _done, ...uTurnRequests } = state.uTurnRequests;
      const next = { ...state, parts: { ...state.parts, [event.seat]: event.part }, uTurnRequests };
      if (!namedAtRoundStep(state, event.seat)) return next;
      // The speaker naming a part at the U-turn step moves on to speaking, however they came to name
      // it; at `speak` they stay. Either way, pieces now carry it (T8, T9). A seat that may not read
      // the part folds null here, as its view of the state says (A11, A14).
      return withRound(next, { step: 'speak', speakerPart: event.part ? spokenPart(event.part) : null });
    }
    case 'spoke':
      return addEntry(state, entryFields(event, 'piece', { part: event.part }), event);
    case 'reflected':
      return addEntry(state, entryFields(event, 'reflection'), event);
    case 'corrected':
      return addEntry(state, entryFields(event, 'correction'), event);
    case 'summarized':
      return addEntry(state, entryFields(event, 'summary'), event);
    case 'validated':
      return addEntry(state, entryFields(event, 'validation', optional('ownParts', event.ownParts)), event);
    case 'empathized':
      return addEntry(state, entryFields(event, 'empathy'), event);
    case 'landed':
      return addEntry(state, entryFields(event, 'landing', optional('request', event.request)), event);
    case 'confirmed':
      // Confirming instead of saying a marked correction again drops the rephrase (T24), so the next
      // entry, often the other partner's, does not claim to rephrase it.
      return withRound(state, { step: CONFIRM_STEPS[event.step].confirmed, rephrasing: null });
    case 'moreAnswered':
      return withRound(state, { step: event.more ? 'speak' : 'summary' });
    case 'rolesSwapped':
      return {
        ...state,
        roundsCompleted: state.roundsCompleted + 1,
        previousRounds: state.round ? [...state.previousRounds, state.round] : state.previousRounds,
        round: newRound(event.round, event.speaker),
        timer: null, // a timer belongs to the round it was set in (T28)
      };
    case 'closingStarted':
      return {
        ...state,
        stage: 'closing',
        timer: null,
        roundsCompleted: state.round?.step === 'next' ? state.roundsCompleted + 1 : state.roundsCompleted,
      };
    case 'closingReflection': {
      // An answer was given to the repair's words (T18): when they change, or the repair is taken
      // back, the old answer does not apply to what is offered now and is cleared, so the other
      // partner answers the new words. A changed "next time" alone leaves the answer standing.
      const earlier = state.closing[event.seat];
      const answer =
        earlier?.repairAccepted !== undefined && sameRepair(earlier.repair, event.repair)
          ? { repairAccepted: earlier.repairAccepted }
          : {};
      return {
        ...state,
        closing: {
          ...state.closing,
          [event.seat]: { nextTime: event.nextTime, ...optional('repair', event.repair), ...answer },
        },
      };
    }
    case 'repairAnswered': {
      const other = otherPartner(event.seat);
      const note = state.closing[other];
      return note
        ? { ...state, closing: { ...state.closing, [other]: { ...note, repairAccepted: event.accepted } } }
        : state;
    }
    case 'paused': {
      const earlier = state.pause?.kind === 'safety' ? (state.pause.callers ?? []) : [];
      const callers =
        event.kind === 'safety' && event.seat && event.seat !== 'therapist'
          ? { callers: [...earlier.filter((seat) => seat !== event.seat), event.seat] }
          : {};
      return {
        ...state,
        pause: {
          kind: event.kind,
          seat: event.seat,
          at: event.at,
          ...optional('until', event.until),
          ...callers,
        },
      };
    }
    case 'resumed':
      return { ...state, pause: null };
    case 'uTurnRequested':
      return { ...state, uTurnRequests: { ...state.uTurnRequests, [event.seat]: { at: event.at } } };
    case 'entryMarkedFromPart': {
      const round = state.round as Round;
      const entries = round.entries.map((e) => (e.seq === event.entrySeq ? { ...e, fromPart: true } : e));
      return withRound(state, { entries, step: event.step, rephrasing: event.entrySeq });
    }
    case 'directAccessStarted':
      return { ...state, directAccess: { seat: event.seat, witness: event.witness } };
    case 'directSaid': {
      const exchange = { seq: event.seq, at: event.at, seat: event.seat, text: event.text };
      return { ...state, directExchanges: [...state.directExchanges, exchange] };
    }
    case 'directAccessEnded':
      return { ...state, directAccess: null };
    case 'contemptStopped':
      return state; // the U-turn it asks for comes as its own event
    case 'stepRewound':
      return withRound(state, { step: event.to, rephrasing: null });
    case 'stepSkipped':
      return event.from === 'checkin'
        ? { ...state, stage: 'round', round: newRound(1, null) }
        : withRound(state, { step: event.to, rephrasing: null });
    case 'draftsVisibilitySet':
      return { ...state, draftsVisibleToPartner: event.visible };
    case 'draftSharingSet':
      return { ...state, draftSharing: { ...state.draftSharing, [event.seat]: event.shared } };
    case 'timerSet':
      return {
        ...state,
        timer: { startedAt: event.at, durationMs: event.durationMs, ...optional('label', event.label) },
      };
    case 'timerExtended':
      return state.timer
        ? { ...state, timer: { ...state.timer, durationMs: state.timer.durationMs + event.byMs } }
        : state;
    case 'timerCleared':
      return { ...state, timer: null };
    case 'endRequested':
      return { ...state, endRequested: { seat: event.seat, at: event.at } };
    case 'endCancelled':
      return { ...state, endRequested: null };
    case 'ended':
      return {
        ...state,
        stage: 'ended',
        endedAt: event.at,
        endRequested: null,
        pause: null,
        timer: null,
        directAccess: null,
      };
    default:
      return exhaustive(event, 'event');
  }
}

/** Same words in every field of the repair; no repair is never the same as one. */
function sameRepair(a: ClosingNote['repair'], b: ClosingNote['repair']): boolean {
  if (!a || !b) return false;
  return a.whatSetMeUp === b.whatSetMeUp && a.myPart === b.myPart && a.apology === b.apology;
}

/**
 * Whether a part `seat` names now is the round's own (T8): named by the speaker at `u_turn` or
 * `speak`. A part named in direct access is for the therapist (T25), even at those steps (A11).
 */
function namedAtRoundStep(state: RoomState, seat: PartnerSeat): boolean {
  const round = state.round;
  if (!round || round.speaker !== seat || state.directAccess?.seat === seat) return false;
  return round.step === 'u_turn' || round.step === 'speak';
}

/** A part as a piece carries it: what it fears stays with the speaker and the therapist (A11). */
function spokenPart(part: Part): SpokenPart {
  return { name: part.name, kind: part.kind, ...optional('feltWhere', part.feltWhere) };
}

function entryFields<K extends Entry['kind']>(
  event: { seat: Entry['seat']; text: string; rephrases?: number },
  kind: K,
  extra: Partial<Entry> = {},
) {
  return { seat: event.seat, kind, text: event.text, ...optional('rephrases', event.rephrases), ...extra };
}
