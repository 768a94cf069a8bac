import { z } from 'zod';
import { evolve } from '../engine/evolve.ts';
import { latestRound } from '../engine/state.ts';
import { exhaustive } from '../exhaustive.ts';
import { CheckInVisibility, SelfCheckMoment, SelfQuality } from '../protocol/commands.ts';
import { Actor, type RoomEvent } from '../protocol/events.ts';
import {
  Mode,
  PARTNER_SEATS,
  type PartnerSeat,
  PartnerSeat as PartnerSeatSchema,
  Seat,
} from '../protocol/seats.ts';
import type { RoomState } from '../protocol/state.ts';
import { ROUND_STEPS, RoundStep } from '../protocol/steps.ts';
import { Talk } from '../protocol/talk.ts';
import { ContractSummary, contractSummary } from './contractTerms.ts';
import { noteSlowDown, SlowDown } from './slowingDown.ts';

/**
 * The clinical summary of one session (issue 10 §2 and §5, shared/SPEC.md R1–R5): what happened,
 * when and by whom, read from the room's full event log. It is the therapist's: it holds what the
 * therapist may read in the room (A10–A13) and nothing a partner kept to themself (a check-in kept
 * for `self`, R2). Pure: the log in, the summary out, the same every time.
 */

const time = z.number().int().nonnegative();
const perPartner = <T extends z.ZodType>(value: T) => z.strictObject({ A: value, B: value });

/** A seat that took part, with the partner's display name when the room has one. */
export const Attendee = z.strictObject({
  seat: Seat,
  name: z.string().nullable(),
  pronouns: z.string().nullable(),
});
export type Attendee = z.infer<typeof Attendee>;

export const RoundSummary = z.strictObject({
  number: z.number().int().positive(),
  startedAt: time,
  /** Null while nobody held the floor (T6). */
  speaker: PartnerSeatSchema.nullable(),
  listener: PartnerSeatSchema.nullable(),
  /** Every step the round stood at, in the order of a round (T5). */
  stepsReached: z.array(RoundStep),
  lastStep: RoundStep,
  /** Stood at `next` when it was over (a swap, the close or the end): what the summary's `roundsCompleted` counts. */
  completed: z.boolean(),
});
export type RoundSummary = z.infer<typeof RoundSummary>;

/**
 * Where a part was named: in a check-in, at the U-turn, asked for by the therapist, in direct access,
 * or by the listener getting ready to listen (I1).
 */
export const PartSource = z.enum(['check_in', 'u_turn', 'asked', 'direct_access', 'listening']);
export type PartSource = z.infer<typeof PartSource>;

export const NamedPart = z.strictObject({
  at: time,
  source: PartSource,
  name: z.string(),
  /** Null for a check-in part, which has a name only. */
  kind: z.enum(['protector', 'exile', 'not_sure']).nullable(),
  feltWhere: z.string().nullable(),
  fears: z.string().nullable(),
});
export type NamedPart = z.infer<typeof NamedPart>;

/** A partner's check-in: its content only when the partner shared it with the therapist or the room (R2). */
export const CheckInSummary = z.strictObject({
  at: time,
  visibility: CheckInVisibility,
  /** True when the partner kept it to themself: nothing but the fact is recorded. */
  keptPrivate: z.boolean(),
  selfEnergy: z.number().int().min(0).max(10).nullable(),
  body: z.string().nullable(),
  parts: z.array(z.string()),
});
export type CheckInSummary = z.infer<typeof CheckInSummary>;

/** The moves that steer a session, the therapist's (or a practice moderator's) and the pace asks (T20–T28, T36, T38). */
export const InterventionKind = z.enum([
  'pause',
  'time_out',
  'connection_pause',
  'resumed',
  'u_turn_asked',
  'who_is_speaking',
  'contempt_stopped',
  'direct_access_started',
  'direct_access_ended',
  'step_rewound',
  'step_skipped',
  'speaker_chosen',
  'piece_limit_set',
  'shorter_asked',
  'timer_set',
  'timer_extended',
  'timer_cleared',
  'drafts_hidden',
  'drafts_shown',
  'talk_set',
  'end_requested',
  'end_cancelled',
  // Part C, therapist moves (I29)
  'direct_access_asked',
  'direct_access_declined',
  'direct_access_withdrawn',
  'witness_said',
  'witness_skipped',
  'contempt_step',
  'contempt_ended',
  'response_chosen',
  'responded_from_heart',
]);
export type InterventionKind = z.infer<typeof InterventionKind>;

