import { z } from 'zod';
import {
  CheckInVisibility,
  ListenerResponse,
  MomentKind,
  Recorded,
  SafeToSpeak,
  SelfCheckMoment,
  SelfQuality,
} from './commands.ts';
import { LinkedPart, SpokenPart } from './events.ts';
import { Partners } from './partners.ts';
import { Mode, PartnerSeat, Seat } from './seats.ts';
import { RoundStep } from './steps.ts';
import { Talk } from './talk.ts';

/**
 * The room state (`docs/PROTOCOL.md` §6): what folding the events gives, and what a snapshot carries
 * (`sync.state`, parsed with `RoomState`). The TS types are inferred from these schemas, so the type
 * the engine folds and the schema a client parses are one and the same. Data that belongs to one
 * stage, one kind of round or one kind of pause lives only in that member of its union.
 */

const seq = z.number().int().positive();
const time = z.number().int().nonnegative();
const perPartner = <T extends z.ZodType>(value: T) => z.partialRecord(PartnerSeat, value);

/**
 * Why an entry was set aside by the therapist (T24, T26): spoken *from* a part rather than for it, or
 * contempt. A set-aside entry stays in the round and the record, but no card asks anyone to answer it.
 */
export const SetAside = z.enum(['from_part', 'contempt']);
export type SetAside = z.infer<typeof SetAside>;

/** Something said in a round; the record of the exchange is the list of these. */
export const Entry = z.strictObject({
  seq,
  at: time,
  seat: PartnerSeat,
  /** `heart`: the listener's one free response, when the therapist chose it (I28). */
  kind: z.enum(['piece', 'reflection', 'correction', 'summary', 'validation', 'empathy', 'landing', 'heart']),
  /** The step the entry answered; a rephrase (after "who is speaking?") happens at this step again. */
  step: RoundStep,
  /** Absent when it was said aloud in a spoken room (T37). */
  text: z.string().optional(),
  part: SpokenPart.nullable().optional(),
  ownParts: z.string().optional(),
  request: z.string().optional(),
  /** Set aside by the therapist, and why (T24, T26); null while it stands. */
  setAside: SetAside.nullable(),
  /** The seq of the entry this one rephrases. */
  rephrases: z.number().optional(),
});
export type Entry = z.infer<typeof Entry>;

/**
 * The listener's "not now" to the last floor request (T7), until the floor is asked for again; `until`
 * is the time they named ("in ten minutes"), for both screens to remind them when it comes.
 */
const Declined = z.strictObject({
  seat: PartnerSeat,
  at: time,
  when: z.string().optional(),
  until: time.optional(),
});

/**
 * A round nobody holds the floor of yet (round 1 before anyone asked, or after a "not now" there):
 * either partner may ask. `entries` is not always empty: a rewind to `request_floor` keeps what was
 * said, and a "not now" after it frees the floor again.
 */
export const OpenRound = z.strictObject({
  floor: z.literal('open'),
  number: z.number().int().positive(),
  step: z.literal('request_floor'),
  entries: z.array(Entry),
  declined: Declined.nullable(),
});
export type OpenRound = z.infer<typeof OpenRound>;

/** A round with a speaker; the listener is the other partner. */
export const HeldRound = z.strictObject({
  floor: z.literal('held'),
  number: z.number().int().positive(),
  speaker: PartnerSeat,
  /**
   * Null until the speaker asks for the floor with a topic (after a swap, a choice or a "not now"), and
   * when the topic was said aloud (T37): the step tells where the round is, not the topic.
   */
  topic: z.string().nullable(),
  step: RoundStep,
  entries: z.array(Entry),
  /** Set while the author of a set-aside entry says it again, for the part (T24, T26). */
  rephrasing: seq.nullable(),
  /**
   * The part the speaker last named at this round's own `u_turn` or `speak` step, without what it
   * fears: the one pieces carry (T9). A part named anywhere else (a U-turn asked for at another step,
   * direct access) never lands here (A11). Private until a piece carries it: only the speaker and the
   * therapist see it in the state; the listener's view holds null.
   */
  speakerPart: SpokenPart.nullable(),
  /** The therapist chose who speaks first (T36): a "not now" keeps them as the speaker. */
  chosen: z.boolean(),
  declined: Declined.nullable(),
  // Part C, therapist moves (I27, I28):
  /** The listener's response in this round, taken from the room's `response` when the summary was confirmed. */
  responding: ListenerResponse,
});
export type HeldRound = z.infer<typeof HeldRound>;

