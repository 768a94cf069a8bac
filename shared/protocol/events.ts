import { z } from 'zod';
import {
  CheckInVisibility,
  ContemptStepName,
  ListenerResponse,
  MomentKind,
  Recorded,
  SafeToSpeak,
  SelfCheckMoment,
  SelfQuality,
} from './commands.ts';
import { Partners } from './partners.ts';
import { Mode, PartnerSeat, Seat } from './seats.ts';
import { ConfirmStepName, RoundStep } from './steps.ts';
import { Talk } from './talk.ts';

/** A part as it travels with a piece of speech: what it fears stays with the speaker (and therapist). */
export const SpokenPart = Recorded.Part.omit({ fears: true });
export type SpokenPart = z.infer<typeof SpokenPart>;

export const Actor = z.union([Seat, z.literal('system')]);
export type Actor = z.infer<typeof Actor>;

/** Every kind of pause the state can hold; `breathing` and `break` come with their own events (part B, I10–I19). */
export const PauseKind = z.enum(['pause', 'time_out', 'safety', 'connection', 'breathing', 'break']);
export type PauseKind = z.infer<typeof PauseKind>;

/**
 * One end of a link in the cycle map as recorded (I34–I36). The engine decides, from the room, two
 * facts the seat views need, so they never need the state: `named` — this partner named the part in
 * the room this session (so the link is theirs to see); `shown` — its name had already been shown to
 * the other partner (a piece carried it, or a check-in shared with the room). `part` is left out of
 * the copy the other partner receives when `shown` is false.
 */
export const LinkedPart = z.strictObject({
  seat: PartnerSeat,
  part: z.string().optional() /* private */,
  named: z.boolean(),
  shown: z.boolean(),
});
export type LinkedPart = z.infer<typeof LinkedPart>;

const ev = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({
    type: z.literal(type),
    seq: z.number().int().positive(),
    at: z.number().int().nonnegative(),
    actor: Actor,
    ...shape,
  });

/** The room paused, by kind; each kind carries what its pause in the state needs (T20–T22, T30, T33). */
const Paused = z.discriminatedUnion('kind', [
  ev('paused', { kind: z.literal('pause'), seat: Seat }),
  ev('paused', { kind: z.literal('time_out'), seat: PartnerSeat, until: z.number().int().nonnegative() }),
  ev('paused', { kind: z.literal('safety'), seat: PartnerSeat }),
  ev('paused', { kind: z.literal('connection'), seat: Seat }),
]);

/**
 * Every accepted change to a room, in log order. `seq` is gap-free per room. Fields marked optional
 * with "private" are left out of the copy a seat receives when that seat may not read them (see
 * `shared/engine/view.ts`); `private` events are the stand-in a seat receives for an event it may
 * not see at all, so its sequence stays gap-free. A step's `text` (and a floor request's `topic`) is
 * absent when it was said aloud in a spoken room (T37).
 */
