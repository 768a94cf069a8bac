import { exhaustive } from '../exhaustive.ts';
import { BREATHING } from '../protocol/breathing.ts';
import type { Part } from '../protocol/commands.ts';
import type { RoomEvent, SpokenPart } from '../protocol/events.ts';
import { LIMITS } from '../protocol/limits.ts';
import type { Partners } from '../protocol/partners.ts';
import { otherPartner, type PartnerSeat } from '../protocol/seats.ts';
import { CONFIRM_STEPS, followingStep, isConfirmStep, type RoundStep } from '../protocol/steps.ts';
import type { Talk } from '../protocol/talk.ts';
import { evolveBreathing } from './evolve/breathing.ts';
import { evolveContractTerms, initialConfidentiality } from './evolve/contractTerms.ts';
import { evolveListening } from './evolve/listening.ts';
import { evolveRepair } from './evolve/repair.ts';
import { evolveTherapistMove } from './evolve/therapistMoves.ts';
import { optional } from './optional.ts';
import {
  type ClosingNote,
  currentRound,
  type Entry,
  type HeldRound,
  type OpenRound,
  type Pause,
  type RoomCommon,
  type RoomState,
  type Round,
  type SetAside,
  type StageState,
} from './state.ts';
import { freezeTimer, thawTimer } from './timer.ts';

export function initialState(
  roomId: string,
  mode: RoomState['mode'],
  talk: Talk,
  at: number,
  partners: Partners | null = null,
): RoomState {
  return {
    roomId,
    mode,
    talk,
    partners,
    createdAt: at,
    seq: 0,
    stage: 'contract',
    admitted: { A: mode === 'practice', B: mode === 'practice' },
    contract: {},
    safetyPlans: {},
    checkIns: {},
    previousRounds: [],
    directExchanges: [],
    roundsCompleted: 0,
    parts: {},
    partsNamed: {},
    videoLink: null,
    uTurnRequests: {},
    urges: [],
    pieceLimit: LIMITS.pieceLimitDefault,
    shorterAsks: [],
    pause: null,
    directAccess: null,
    timer: null,
    endRequested: null,
    closing: {},
    draftsVisibleToPartner: true,
    draftSharing: { A: false, B: false },
    // Part D (I40–I46)
    confidentiality: null,
    locations: {},
    safeToSpeak: {},
    listeningInside: [],
    selfChecks: [],
    breathingSeconds: BREATHING.defaultSeconds,
    // Part C, therapist moves (I20–I29)
    directAccessAsk: null,
    directAccessDeclined: null,
    witnessTurn: null,
    contempt: null,
    response: 'chain',
    // Part E (I30–I39)
    repairOffers: [],
    moments: [],
    cycleMap: [],
  };
}

function openRound(number: number, entries: Entry[] = [], declined: OpenRound['declined'] = null): OpenRound {
  return { floor: 'open', number, step: 'request_floor', entries, declined };
}

function heldRound(number: number, speaker: PartnerSeat): HeldRound {
  return {
    floor: 'held',
    number,
    speaker,
    topic: null,
    step: 'request_floor',
    entries: [],
    rephrasing: null,
    speakerPart: null,
    chosen: false,
    declined: null,
    responding: 'chain',
  };
}

/** Folds one event into the state. Pure: the state passed in is never changed. */
export function evolve(state: RoomState | null, event: RoomEvent): RoomState {
  if (event.type === 'roomCreated')
    return {
      ...initialState(event.roomId, event.mode, event.talk, event.at, event.partners),
      seq: event.seq,
      confidentiality: initialConfidentiality(event),
      // I11: a log from before version 5 has no length; it reads as the default minute.
      ...(event.breathingSeconds === undefined ? {} : { breathingSeconds: event.breathingSeconds }),
    };
  if (state === null) throw new Error(`A room's first event must be roomCreated, got ${event.type}`);
  return { ...apply(state, event), seq: event.seq };
}

/** What the room holds whatever its stage: the state without the stage and its data. */
function commonOf(state: RoomState): RoomCommon {
  switch (state.stage) {
    case 'round': {
      const { stage: _stage, round: _round, ...common } = state;
      return common;
    }
    case 'ended': {
      const { stage: _stage, endedAt: _endedAt, ...common } = state;
      return common;
    }
    default: {
      const { stage: _stage, ...common } = state;
      return common;
    }
  }
}

/**
 * Moves the room to another stage. A round in progress is over then: it joins `previousRounds`, so
 * the record and the exports still hold it.
 */
function toStage(state: RoomState, next: StageState): RoomState {
  const common = commonOf(state);
  const previousRounds =
    state.stage === 'round' ? [...state.previousRounds, state.round] : state.previousRounds;
  return { ...common, previousRounds, ...next };
}