export const Round = z.discriminatedUnion('floor', [OpenRound, HeldRound]);
export type Round = z.infer<typeof Round>;

/** Why the room is paused, and what each kind carries (T20–T22, T30, T33). */
export const Pause = z.discriminatedUnion('kind', [
  /** A moderator's pause: the therapist, or a practice partner. */
  z.strictObject({ kind: z.literal('pause'), seat: Seat, at: time }),
  /** A practice partner's time-out: they resume it, or either partner once `until` has passed (T22). */
  z.strictObject({ kind: z.literal('time_out'), seat: PartnerSeat, at: time, until: time }),
  /** The safe word: `seat` called it last; every partner who called it is a caller (T30). */
  z.strictObject({
    kind: z.literal('safety'),
    seat: PartnerSeat,
    at: time,
    callers: z.array(PartnerSeat).nonempty(),
  }),
  /** The room paused itself: `seat`'s connection dropped during a round (T33). */
  z.strictObject({ kind: z.literal('connection'), seat: Seat, at: time }),
  // Part B, slowing down (I10–I19).
  /** A guided breathing pause `seat` called; it ends by itself at `until` (I10, I12). */
  z.strictObject({ kind: z.literal('breathing'), seat: Seat, at: time, until: time }),
  /**
   * A flooding break `seat` called; the room comes back at `until` or earlier (I15, I16). `over`: the
   * hold it replaced (the moderator's pause, a dropped connection, a breathing minute), if any — in a
   * therapy room only the therapist ends such a break (I16).
   */
  z.strictObject({
    kind: z.literal('break'),
    seat: Seat,
    at: time,
    until: time,
    over: z.enum(['pause', 'connection', 'breathing']).optional(),
  }),
]);
export type Pause = z.infer<typeof Pause>;

export const CheckIn = z.strictObject({
  visibility: CheckInVisibility,
  /** Absent from a seat's view when that seat may not read it. */
  content: Recorded.CheckInContent.optional(),
});
export type CheckIn = z.infer<typeof CheckIn>;

export const ClosingNote = z.strictObject({
  nextTime: z.string(),
  repair: Recorded.Repair.optional(),
  /** The other partner's answer to this repair (T18). */
  repairAccepted: z.boolean().optional(),
});
export type ClosingNote = z.infer<typeof ClosingNote>;

export const Timer = z.strictObject({
  startedAt: time,
  durationMs: z.number().int().positive(),
  label: z.string().optional(),
  pausedAt: time.optional(),
});
export type Timer = z.infer<typeof Timer>;

/** A repair offered at any moment of the round or the close (I30), and its answer (I31). */
export const RepairOffer = z.strictObject({
  seq,
  at: time,
  seat: PartnerSeat,
  repair: Recorded.Repair,
  answer: z.strictObject({ seq, at: time, accepted: z.boolean() }).nullable(),
});
export type RepairOffer = z.infer<typeof RepairOffer>;

/** A link of the cycle map (I34): `seq` is the `partsLinked` event's, the id `unlinkParts` names. */
export const CycleLink = z.strictObject({ seq, at: time, from: LinkedPart, to: LinkedPart });
export type CycleLink = z.infer<typeof CycleLink>;

