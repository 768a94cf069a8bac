import { z } from 'zod';
import { BREATHING } from './breathing.ts';
import { LIMITS } from './limits.ts';
import type { PartnersInput } from './partners.ts';
import { PartnerSeat, type Seat } from './seats.ts';
import { RoundStep } from './steps.ts';
import { Talk } from './talk.ts';
import { labelText, noteText, pieceText, recordedText } from './text.ts';
import { VideoLink } from './videoLink.ts';

/**
 * The objects commands and events share, built from text schemas: commands check what a person
 * wrote against the text rules (`text.ts`); events carry it as it was recorded (`Recorded`).
 */
function textShapes<L extends z.ZodType<string>, N extends z.ZodType<string>>(
  label: (what: string) => L,
  note: (what: string) => N,
) {
  return {
    /** The part a speaker names in a U-turn (shared/SPEC.md T5, T23). */
    Part: z.strictObject({
      name: label("The part's name"),
      kind: z.enum(['protector', 'exile', 'not_sure']),
      feltWhere: label('Where it is felt').optional(),
      fears: note('What it fears').optional(),
    }),
    CheckInContent: z.strictObject({
      parts: z.array(label('A part')).max(LIMITS.checkInParts),
      body: label('Where in the body').optional(),
      selfEnergy: z.number().int().min(0).max(10).optional(),
    }),
    SafetyPlan: z.strictObject({
      location: note('Your location').optional(),
      emergencyContact: note('The emergency contact').optional(),
    }),
    Repair: z.strictObject({
      whatSetMeUp: note('What set me up').optional(),
      myPart: note('My part').optional(),
      apology: note('The apology').optional(),
    }),
  };
}

export const { Part, CheckInContent, SafetyPlan, Repair } = textShapes(labelText, noteText);
export type Part = z.infer<typeof Part>;
export type CheckInContent = z.infer<typeof CheckInContent>;
export type SafetyPlan = z.infer<typeof SafetyPlan>;
/** The same objects inside events: as recorded, not checked against today's text rules again. */
export const Recorded = textShapes(recordedText, recordedText);

export const CheckInVisibility = z.enum(['self', 'therapist', 'room']);

/** Four of the Self qualities a partner may notice toward a part (I5): the "how do you feel toward it?" check. */
export const SelfQuality = z.enum(['calm', 'curious', 'compassionate', 'connected']);
export type SelfQuality = z.infer<typeof SelfQuality>;
/** When a Self check is taken (I5, I7): after the speaker's U-turn, at the start (check-in), at the end (closing). */
export const SelfCheckMoment = z.enum(['u_turn', 'start', 'end']);
export type SelfCheckMoment = z.infer<typeof SelfCheckMoment>;
export type CheckInVisibility = z.infer<typeof CheckInVisibility>;

/** A partner's private answer to "Is it safe for you to speak openly today?" (I45). */
export const SafeToSpeak = z.enum(['yes', 'not_sure', 'no']);
export type SafeToSpeak = z.infer<typeof SafeToSpeak>;
/** The guided steps of "stop contempt" after the stop itself, in order (I24). */
export const CONTEMPT_STEPS = ['name', 'recall', 'hurt', 'u_turn'] as const;
export const ContemptStepName = z.enum(CONTEMPT_STEPS);
export type ContemptStepName = z.infer<typeof ContemptStepName>;

/** The listener's response after a confirmed summary, as the therapist chose it (I27). */
export const ListenerResponse = z.enum(['chain', 'heart', 'landing']);
export type ListenerResponse = z.infer<typeof ListenerResponse>;
/** A moment the therapist marks in the record (I33): relational unburdening, or a repair. */
export const MomentKind = z.enum(['unburdening', 'repair']);
export type MomentKind = z.infer<typeof MomentKind>;

/**
 * One end of a link in the cycle map (I34): a part of one partner, by the name it goes by. `aloud`:
 * the therapist heard the partner name it aloud on the call (a spoken room keeps no name, T37), so
 * it counts as theirs (I35).
 */