export const RoomEvent = z.discriminatedUnion('type', [
  /**
   * `talk` (T37): a log written before rooms had one reads as written, which they all were.
   * `partners` (N1): the partners' names, or null; a log written before names reads as null.
   */
  ev('roomCreated', {
    roomId: z.string(),
    mode: Mode,
    talk: Talk.default('written'),
    partners: Partners.nullable().default(null),
    /** I40: the couple's confidentiality text the room starts with; absent when none (and in v4 logs). */
    confidentiality: z.string().optional(),
    /** I11: the breathing pause's length; absent in logs from before version 5, which read it as 60. */
    breathingSeconds: z.number().int().positive().optional(),
  }),
  ev('talkSet', { talk: Talk }),
  ev('private', {}),
  ev('seatAdmitted', { seat: PartnerSeat }),
  ev('seatReissued', { seat: Seat }),
  /** `confidentialitySeq` (I41): the seq of the confidentiality text agreed to; absent when the room had none. */
  ev('contractAgreed', {
    seat: PartnerSeat,
    safeWord: z.string().optional(),
    confidentialitySeq: z.number().int().positive().optional(),
  }),
  ev('safetyPlanShared', { seat: PartnerSeat, plan: Recorded.SafetyPlan.optional() /* private */ }),
  ev('checkedIn', {
    seat: PartnerSeat,
    visibility: CheckInVisibility,
    checkIn: Recorded.CheckInContent.optional() /* private */,
  }),
  ev('roundStarted', { round: z.number().int().positive(), speaker: PartnerSeat.nullable() }),
  ev('floorRequested', { seat: PartnerSeat, topic: z.string().optional() }),
  ev('speakerChosen', { seat: PartnerSeat }),
  ev('floorDeclined', {
    seat: PartnerSeat,
    when: z.string().optional(),
    until: z.number().int().nonnegative().optional(),
  }),
  ev('shorterAsked', { seat: PartnerSeat }),
  ev('pieceLimitSet', { chars: z.number().int().positive() }),
  /** The session's video-call link (T39); `null` clears it. */
  ev('videoLinkSet', { url: z.string().nullable() }),
  ev('listenerReady', { seat: PartnerSeat }),
  ev('urgeToSpeak', { seat: PartnerSeat }),
  ev('partNamed', {
    seat: PartnerSeat,
    requested: z.boolean(),
    part: Recorded.Part.optional() /* private */,
  }),
  ev('spoke', {
    seat: PartnerSeat,
    text: z.string().optional(),
    part: SpokenPart.nullable(),
    rephrases: z.number().optional(),
  }),
  ev('reflected', { seat: PartnerSeat, text: z.string().optional(), rephrases: z.number().optional() }),
  ev('confirmed', { seat: PartnerSeat, step: ConfirmStepName }),
  ev('corrected', {
    seat: PartnerSeat,
    step: ConfirmStepName,
    text: z.string().optional(),
    rephrases: z.number().optional(),
  }),
  ev('moreAnswered', { seat: PartnerSeat, more: z.boolean() }),
  ev('summarized', { seat: PartnerSeat, text: z.string().optional(), rephrases: z.number().optional() }),
  ev('validated', {
    seat: PartnerSeat,
    text: z.string().optional(),
    ownParts: z.string().optional(),
    rephrases: z.number().optional(),
  }),
  ev('empathized', { seat: PartnerSeat, text: z.string().optional(), rephrases: z.number().optional() }),
  ev('landed', {
    seat: PartnerSeat,
    text: z.string().optional(),
    request: z.string().optional(),
    rephrases: z.number().optional(),
  }),
  ev('rolesSwapped', { round: z.number().int().positive(), speaker: PartnerSeat, listener: PartnerSeat }),
  ev('closingStarted', {}),
  ev('closingReflection', { seat: PartnerSeat, nextTime: z.string(), repair: Recorded.Repair.optional() }),
  Paused,
  ev('resumed', {}),
  ev('uTurnRequested', { seat: PartnerSeat }),
  /** "Who is speaking?" (T24): the entry `entrySeq` is set aside; back to `step`, its step. */
  ev('entryMarkedFromPart', { entrySeq: z.number().int().positive(), step: RoundStep }),
  ev('directAccessStarted', { seat: PartnerSeat, witness: PartnerSeat }),
  ev('directSaid', { seat: Seat, text: z.string() }),
  /** I22: with `witness` (v5), the witness's turn opens; a v4 log has none and opens nothing. */
  ev('directAccessEnded', { witness: PartnerSeat.optional() }),
  /** T26: with `entrySeq`, that entry of `seat` is set aside and the round goes back to `step`, its step. */
  ev('contemptStopped', {
    seat: PartnerSeat,
    entrySeq: z.number().int().positive().optional(),
    step: RoundStep.optional(),
    /** I24 (v5): the guided sequence begins, and the U-turn waits for its last step; absent in v4 logs. */
    guided: z.literal(true).optional(),
  }),
  ev('stepRewound', { from: RoundStep, to: RoundStep }),
  ev('stepSkipped', { from: z.union([RoundStep, z.literal('checkin')]), to: RoundStep }),
  ev('draftsVisibilitySet', { visible: z.boolean() }),
  ev('draftSharingSet', { seat: PartnerSeat, shared: z.boolean() }),
  ev('timerSet', { durationMs: z.number().int().positive(), label: z.string().optional() }),
  ev('timerExtended', { byMs: z.number().int().positive() }),
  ev('timerCleared', {}),
  ev('repairAnswered', { seat: PartnerSeat, accepted: z.boolean() }),
  ev('endRequested', { seat: Seat }),
  ev('endCancelled', {}),
  ev('ended', {}),
  // Part D, the contract (issue 11 §8, I40–I49). The last two are private to the partner and the
  // therapist: every other seat receives the `private` stand-in (I44, I46).
  ev('confidentialitySet', { text: z.string() }),
  ev('locationConfirmed', { seat: PartnerSeat, location: z.string() }),
  ev('safeToSpeakAnswered', { seat: PartnerSeat, answer: SafeToSpeak }),
  // Part A — listening inside (issue 11, I1–I9): each private to its partner and the therapist (I8).
  ev('listeningPartNamed', { seat: PartnerSeat, part: Recorded.Part.optional() }),
  ev('listeningHelpAsked', { seat: PartnerSeat }),
  ev('selfChecked', {
    seat: PartnerSeat,
    moment: SelfCheckMoment,
    qualities: z.array(SelfQuality),
    notYet: z.boolean(),
  }),
  // Part B, slowing down (issue 11 §5, I10–I19).
  /** A guided breathing pause, called by `seat`, that ends by itself at `until` (I10, I12). */
  ev('breathingStarted', { seat: Seat, until: z.number().int().nonnegative() }),
  /** The breathing pause's time is up (actor `system`): the room goes on at its step (I12). */
  ev('breathingEnded', {}),
  /** A flooding break of `minutes`, called by `seat`; come back at `until` (I15). */
  ev('breakTaken', {
    seat: Seat,
    minutes: z.number().int().positive(),
    until: z.number().int().nonnegative(),
  }),
  // Part C, therapist moves (issue 11 §3, §4, §7; shared/SPEC.md I20–I29).
  /** I20, I21: private to the asked partner and the therapist until a "yes" starts direct access. */
  ev('directAccessAsked', { seat: PartnerSeat }),
  ev('directAccessDeclined', { seat: PartnerSeat }),
  ev('directAccessWithdrawn', { seat: PartnerSeat }),
  /** I22, I23: the witness's turn after direct access; `text` absent when said aloud (T37). */
  ev('witnessSaid', { seat: PartnerSeat, text: z.string().optional() }),
  ev('witnessSkipped', { seat: PartnerSeat }),
  /** I24, I25: the next step of the guided "stop contempt"; `u_turn` ends it. */
  ev('contemptStepTaken', { seat: PartnerSeat, step: ContemptStepName }),
  ev('contemptEnded', { seat: PartnerSeat }),
  /** I27, I28: the listener's response from the next confirmed summary on; one free response. */
  ev('responseChosen', { response: ListenerResponse }),
  ev('respondedFromHeart', {
    seat: PartnerSeat,
    text: z.string().optional(),
    rephrases: z.number().optional(),
  }),
  // Part E — repair and the cycle (issue 11 §6, shared/SPEC.md I30–I39)
  ev('repairOffered', { seat: PartnerSeat, repair: Recorded.Repair }),
  ev('repairOfferAnswered', {
    seat: PartnerSeat,
    offerSeq: z.number().int().positive(),
    accepted: z.boolean(),
  }),
  /** The therapist's alone (I33): every partner receives the `private` stand-in. */
  ev('momentMarked', { kind: MomentKind, note: z.string().optional() }),
  ev('partsLinked', { from: LinkedPart, to: LinkedPart }),
  /** `seenBy`: the partners who could read the link (I35), so only they hear it is gone. */
  ev('partsUnlinked', { linkSeq: z.number().int().positive(), seenBy: z.array(PartnerSeat) }),
]);
export type RoomEvent = z.infer<typeof RoomEvent>;