/** What the room holds in every stage. */
const roomCommon = {
  roomId: z.string(),
  mode: Mode,
  /** Spoken or written (T37): chosen at creation, switched by a moderator at any time. */
  talk: Talk,
  /** The partners' names and pronouns, given at creation (N1), or null: every seat sees them (N2). */
  partners: Partners.nullable(),
  createdAt: time,
  /** The seq of the last event folded in. */
  seq: z.number().int().nonnegative(),
  /** Therapy mode: partners wait until the therapist admits them. Practice partners are always in. */
  admitted: z.strictObject({ A: z.boolean(), B: z.boolean() }),
  /** Each partner's agreement; `confidentialitySeq`: the confidentiality text they agreed to (I41). */
  contract: perPartner(
    z.strictObject({ safeWord: z.string().optional(), at: time, confidentialitySeq: seq.optional() }),
  ),
  /** The room's limit on a piece and a correction, in characters (T38). */
  pieceLimit: z.number().int().positive(),
  /** Every "Shorter, please" of a listener, in order, for the whole room (T38). */
  shorterAsks: z.array(
    z.strictObject({ seq, at: time, seat: PartnerSeat, round: z.number().int().positive() }),
  ),
  /** Private: each partner's own, and the therapist's. */
  safetyPlans: perPartner(z.strictObject({ plan: Recorded.SafetyPlan.optional(), at: time })),
  checkIns: perPartner(CheckIn),
  /**
   * Rounds that are over, oldest first: swapped out, or the last one once the close starts or the
   * session ends — so a snapshot carries the whole exchange so far.
   */
  previousRounds: z.array(Round),
  roundsCompleted: z.number().int().nonnegative(),
  /** The part each partner named last (private to them and the therapist). */
  parts: perPartner(Recorded.Part.optional()),
  /**
   * Every part each partner named in the room this session, in order — at a U-turn, asked for one, or
   * in direct access (T39); private like `parts`. A part named aloud (T37) is not here.
   */
  partsNamed: perPartner(
    z.array(
      z.strictObject({
        seq,
        at: time,
        requested: z.boolean(),
        part: Recorded.Part,
        /** Named by the listener getting ready to listen (I1), not at a U-turn. */
        listening: z.literal(true).optional(),
      }),
    ),
  ),
  /** The session's video-call link, set by the therapist (T39): every seat sees it. */
  videoLink: z.string().nullable(),
  /** Partners asked to make a U-turn: their input is U-turn only until they name the part. */
  uTurnRequests: perPartner(z.strictObject({ at: time })),
  /** Private to the partner and the therapist. */
  urges: z.array(z.strictObject({ seq, at: time, seat: PartnerSeat })),
  pause: Pause.nullable(),
  directAccess: z.strictObject({ seat: PartnerSeat, witness: PartnerSeat }).nullable(),
  /** What the therapist and a partner's part said to each other in direct access, in order (T25). */
  directExchanges: z.array(z.strictObject({ seq, at: time, seat: Seat, text: z.string() })),
  /**
   * The room's timer (T28). It freezes while the room is paused: `pausedAt` is when it froze, and on
   * resume `startedAt` moves on by the time it was frozen, so `startedAt + durationMs` is again when it
   * runs out. What is left at any moment: `timerRemaining(timer, now)` (`shared/engine/timer.ts`).
   */
  timer: Timer.nullable(),
  endRequested: z.strictObject({ seat: Seat, at: time }).nullable(),
  closing: perPartner(ClosingNote),
  /**
   * The therapist's override (D4): false hides each partner's draft from the other whatever they
   * chose. True (the default, and always in practice) leaves it to `draftSharing`; it never shows a
   * draft by itself.
   */
  draftsVisibleToPartner: z.boolean(),
  /**
   * Each partner's own consent to the other reading their draft as it forms (D4). A draft is read by
   * the other partner only while both consent (and the therapist has not hidden drafts).
   */
  draftSharing: z.strictObject({ A: z.boolean(), B: z.boolean() }),
  // Part D, the contract (issue 11 §8, I40–I49)
  /** The room's confidentiality text and its limits (I40); `seq` is its version, the event that set it. */
  confidentiality: z.strictObject({ seq, at: time, text: z.string() }).nullable(),
  /** Where each partner confirmed they are today (I44): private to the partner and the therapist. */
  locations: perPartner(z.strictObject({ seq, at: time, location: z.string() })),
  /** Each partner's latest answer to "Is it safe for you to speak openly today?" (I45): private likewise. */
  safeToSpeak: perPartner(z.strictObject({ seq, at: time, answer: SafeToSpeak })),
  // Part A — listening inside (issue 11, I1–I9)
  /**
   * What a listener noticed inside at `listener_ready` (I1–I4), in order: a part that does not want to
   * listen (`part`, absent when named aloud) or "I need help to listen" (`help`). Private (I8): the
   * therapist sees all, a partner only their own.
   */
  listeningInside: z.array(
    z.strictObject({
      seq,
      at: time,
      seat: PartnerSeat,
      round: z.number().int().positive(),
      kind: z.enum(['part', 'help']),
      part: Recorded.Part.optional(),
    }),
  ),
  /** Every Self check (I5–I7), in order; private like `listeningInside` (I8). */
  selfChecks: z.array(
    z.strictObject({
      seq,
      at: time,
      seat: PartnerSeat,
      moment: SelfCheckMoment,
      qualities: z.array(SelfQuality),
      notYet: z.boolean(),
    }),
  ),
  // Part B, slowing down (I10–I19).
  /** How long a breathing pause lasts in this room, in seconds (I11): fixed at creation. */
  breathingSeconds: z.number().int().positive(),
  // Part C, therapist moves (issue 11 §3, §4, §7; shared/SPEC.md I20–I29).
  /**
   * The therapist's unanswered "May I talk with this part directly?" (I20). Private: only the asked
   * partner and the therapist see it; the other partner's view holds null (I21).
   */
  directAccessAsk: z.strictObject({ seq, at: time, seat: PartnerSeat }).nullable(),
  /** The last "not now" to it, until the next ask (I20), for the console to say so; private like the ask. */
  directAccessDeclined: z.strictObject({ seat: PartnerSeat, at: time }).nullable(),
  /** After direct access, the witness says what they noticed or skips (I22); round steps wait (I23). */
  witnessTurn: z.strictObject({ seat: PartnerSeat, at: time }).nullable(),
  /** The guided "stop contempt" running (I24): the partner, the step last taken, since when. */
  contempt: z
    .strictObject({ seat: PartnerSeat, step: z.enum(['stop', 'name', 'recall', 'hurt']), at: time })
    .nullable(),
  /** The listener's response the therapist chose (I27): `chain` unless chosen; always `chain` in practice. */
  response: ListenerResponse,
  // Part E — repair and the cycle (issue 11 §6, shared/SPEC.md I30–I39)
  /** Repairs offered during the round or the close, and the other partner's answer (I30–I32): every seat sees them. */
  repairOffers: z.array(RepairOffer),
  /** The therapist's marks of unburdening or repair (I33): empty in a partner's view. */
  moments: z.array(z.strictObject({ seq, at: time, kind: MomentKind, note: z.string().optional() })),
  /**
   * The cycle map, "the dance of the protectors" (I34–I36): `from`'s part sets off `to`'s. A partner's
   * view holds only the links where their own part is one they named, and the other's part name only
   * where it was already shown to them.
   */
  cycleMap: z.array(CycleLink),
};