export const Intervention = z.strictObject({
  at: time,
  kind: InterventionKind,
  by: Actor,
  /** The partner it is about, when it is about one. */
  seat: PartnerSeatSchema.nullable(),
  /** Steps for a rewind or skip (`from` may be `checkin`), the talk for a switch. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** Characters for a piece limit, seconds for a timer. */
  amount: z.number().int().nullable(),
  /** Part C (I29): what the witness said they noticed, when they wrote it. */
  words: z.string().optional(),
});
export type Intervention = z.infer<typeof Intervention>;

/** A safety pause (T30): who called the safe word, when, and when the room went on (null: it never did). */
export const SafetyEvent = z.strictObject({
  at: time,
  kind: z.literal('safety_pause'),
  calledBy: PartnerSeatSchema,
  resumedAt: time.nullable(),
});
export type SafetyEvent = z.infer<typeof SafetyEvent>;

export const ClosingSummary = z.strictObject({
  startedAt: time.nullable(),
  reflections: perPartner(
    z
      .strictObject({
        nextTime: z.string(),
        repair: z
          .strictObject({
            whatSetMeUp: z.string().nullable(),
            myPart: z.string().nullable(),
            apology: z.string().nullable(),
          })
          .nullable(),
        /** The other partner's answer to this repair (T18); null while unanswered or without a repair. */
        repairAccepted: z.boolean().nullable(),
      })
      .nullable(),
  ),
});
export type ClosingSummary = z.infer<typeof ClosingSummary>;

/** Part E (issue 11 §6, I37): a repair offered during the round or the close (I30), and its answer (I31). */
export const RepairOfferSummary = z.strictObject({
  at: time,
  seat: PartnerSeatSchema,
  whatSetMeUp: z.string().nullable(),
  myPart: z.string().nullable(),
  apology: z.string().nullable(),
  /** Null while unanswered. */
  answer: z.strictObject({ at: time, accepted: z.boolean() }).nullable(),
});
export type RepairOfferSummary = z.infer<typeof RepairOfferSummary>;

/** A moment the therapist marked (I33): only in a summary made from the therapist's view. */
export const MomentSummary = z.strictObject({
  at: time,
  kind: z.enum(['unburdening', 'repair']),
  note: z.string().nullable(),
});
export type MomentSummary = z.infer<typeof MomentSummary>;

/** One end of a cycle-map link; `part` is null where the reader may not read its name (I36). */
const CycleEnd = z.strictObject({ seat: PartnerSeatSchema, part: z.string().nullable() });
/** A link of the session's cycle map as the summary's reader may see it (I34–I36): `from` sets off `to`. */
export const CycleLinkSummary = z.strictObject({ at: time, from: CycleEnd, to: CycleEnd });
export type CycleLinkSummary = z.infer<typeof CycleLinkSummary>;

/** The one line per session of the therapist's session list (issue 10 §2). */
export const SessionListItem = z.strictObject({
  roomId: z.string(),
  date: time,
  minutes: z.number().int().nonnegative(),
  rounds: z.number().int().nonnegative(),
  whoSpoke: perPartner(z.number().int().nonnegative()),
  partsNamed: perPartner(z.array(z.string())),
  selfEnergy: perPartner(z.number().int().min(0).max(10).nullable()),
  safetyCount: z.number().int().nonnegative(),
  closing: z.boolean(),
  repair: z.boolean(),
});
export type SessionListItem = z.infer<typeof SessionListItem>;

/** A listener's "I need help to listen" (I3): when, and in which round. */
export const ListeningHelpAsk = z.strictObject({ at: time, round: z.number().int().positive() });
export type ListeningHelpAsk = z.infer<typeof ListeningHelpAsk>;