export const LinkEnd = z.strictObject({
  seat: PartnerSeat,
  part: labelText("The part's name"),
  aloud: z.boolean().optional(),
});
export type LinkEnd = z.infer<typeof LinkEnd>;

const seconds = z.number().int().min(LIMITS.timerMinSeconds).max(LIMITS.timerMaxSeconds);
const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

/**
 * Everything a client may ask the room to do. Who may send which command, and when, is decided by
 * the engine (`shared/engine/decide.ts`) and listed in `shared/SPEC.md`.
 */
export const ClientCommand = z.discriminatedUnion('type', [
  // Contract and check-in
  cmd('admit', { seat: PartnerSeat }),
  // I41: `confidentialitySeq` names the confidentiality text the partner read; a newer one refuses it.
  cmd('agreeContract', {
    safeWord: labelText('The safe word').optional(),
    confidentialitySeq: z.number().int().positive().optional(),
  }),
  cmd('shareSafetyPlan', { plan: SafetyPlan }),
  cmd('checkIn', { checkIn: CheckInContent, visibility: CheckInVisibility }),
  // The round
  // In a spoken room (T37) the text of each step is optional: the engine refuses it missing in a written one.
  cmd('requestFloor', { topic: labelText('The topic').optional() }),
  cmd('chooseSpeaker', { seat: PartnerSeat }),
  cmd('listenerReady', {}),
  cmd('proposeLater', {
    when: labelText('When').optional(),
    minutes: z.number().int().min(1).max(LIMITS.laterMaxMinutes).optional(),
  }),
  cmd('askShorter', {}),
  cmd('urgeToSpeak', {}),
  cmd('uTurn', { part: Part.optional() }),
  cmd('speak', { text: pieceText('A piece').optional() }),
  cmd('reflect', { text: pieceText('A reflection').optional() }),
  // At `confirm`, `more` answers "is there more?" in the same tap (T11): both events follow.
  cmd('confirm', { more: z.boolean().optional() }),
  cmd('correct', { text: pieceText('A correction').optional() }),
  cmd('answerMore', { more: z.boolean() }),
  cmd('summarize', { text: pieceText('A summary').optional() }),
  cmd('validate', {
    text: pieceText('What makes sense').optional(),
    ownParts: pieceText('Your own parts').optional(),
  }),
  cmd('empathize', { text: pieceText('The empathy').optional() }),
  cmd('land', { text: pieceText('How it landed').optional(), request: noteText('The request').optional() }),
  cmd('swapRoles', {}),
  cmd('startClosing', {}),
  cmd('closingReflection', { nextTime: noteText('What you will do next time'), repair: Repair.optional() }),
  // Interventions
  cmd('answerRepair', { accepted: z.boolean() }),
  cmd('pause', {}),
  cmd('timeOut', {}),
  cmd('safetyPause', {}),
  cmd('resume', {}),
  cmd('requestUTurn', { seat: PartnerSeat }),
  cmd('markFromPart', { entrySeq: z.number().int().positive() }),
  cmd('directSay', { text: pieceText('What you say') }),
  cmd('endDirectAccess', {}),
  cmd('stopContempt', { seat: PartnerSeat, entrySeq: z.number().int().positive().optional() }),
  cmd('rewind', { to: RoundStep }),
  cmd('skipStep', {}),
  cmd('setTimer', { seconds, label: labelText('The label').optional() }),
  cmd('setDraftsVisible', { visible: z.boolean() }),
  cmd('shareDraft', { shared: z.boolean() }),
  cmd('extendTimer', { seconds }),
  cmd('clearTimer', {}),
  cmd('requestEnd', {}),
  cmd('confirmEnd', {}),
  cmd('cancelEnd', {}),
  cmd('setTalk', { talk: Talk }),
  cmd('setVideoLink', { url: VideoLink }),
  cmd('clearVideoLink', {}),
  cmd('setPieceLimit', { chars: z.number().int().min(LIMITS.pieceLimitMin).max(LIMITS.pieceChars) }),
  // Part D, the contract (issue 11 §8, I40–I49): confidentiality, today's location, "safe to speak?"
  cmd('setConfidentiality', { text: noteText('The confidentiality text') }),
  cmd('confirmLocation', { location: noteText('Your location') }),
  cmd('answerSafeToSpeak', { answer: SafeToSpeak }),
  // Part A — listening inside (issue 11, I1–I9). `part` is optional only in a spoken room (T37, I2).
  cmd('nameListeningPart', { part: Part.optional() }),
  cmd('askListeningHelp', {}),
  cmd('checkSelf', {
    moment: SelfCheckMoment,
    qualities: z.array(SelfQuality).max(SelfQuality.options.length),
    notYet: z.boolean(),
  }),
  // Part B, slowing down (issue 11 §5, I10–I19): a guided breathing minute, and a flooding break.
  cmd('breathe', {}),
  cmd('takeBreak', {
    minutes: z.number().int().min(BREATHING.breakMinMinutes).max(BREATHING.breakMaxMinutes),
  }),
  // Part C, therapist moves (issue 11 §3, §4, §7; shared/SPEC.md I20–I29). Direct access begins with
  // consent: `askDirectAccess` replaces v4's `startDirectAccess`, whose event old logs still hold.
  cmd('askDirectAccess', { seat: PartnerSeat }),
  cmd('answerDirectAccess', { yes: z.boolean() }),
  cmd('withdrawDirectAccess', {}),
  cmd('witnessSay', { text: pieceText('What you noticed').optional() }),
  cmd('skipWitness', {}),
  cmd('contemptStep', { step: ContemptStepName }),
  cmd('endContempt', {}),
  cmd('chooseResponse', { response: ListenerResponse }),
  cmd('respondFromHeart', { text: pieceText('Your response').optional() }),
  // Part E — repair and the cycle (issue 11 §6, shared/SPEC.md I30–I39)
  cmd('offerRepair', { repair: Repair }),
  cmd('answerRepairOffer', { offerSeq: z.number().int().positive(), accepted: z.boolean() }),
  cmd('markMoment', { kind: MomentKind, note: noteText('The note').optional() }),
  cmd('linkParts', { from: LinkEnd, to: LinkEnd }),
  cmd('unlinkParts', { linkSeq: z.number().int().positive() }),
]);
export type ClientCommand = z.infer<typeof ClientCommand>;
export type ClientCommandType = ClientCommand['type'];
export const CLIENT_COMMAND_TYPES: readonly ClientCommandType[] = ClientCommand.options.map(
  (o) => o.shape.type.value,
);