/**
 * The room as a whole, tagged by `stage`: the round in progress exists only in stage `round`, and
 * `endedAt` (from which the export window of A15 is counted) only once the session has ended.
 */
export const RoomState = z.discriminatedUnion('stage', [
  z.strictObject({ ...roomCommon, stage: z.literal('contract') }),
  z.strictObject({ ...roomCommon, stage: z.literal('checkin') }),
  z.strictObject({ ...roomCommon, stage: z.literal('round'), round: Round }),
  z.strictObject({ ...roomCommon, stage: z.literal('closing') }),
  z.strictObject({ ...roomCommon, stage: z.literal('ended'), endedAt: time }),
]);
export type RoomState = z.infer<typeof RoomState>;

const RoomCommonSchema = z.strictObject(roomCommon);
/** What every stage of the room holds. */
export type RoomCommon = z.infer<typeof RoomCommonSchema>;
/** The stage and the data that exists only in it. */
export type StageState =
  | { stage: 'contract' }
  | { stage: 'checkin' }
  | { stage: 'round'; round: Round }
  | { stage: 'closing' }
  | { stage: 'ended'; endedAt: number };

/** Holds only when `RoomState` is exactly `RoomCommon & StageState`, so the two cannot drift apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const STATE_SHAPE_CHECK: Same<RoomState, RoomCommon & StageState> = true;