/**
 * Changes the round in progress. An event that needs one cannot be folded outside a round: `decide`
 * never makes one, so it is thrown, and a client following the room stops (`client/src/room/follow.ts`).
 */
function inRound(state: RoomState, event: RoomEvent, change: (round: Round) => Round): RoomState {
  if (state.stage !== 'round') throw new Error(`${event.type} cannot be folded outside a round`);
  return { ...state, round: change(state.round) };
}

/** Changes the round in progress once someone holds its floor: every step after the floor is taken. */
function inHeldRound(state: RoomState, event: RoomEvent, change: (round: HeldRound) => Round): RoomState {
  return inRound(state, event, (round) => {
    if (round.floor === 'open') throw new Error(`${event.type} cannot be folded while nobody has the floor`);
    return change(round);
  });
}

/** Adds an entry to the round and moves on from its step; a pending rephrase is done once its author speaks. */
function addEntry(
  state: RoomState,
  entry: Omit<Entry, 'seq' | 'at' | 'setAside' | 'step'>,
  event: RoomEvent,
) {
  return inHeldRound(state, event, (round) => {
    const full: Entry = { ...entry, seq: event.seq, at: event.at, step: round.step, setAside: null };
    const step =
      full.kind === 'correction' && isConfirmStep(round.step)
        ? CONFIRM_STEPS[round.step].corrected
        : (followingStep(round.step) ?? round.step);
    return { ...round, entries: [...round.entries, full], step, rephrasing: null };
  });
}

/**
 * Sets an entry aside (T24, T26): it stays in the round, marked why, and the round goes back to its
 * step so its author says it again — nobody is left answering it.
 */
function setAside(state: RoomState, event: RoomEvent, entrySeq: number, step: RoundStep, why: SetAside) {
  return inHeldRound(state, event, (round) => ({
    ...round,
    entries: round.entries.map((e) => (e.seq === entrySeq ? { ...e, setAside: why } : e)),
    step,
    rephrasing: entrySeq,
  }));
}

/** The floor goes to `speaker` (T6, T36); a part the speaker named stays theirs only while they keep it (A11). */
function floorTo(round: Round, speaker: PartnerSeat, change: Partial<HeldRound>): HeldRound {
  const held =
    round.floor === 'held' ? round : { ...heldRound(round.number, speaker), entries: round.entries };
  const speakerPart = held.speaker === speaker ? held.speakerPart : null;
  return { ...held, declined: round.declined, ...change, speaker, speakerPart };
}

/** The listener's "not now" (T7): the first round, with nobody chosen, frees the floor; after that the speaker stays. */
function declineFloor(state: RoomState, event: RoomEvent, declined: OpenRound['declined']): RoomState {
  return inRound(state, event, (round) => {
    const firstFloor = round.number === 1 && state.roundsCompleted === 0;
    if (round.floor === 'open') return { ...round, declined };
    if (firstFloor && !round.chosen) return openRound(round.number, round.entries, declined);
    return { ...round, topic: null, step: 'request_floor', declined };
  });
}

/** A pause as the state keeps it: each kind with what belongs to it (T20–T22, T30, T33). */
function pauseOf(state: RoomState, event: Extract<RoomEvent, { type: 'paused' }>): Pause {
  switch (event.kind) {
    case 'pause':
    case 'connection':
      return { kind: event.kind, seat: event.seat, at: event.at };
    case 'time_out':
      return { kind: 'time_out', seat: event.seat, at: event.at, until: event.until };
    case 'safety': {
      // T30: every partner who called it, in order, the latest last.
      const earlier = state.pause?.kind === 'safety' ? state.pause.callers : [];
      const others = earlier.filter((seat) => seat !== event.seat);
      const [first, ...rest] = others;
      const callers: Extract<Pause, { kind: 'safety' }>['callers'] =
        first === undefined ? [event.seat] : [first, ...rest, event.seat];
      return { kind: 'safety', seat: event.seat, at: event.at, callers };
    }
    default:
      return exhaustive(event, 'pause');
  }
}