/** What the server itself decides on: not accepted from any socket. */
export type SystemCommand =
  | {
      type: 'createRoom';
      roomId: string;
      mode: 'therapy' | 'practice';
      talk?: Talk;
      /** N1: checked by the engine itself (`PartnersInput`), whoever builds the command. */
      partners?: z.input<typeof PartnersInput>;
      /** I40: the couple's confidentiality text, which a session made for them starts with. */
      confidentiality?: string;
      /** I11: the breathing pause's length, from the server's `BREATHING_SECONDS`. */
      breathingSeconds?: number;
    }
  | { type: 'reissueSeat'; seat: Seat }
  | { type: 'connectionLost'; seat: Seat }
  /** Part B (I12): the breathing pause that began at `startedAt` is over; issued by the server's clock. */
  | { type: 'endBreathing'; startedAt: number };

const ID_RULE = 'A command id is 8–64 letters, digits, _ or -.';

/** What a client sends with the `command` socket event. `id` makes a retry safe: it is applied once. */
export const CommandEnvelope = z.strictObject({
  id: z
    .string({ message: ID_RULE })
    .min(8, { message: ID_RULE })
    .max(64, { message: ID_RULE })
    .regex(/^[A-Za-z0-9_-]+$/, {
      message: ID_RULE,
    }),
  command: z.unknown(),
});
export type CommandEnvelope = z.infer<typeof CommandEnvelope>;