/** One Self check (I5, I7): the qualities chosen, or "not there yet". */
export const SelfCheckSummary = z.strictObject({
  at: time,
  moment: SelfCheckMoment,
  qualities: z.array(SelfQuality),
  notYet: z.boolean(),
});
export type SelfCheckSummary = z.infer<typeof SelfCheckSummary>;

export const SessionSummary = z.strictObject({
  roomId: z.string(),
  mode: Mode,
  talk: Talk,
  createdAt: time,
  /** The first partner's arrival (admitted, or agreeing to the contract); the creation when nobody came. */
  startedAt: time,
  /** Null while the session has not ended. */
  endedAt: time.nullable(),
  /** From `startedAt` to the end, or to the last event of a session that has not ended; whole minutes. */
  minutes: z.number().int().nonnegative(),
  present: z.array(Attendee),
  /**
   * Rounds that reached `next` (R1). Not the state's `roundsCompleted`, which also counts a round the
   * therapist swapped before its end.
   */
  roundsCompleted: z.number().int().nonnegative(),
  rounds: z.array(RoundSummary),
  pieces: perPartner(
    z.strictObject({ spoken: z.number().int().nonnegative(), setAside: z.number().int().nonnegative() }),
  ),
  partsNamed: perPartner(z.array(NamedPart)),
  checkIns: perPartner(CheckInSummary.nullable()),
  interventions: z.array(Intervention),
  safety: z.strictObject({
    pauses: z.array(SafetyEvent),
    safeWordAgreed: perPartner(z.boolean()),
    /** Null in a practice room, where a safety plan is its partner's alone (A12). */
    safetyPlanShared: perPartner(z.boolean()).nullable(),
  }),
  closing: ClosingSummary,
  compact: SessionListItem,
  /** Part D (issue 11 §8, I47): the confidentiality text agreed, locations, safe-to-speak answers. */
  contract: ContractSummary,
  // Part A — listening inside (issue 11, I9). Null in a practice room: there they are the partner's alone (I8).
  /** Each listener's "I need help to listen", oldest first. */
  listeningHelp: perPartner(z.array(ListeningHelpAsk)).nullable(),
  /** Each partner's Self checks, oldest first: the start and end ones are the before and after (I7). */
  selfChecks: perPartner(z.array(SelfCheckSummary)).nullable(),
  /** Part B (I19): every breathing pause and flooding break, in order. */
  slowingDown: z.array(SlowDown),
  // Part E — repair and the cycle (issue 11 §6, I37); empty lists for a session before them.
  repairOffers: z.array(RepairOfferSummary).default([]),
  moments: z.array(MomentSummary).default([]),
  /** The links standing at the end of the log: one taken back is not in the map. */
  cycleMap: z.array(CycleLinkSummary).default([]),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/**
 * Partners' display names, read from the state when the room keeps them (`partners`, protocol 4);
 * a room without them has none, and the record says "Partner A" and "Partner B".
 */
const PartnerNames = z.looseObject({
  partners: z
    .partialRecord(
      PartnerSeatSchema,
      z.looseObject({ name: z.string(), pronouns: z.string().nullable().optional() }).nullable().optional(),
    )
    .nullable()
    .optional(),
});

/**
 * Each partner's display name and pronouns in a state that keeps them (N1: `partners`, both or
 * `null`); nulls for a room without names, or a state from before names existed.
 */
export function partnerNamesOf(
  state: unknown,
): Record<PartnerSeat, { name: string | null; pronouns: string | null }> {
  const parsed = PartnerNames.safeParse(state);
  const partners = parsed.success ? parsed.data.partners : undefined;
  return both((seat) => ({
    name: partners?.[seat]?.name ?? null,
    pronouns: partners?.[seat]?.pronouns ?? null,
  }));
}

function both<T>(make: (seat: PartnerSeat) => T): { A: T; B: T } {
  return { A: make('A'), B: make('B') };
}

/** Everything the fold below gathers, event by event. */
interface Gathered {
  rounds: Map<number, { summary: RoundSummary; steps: Set<RoundStep> }>;
  present: Set<string>;
  startedAt: number | null;
  parts: { A: NamedPart[]; B: NamedPart[] };
  checkInAt: { A: number | null; B: number | null };
  interventions: Intervention[];
  safety: SafetyEvent[];
  closingStartedAt: number | null;
  slowingDown: SlowDown[];
}

/** The summary of a session from its whole log, oldest event first (the store's, not a seat's view). */
export function summarizeSession(events: readonly RoomEvent[]): SessionSummary {
  const first = events[0];
  if (first?.type !== 'roomCreated') throw new Error('a session log starts with roomCreated');
  const gathered: Gathered = {
    rounds: new Map(),
    present: new Set(),
    startedAt: null,
    parts: { A: [], B: [] },
    checkInAt: { A: null, B: null },
    interventions: [],
    safety: [],
    closingStartedAt: null,
    slowingDown: [],
  };
  let state: RoomState | null = null;
  for (const event of events) {
    const before = state;
    state = evolve(state, event);
    gather(gathered, before, state, event);
  }
  if (state === null) throw new Error('a session log starts with roomCreated');
  return {
    ...build(state, gathered, events.at(-1)?.at ?? first.at),
    contract: contractSummary(events, state),
  };
}

function gather(g: Gathered, before: RoomState | null, after: RoomState, event: RoomEvent): void {
  if (event.actor !== 'system') g.present.add(event.actor);
  if (event.type === 'seatAdmitted' || event.type === 'contractAgreed') {
    g.present.add(event.seat);
    g.startedAt ??= event.at;
  }
  noteRound(g, before, after, event);
  noteEvent(g, before, event);
  noteSlowDown(g.slowingDown, before, after, event);
}

/** Where each round stood after this event; a round over while at `next` is completed. */
function noteRound(g: Gathered, before: RoomState | null, after: RoomState, event: RoomEvent): void {
  const leaving = before?.stage === 'round' ? before.round : null;
  if (
    leaving &&
    (event.type === 'rolesSwapped' || event.type === 'closingStarted' || event.type === 'ended')
  ) {
    const record = g.rounds.get(leaving.number);
    if (record) record.summary.completed = leaving.step === 'next';
  }
  if (after.stage !== 'round') return;
  const round = after.round;
  let record = g.rounds.get(round.number);
  if (!record) {
    record = {
      summary: {
        number: round.number,
        startedAt: event.at,
        speaker: null,
        listener: null,
        stepsReached: [],
        lastStep: round.step,
        completed: false,
      },
      steps: new Set(),
    };
    g.rounds.set(round.number, record);
  }
  record.steps.add(round.step);
  record.summary.lastStep = round.step;
  if (round.floor === 'held') {
    record.summary.speaker = round.speaker;
    record.summary.listener = round.speaker === 'A' ? 'B' : 'A';
  }
}

function intervention(
  event: RoomEvent,
  kind: InterventionKind,
  extra: Partial<Pick<Intervention, 'seat' | 'from' | 'to' | 'amount' | 'words'>> = {},
): Intervention {
  return { at: event.at, kind, by: event.actor, seat: null, from: null, to: null, amount: null, ...extra };
}

function noteEvent(g: Gathered, before: RoomState | null, event: RoomEvent): void {
  const move = interventionOf(before, event);
  if (move) g.interventions.push(move);
  if (event.type === 'paused' && event.kind === 'safety') {
    g.safety.push({ at: event.at, kind: 'safety_pause', calledBy: event.seat, resumedAt: null });
  } else if (event.type === 'resumed') {
    // A resume ends whatever pause the room was in, a safety pause included (T30).
    for (const pause of g.safety) pause.resumedAt ??= event.at;
  } else if (event.type === 'checkedIn') {
    g.checkInAt[event.seat] = event.at;
  } else if (event.type === 'closingStarted') {
    g.closingStartedAt ??= event.at;
  } else if (event.type === 'listeningPartNamed' && event.part) {
    g.parts[event.seat].push({
      at: event.at,
      source: 'listening',
      name: event.part.name,
      kind: event.part.kind,
      feltWhere: event.part.feltWhere ?? null,
      fears: event.part.fears ?? null,
    });
  } else if (event.type === 'partNamed' && event.part) {
    const source: PartSource =
      before?.directAccess?.seat === event.seat ? 'direct_access' : event.requested ? 'asked' : 'u_turn';
    g.parts[event.seat].push({
      at: event.at,
      source,
      name: event.part.name,
      kind: event.part.kind,
      feltWhere: event.part.feltWhere ?? null,
      fears: event.part.fears ?? null,
    });
  }
}

/** The move an event records, if it is one; safety pauses are kept apart, as safety events (R1). */
function interventionOf(before: RoomState | null, event: RoomEvent): Intervention | null {
  const move = (
    kind: InterventionKind,
    extra: Partial<Pick<Intervention, 'seat' | 'from' | 'to' | 'amount' | 'words'>> = {},
  ) => intervention(event, kind, extra);
  switch (event.type) {
    case 'paused':
      if (event.kind === 'safety') return null;
      return move(event.kind === 'connection' ? 'connection_pause' : event.kind, {
        seat: event.seat === 'therapist' ? null : event.seat,
      });
    case 'resumed':
      return before?.pause?.kind === 'safety' ? null : move('resumed');
    case 'uTurnRequested':
      return move('u_turn_asked', { seat: event.seat });
    case 'entryMarkedFromPart':
      return move('who_is_speaking', { seat: seatOfEntry(before, event.entrySeq), to: event.step });
    case 'contemptStopped':
      return move('contempt_stopped', { seat: event.seat, to: event.step ?? null });
    case 'directAccessStarted':
      return move('direct_access_started', { seat: event.seat });
    case 'directAccessEnded':
      return move('direct_access_ended', { seat: before?.directAccess?.seat ?? null });
    case 'stepRewound':
      return move('step_rewound', { from: event.from, to: event.to });
    case 'stepSkipped':
      return move('step_skipped', { from: event.from, to: event.to });
    case 'speakerChosen':
      return move('speaker_chosen', { seat: event.seat });
    case 'pieceLimitSet':
      return move('piece_limit_set', { amount: event.chars });
    case 'shorterAsked':
      return move('shorter_asked', { seat: event.seat });
    case 'timerSet':
      return move('timer_set', { amount: Math.round(event.durationMs / 1000) });
    case 'timerExtended':
      return move('timer_extended', { amount: Math.round(event.byMs / 1000) });
    case 'timerCleared':
      return move('timer_cleared');
    case 'draftsVisibilitySet':
      return move(event.visible ? 'drafts_shown' : 'drafts_hidden');
    case 'talkSet':
      return move('talk_set', { from: before?.talk ?? null, to: event.talk });
    case 'endRequested':
      return move('end_requested');
    case 'endCancelled':
      return move('end_cancelled');
    // Part C, therapist moves (I29): the asks and answers, the witness's words, each guided step.
    case 'directAccessAsked':
      return move('direct_access_asked', { seat: event.seat });
    case 'directAccessDeclined':
      return move('direct_access_declined', { seat: event.seat });
    case 'directAccessWithdrawn':
      return move('direct_access_withdrawn', { seat: event.seat });
    case 'witnessSaid':
      return move('witness_said', {
        seat: event.seat,
        ...(event.text === undefined ? {} : { words: event.text }),
      });
    case 'witnessSkipped':
      return move('witness_skipped', { seat: event.seat });
    case 'contemptStepTaken':
      return move('contempt_step', { seat: event.seat, to: event.step });
    case 'contemptEnded':
      return move('contempt_ended', { seat: event.seat });
    case 'responseChosen':
      return move('response_chosen', { to: event.response });
    case 'respondedFromHeart':
      return move('responded_from_heart', { seat: event.seat });
    case 'roomCreated':
    case 'private':
    case 'seatAdmitted':
    case 'seatReissued':
    case 'contractAgreed':
    case 'safetyPlanShared':
    case 'checkedIn':
    case 'roundStarted':
    case 'floorRequested':
    case 'floorDeclined':
    case 'videoLinkSet':
    case 'listenerReady':
    case 'urgeToSpeak':
    case 'partNamed':
    case 'spoke':
    case 'reflected':
    case 'confirmed':
    case 'corrected':
    case 'moreAnswered':
    case 'summarized':
    case 'validated':
    case 'empathized':
    case 'landed':
    case 'rolesSwapped':
    case 'closingStarted':
    case 'closingReflection':
    case 'directSaid':
    case 'draftSharingSet':
    case 'repairAnswered':
    case 'ended':
    // Part D: the contract's own section of the summary (contractTerms.ts), not interventions.
    case 'confidentialitySet':
    case 'locationConfirmed':
    case 'safeToSpeakAnswered':
    case 'listeningPartNamed':
    case 'listeningHelpAsked':
    case 'selfChecked':
    // Part B: breathing pauses and breaks have their own list (`slowingDown`, I19).
    case 'breathingStarted':
    case 'breathingEnded':
    case 'breakTaken':
    // Part E: kept in their own lists of the summary (I37), not as interventions.
    case 'repairOffered':
    case 'repairOfferAnswered':
    case 'momentMarked':
    case 'partsLinked':
    case 'partsUnlinked':
      return null;
    default:
      return exhaustive(event, 'event');
  }
}

/** Whose entry "Who is speaking?" set aside: the author of that entry in the round it was said in. */
function seatOfEntry(state: RoomState | null, entrySeq: number): PartnerSeat | null {
  const round = state && latestRound(state);
  return round?.entries.find((entry) => entry.seq === entrySeq)?.seat ?? null;
}

function build(state: RoomState, g: Gathered, lastAt: number): Omit<SessionSummary, 'contract'> {
  const names = partnerNamesOf(state);
  const present: Attendee[] = (['therapist', ...PARTNER_SEATS] as const)
    .filter((seat) => g.present.has(seat))
    .map((seat) => (seat === 'therapist' ? { seat, name: null, pronouns: null } : { seat, ...names[seat] }));
  const startedAt = g.startedAt ?? state.createdAt;
  const endedAt = state.stage === 'ended' ? state.endedAt : null;
  const rounds = [...g.rounds.values()].map(({ summary, steps }) => ({
    ...summary,
    stepsReached: ROUND_STEPS.filter((step) => steps.has(step)),
  }));
  const entries = [...state.previousRounds, ...(state.stage === 'round' ? [state.round] : [])].flatMap(
    (round) => round.entries,
  );
  const pieces = both((seat) => {
    const own = entries.filter((entry) => entry.kind === 'piece' && entry.seat === seat);
    return { spoken: own.length, setAside: own.filter((entry) => entry.setAside !== null).length };
  });
  const checkIns = both((seat) => checkInOf(state, seat, g.checkInAt[seat]));
  const partsNamed = both((seat) => {
    const checkIn = checkIns[seat];
    const fromCheckIn: NamedPart[] = (checkIn?.parts ?? []).map((name) => ({
      at: checkIn?.at ?? startedAt,
      source: 'check_in',
      name,
      kind: null,
      feltWhere: null,
      fears: null,
    }));
    return [...fromCheckIn, ...g.parts[seat]].sort((a, b) => a.at - b.at);
  });
  const closing: ClosingSummary = {
    startedAt: g.closingStartedAt,
    reflections: both((seat) => {
      const note = state.closing[seat];
      if (!note) return null;
      const repair = note.repair
        ? {
            whatSetMeUp: note.repair.whatSetMeUp ?? null,
            myPart: note.repair.myPart ?? null,
            apology: note.repair.apology ?? null,
          }
        : null;
      return {
        nextTime: note.nextTime,
        repair,
        repairAccepted: repair ? (note.repairAccepted ?? null) : null,
      };
    }),
  };
  const minutes = Math.max(0, Math.round(((endedAt ?? lastAt) - startedAt) / 60_000));
  const summary: Omit<SessionSummary, 'compact' | 'contract'> = {
    roomId: state.roomId,
    mode: state.mode,
    talk: state.talk,
    createdAt: state.createdAt,
    startedAt,
    endedAt,
    minutes,
    present,
    roundsCompleted: rounds.filter((round) => round.completed).length,
    rounds,
    pieces,
    partsNamed,
    checkIns,
    interventions: g.interventions,
    safety: {
      pauses: g.safety,
      safeWordAgreed: both((seat) => state.contract[seat]?.safeWord !== undefined),
      safetyPlanShared:
        state.mode === 'therapy' ? both((seat) => state.safetyPlans[seat] !== undefined) : null,
    },
    closing,
    ...listeningOf(state),
    slowingDown: g.slowingDown,
    ...repairAndCycle(state),
  };
  return { ...summary, compact: compactOf(summary) };
}

/** I9: help asks and Self checks, from the state; none in a practice room, where they are the partner's alone (I8). */
function listeningOf(state: RoomState): Pick<SessionSummary, 'listeningHelp' | 'selfChecks'> {
  if (state.mode === 'practice') return { listeningHelp: null, selfChecks: null };
  return {
    listeningHelp: both((seat) =>
      state.listeningInside
        .filter((note) => note.seat === seat && note.kind === 'help')
        .map(({ at, round }) => ({ at, round })),
    ),
    selfChecks: both((seat) =>
      state.selfChecks
        .filter((check) => check.seat === seat)
        .map(({ at, moment, qualities, notYet }) => ({ at, moment, qualities, notYet })),
    ),
  };
}

/** Part E (I37): what the state holds of repairs, marks and the cycle map, as the summary's reader may read it. */
function repairAndCycle(state: RoomState): Pick<SessionSummary, 'repairOffers' | 'moments' | 'cycleMap'> {
  const end = (e: { seat: PartnerSeat; part?: string | undefined }) => ({
    seat: e.seat,
    part: e.part ?? null,
  });
  return {
    repairOffers: state.repairOffers.map((offer) => ({
      at: offer.at,
      seat: offer.seat,
      whatSetMeUp: offer.repair.whatSetMeUp ?? null,
      myPart: offer.repair.myPart ?? null,
      apology: offer.repair.apology ?? null,
      answer: offer.answer ? { at: offer.answer.at, accepted: offer.answer.accepted } : null,
    })),
    moments: state.moments.map((m) => ({ at: m.at, kind: m.kind, note: m.note ?? null })),
    cycleMap: state.cycleMap.map((link) => ({ at: link.at, from: end(link.from), to: end(link.to) })),
  };
}

function checkInOf(state: RoomState, seat: PartnerSeat, at: number | null): CheckInSummary | null {
  const checkIn = state.checkIns[seat];
  if (!checkIn || at === null) return null;
  // R2: a check-in kept for `self` is the partner's alone, whatever the log holds.
  const content = checkIn.visibility === 'self' ? undefined : checkIn.content;
  return {
    at,
    visibility: checkIn.visibility,
    keptPrivate: checkIn.visibility === 'self',
    selfEnergy: content?.selfEnergy ?? null,
    body: content?.body ?? null,
    parts: content?.parts ?? [],
  };
}

/** The session list's line (issue 10 §2): the summary at a glance. */
export function compactOf(summary: Omit<SessionSummary, 'compact' | 'contract'>): SessionListItem {
  const reflections = [summary.closing.reflections.A, summary.closing.reflections.B];
  return {
    roomId: summary.roomId,
    date: summary.startedAt,
    minutes: summary.minutes,
    rounds: summary.roundsCompleted,
    whoSpoke: both((seat) => summary.pieces[seat].spoken),
    partsNamed: both((seat) => [...new Set(summary.partsNamed[seat].map((part) => part.name))]),
    selfEnergy: both((seat) => summary.checkIns[seat]?.selfEnergy ?? null),
    safetyCount: summary.safety.pauses.length,
    closing: summary.closing.startedAt !== null,
    repair: reflections.some((note) => note?.repair != null) || summary.repairOffers.length > 0,
  };
}