function apply(state: RoomState, event: RoomEvent): RoomState {
  switch (event.type) {
    case 'roomCreated':
      return state; // handled in evolve
    case 'private':
      return state;
    case 'talkSet':
      return { ...state, talk: event.talk };
    case 'seatAdmitted':
      return { ...state, admitted: { ...state.admitted, [event.seat]: true } };
    case 'seatReissued':
      // A new link must be let in again in therapy mode: the old one may have leaked.
      return event.seat !== 'therapist' && state.mode === 'therapy'
        ? { ...state, admitted: { ...state.admitted, [event.seat]: false } }
        : state;
    case 'contractAgreed': {
      const agreement = {
        safeWord: event.safeWord,
        at: event.at,
        ...optional('confidentialitySeq', event.confidentialitySeq),
      };
      const contract = { ...state.contract, [event.seat]: agreement };
      const both = contract.A !== undefined && contract.B !== undefined;
      const agreed = { ...state, contract };
      return both && state.stage === 'contract' ? toStage(agreed, { stage: 'checkin' }) : agreed;
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
    case 'roundStarted': {
      const round = event.speaker === null ? openRound(event.round) : heldRound(event.round, event.speaker);
      return toStage(state, { stage: 'round', round });
    }
    case 'floorRequested':
      return inRound(state, event, (round) =>
        floorTo(round, event.seat, { topic: event.topic ?? null, step: 'listener_ready', declined: null }),
      );
    case 'speakerChosen':
      return inRound(state, event, (round) => floorTo(round, event.seat, { chosen: true }));
    case 'floorDeclined':
      return declineFloor(state, event, {
        seat: event.seat,
        at: event.at,
        ...optional('when', event.when),
        ...optional('until', event.until),
      });
    case 'shorterAsked': {
      const round = currentRound(state)?.number ?? 1;
      const ask = { seq: event.seq, at: event.at, seat: event.seat, round };
      return { ...state, shorterAsks: [...state.shorterAsks, ask] };
    }
    case 'pieceLimitSet':
      return { ...state, pieceLimit: event.chars };
    case 'videoLinkSet':
      return { ...state, videoLink: event.url };
    case 'listenerReady':
      return inHeldRound(state, event, (round) => ({ ...round, step: 'u_turn' }));
    case 'urgeToSpeak':
      return { ...state, urges: [...state.urges, { seq: event.seq, at: event.at, seat: event.seat }] };
    case 'partNamed': {
      const { [event.seat]: _done, ...uTurnRequests } = state.uTurnRequests;
      const named = event.part
        ? [
            ...(state.partsNamed[event.seat] ?? []),
            { seq: event.seq, at: event.at, requested: event.requested, part: event.part },
          ]
        : state.partsNamed[event.seat];
      const partsNamed = named ? { ...state.partsNamed, [event.seat]: named } : state.partsNamed;
      const next = {
        ...state,
        parts: { ...state.parts, [event.seat]: event.part },
        partsNamed,
        uTurnRequests,
      };
      if (state.directAccess?.seat === event.seat) return next;
      // The speaker naming a part at the U-turn step moves on to speaking, however they came to name
      // it; at `speak` they stay. Either way, pieces now carry it (T8, T9). A part named in direct
      // access is for the therapist (T25), even at those steps (A11). A seat that may not read the
      // part folds null here, as its view of the state says (A11, A14).
      if (next.stage !== 'round' || next.round.floor === 'open') return next;
      const round = next.round;
      if (round.speaker !== event.seat || (round.step !== 'u_turn' && round.step !== 'speak')) return next;
      return {
        ...next,
        round: { ...round, step: 'speak', speakerPart: event.part ? spokenPart(event.part) : null },
      };
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
      if (event.step === 'summary_confirm') {
        // I27: the response the therapist chose applies from here; "landing" goes straight there.
        const responding = state.response;
        return inHeldRound(state, event, (round) => ({
          ...round,
          step: responding === 'landing' ? 'landing' : CONFIRM_STEPS[event.step].confirmed,
          rephrasing: null,
          responding,
        }));
      }
      return inHeldRound(state, event, (round) => ({
        ...round,
        step: CONFIRM_STEPS[event.step].confirmed,
        rephrasing: null,
      }));
    case 'moreAnswered':
      return inHeldRound(state, event, (round) => ({ ...round, step: event.more ? 'speak' : 'summary' }));
    case 'rolesSwapped':
      return {
        ...toStage(state, { stage: 'round', round: heldRound(event.round, event.speaker) }),
        roundsCompleted: state.roundsCompleted + 1,
        timer: null, // a timer belongs to the round it was set in (T28)
      };
    case 'closingStarted': {
      const atNext = state.stage === 'round' && state.round.step === 'next';
      return {
        ...toStage(state, { stage: 'closing' }),
        timer: null,
        roundsCompleted: atNext ? state.roundsCompleted + 1 : state.roundsCompleted,
        // I22, I24: the close ends the round's business: a witness's turn or a stop-contempt
        // sequence still open does not follow the couple into it (the record keeps what was said).
        witnessTurn: null,
        contempt: null,
      };
    }
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
    case 'paused':
      // T28: a timer freezes during any pause, and resumes with the time it had left.
      return { ...state, pause: pauseOf(state, event), timer: freezeTimer(state.timer, event.at) };
    case 'resumed':
      return { ...state, pause: null, timer: thawTimer(state.timer, event.at) };
    case 'uTurnRequested':
      return { ...state, uTurnRequests: { ...state.uTurnRequests, [event.seat]: { at: event.at } } };
    case 'entryMarkedFromPart':
      return setAside(state, event, event.entrySeq, event.step, 'from_part');
    case 'directAccessStarted':
      // I20: a "yes" answers the ask; an earlier "not now" is behind it (every seat folds this event).
      return {
        ...state,
        directAccess: { seat: event.seat, witness: event.witness },
        directAccessAsk: null,
        directAccessDeclined: null,
      };
    case 'directSaid': {
      const exchange = { seq: event.seq, at: event.at, seat: event.seat, text: event.text };
      return { ...state, directExchanges: [...state.directExchanges, exchange] };
    }
    case 'directAccessEnded':
      // I22: the witness's turn opens (a v4 log's event names no witness and opens none).
      return {
        ...state,
        directAccess: null,
        witnessTurn: event.witness ? { seat: event.witness, at: event.at } : state.witnessTurn,
      };
    case 'contemptStopped': {
      // The U-turn it asks for comes as its own event; an entry it is about is set aside (T26).
      // I24: a guided stop begins the sequence, which asks for the U-turn at its last step.
      const guided = event.guided
        ? { ...state, contempt: { seat: event.seat, step: 'stop' as const, at: event.at } }
        : state;
      return event.entrySeq === undefined || event.step === undefined
        ? guided
        : setAside(guided, event, event.entrySeq, event.step, 'contempt');
    }
    case 'stepRewound':
      return inHeldRound(state, event, (round) => ({ ...round, step: event.to, rephrasing: null }));
    case 'stepSkipped': {
      const to = event.to;
      return event.from === 'checkin'
        ? toStage(state, { stage: 'round', round: openRound(1) })
        : inHeldRound(state, event, (round) => ({ ...round, step: to, rephrasing: null }));
    }
    case 'draftsVisibilitySet':
      return { ...state, draftsVisibleToPartner: event.visible };
    case 'draftSharingSet':
      return { ...state, draftSharing: { ...state.draftSharing, [event.seat]: event.shared } };
    case 'timerSet': {
      const timer = { startedAt: event.at, durationMs: event.durationMs, ...optional('label', event.label) };
      // Set while the room is paused, it waits, frozen, for the room to go on (T28).
      return { ...state, timer: state.pause ? freezeTimer(timer, event.at) : timer };
    }
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
        ...toStage(state, { stage: 'ended', endedAt: event.at }),
        endRequested: null,
        pause: null,
        timer: null,
        directAccess: null,
        directAccessAsk: null,
        witnessTurn: null,
        contempt: null,
      };
    // Part D, the contract (I40–I46)
    case 'confidentialitySet':
    case 'locationConfirmed':
    case 'safeToSpeakAnswered':
      return evolveContractTerms(state, event);
    case 'listeningPartNamed':
    case 'listeningHelpAsked':
    case 'selfChecked':
      return evolveListening(state, event);
    // Part B, slowing down (I10–I19).
    case 'breathingStarted':
    case 'breathingEnded':
    case 'breakTaken':
      return evolveBreathing(state, event);
    // Part C, therapist moves (I20–I29)
    case 'directAccessAsked':
    case 'directAccessDeclined':
    case 'directAccessWithdrawn':
    case 'witnessSaid':
    case 'witnessSkipped':
    case 'contemptStepTaken':
    case 'contemptEnded':
    case 'responseChosen':
      return evolveTherapistMove(state, event);
    case 'respondedFromHeart': {
      // I28: one free response, then the landing.
      const answered = addEntry(state, entryFields(event, 'heart'), event);
      return inHeldRound(answered, event, (round) => ({ ...round, step: 'landing' }));
    }
    // Part E — repair and the cycle (I30–I39)
    case 'repairOffered':
    case 'repairOfferAnswered':
    case 'momentMarked':
    case 'partsLinked':
    case 'partsUnlinked':
      return evolveRepair(state, event);
    default:
      return exhaustive(event, 'event');
  }
}

/** Same words in every field of the repair; no repair is never the same as one. */
function sameRepair(a: ClosingNote['repair'], b: ClosingNote['repair']): boolean {
  if (!a || !b) return false;
  return a.whatSetMeUp === b.whatSetMeUp && a.myPart === b.myPart && a.apology === b.apology;
}

/** A part as a piece carries it: what it fears stays with the speaker and the therapist (A11). */
function spokenPart(part: Part): SpokenPart {
  return { name: part.name, kind: part.kind, ...optional('feltWhere', part.feltWhere) };
}

function entryFields<K extends Entry['kind']>(
  event: { seat: Entry['seat']; text?: string; rephrases?: number },
  kind: K,
  extra: Partial<Entry> = {},
) {
  return {
    seat: event.seat,
    kind,
    ...optional('text', event.text),
    ...optional('rephrases', event.rephrases),
    ...extra,
  };
}
