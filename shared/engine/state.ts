import type { CheckInContent, CheckInVisibility, Part, SafetyPlan } from '../protocol/commands.ts';
import type { PauseKind, SpokenPart } from '../protocol/events.ts';
import type { Mode, PartnerSeat, Seat } from '../protocol/seats.ts';
import type { ConfirmStep, RoundStep, Stage } from '../protocol/steps.ts';

/** Something said in a round; the record of the exchange is the list of these. */
export interface Entry {
  seq: number;
  at: number;
  seat: PartnerSeat;
  kind: 'piece' | 'reflection' | 'correction' | 'summary' | 'validation' | 'empathy' | 'landing';
  /** The step the entry answered; a rephrase (after "who is speaking?") happens at this step again. */
  step: RoundStep;
  text: string;
  part?: SpokenPart | null;
  ownParts?: string;
  request?: string;
  /** The therapist marked it as spoken *from* a part rather than *for* it. */
  fromPart: boolean;
  /** The seq of the entry this one rephrases. */
  rephrases?: number;
}

export interface Round {
  number: number;
  /** Null until someone asks for the floor in the first round. */
  speaker: PartnerSeat | null;
  topic: string | null;
  step: RoundStep;
  entries: Entry[];
  /** Set while the author of a marked entry says it again, for the part. */
  rephrasing: number | null;
  /** The therapist chose who speaks first (T36): a "not now" keeps them as the speaker. */
  chosen: boolean;
  /**
   * The part the speaker last named at this round's own `u_turn` or `speak` step, without what it
   * fears: the one pieces carry (T9). A part named anywhere else (a U-turn asked for at another step,
   * direct access) never lands here (A11). Private until a piece carries it: only the speaker and the
   * therapist see it in the state; the listener's view holds null.
   */
  speakerPart: SpokenPart | null;
  /** The listener's "not now" to the last floor request, until the floor is asked for again. */
  declined: { seat: PartnerSeat; at: number; when?: string } | null;
}

export interface CheckIn {
  visibility: CheckInVisibility;
  /** Absent from a seat's view when that seat may not read it. */
  content?: CheckInContent;
}

export interface Pause {
  kind: PauseKind;
  /** Who paused; for a `connection` pause, the seat whose connection dropped. */
  seat: Seat | null;
  at: number;
  /** A time-out asks to resume by then. */
  until?: number;
  /** A safety pause: every partner who called it (T30); only they resume it in practice. */
  callers?: PartnerSeat[];
}

export interface ClosingNote {
  nextTime: string;
  repair?: { whatSetMeUp?: string; myPart?: string; apology?: string };
  /** The other partner's answer to this repair (T18). */
  repairAccepted?: boolean;
}

export type PerPartner<T> = Partial<Record<PartnerSeat, T>>;

export interface RoomState {
  roomId: string;
  mode: Mode;
  createdAt: number;
  /** The seq of the last event folded in. */
  seq: number;
  stage: Stage;
  /** Therapy mode: partners wait until the therapist admits them. Practice partners are always in. */
  admitted: Record<PartnerSeat, boolean>;
  contract: PerPartner<{ safeWord?: string; at: number }>;
  /** Private: each partner's own, and the therapist's. */
  safetyPlans: PerPartner<{ plan?: SafetyPlan; at: number }>;
  checkIns: PerPartner<CheckIn>;
  round: Round | null;
  /** Earlier rounds, oldest first, so a snapshot carries the whole exchange so far. */
  previousRounds: Round[];
  roundsCompleted: number;
  /** The part each partner named last (private to them and the therapist). */
  parts: PerPartner<Part | undefined>;
  /** Partners asked to make a U-turn: their input is U-turn only until they name the part. */
  uTurnRequests: PerPartner<{ at: number }>;
  /** Private to the partner and the therapist. */
  urges: { seq: number; at: number; seat: PartnerSeat }[];
  pause: Pause | null;
  directAccess: { seat: PartnerSeat; witness: PartnerSeat } | null;
  /** What the therapist and a partner's part said to each other in direct access, in order (T25). */
  directExchanges: { seq: number; at: number; seat: Seat; text: string }[];
  timer: { startedAt: number; durationMs: number; label?: string } | null;
  endRequested: { seat: Seat; at: number } | null;
  /** When the session ended; its export window (A15) is counted from here. */
  endedAt: number | null;
  closing: PerPartner<ClosingNote>;
  /**
   * The therapist's override (D4): false hides each partner's draft from the other whatever they
   * chose. True (the default, and always in practice) leaves it to `draftSharing`; it never shows a
   * draft by itself.
   */
  draftsVisibleToPartner: boolean;
  /**
   * Each partner's own consent to the other reading their draft as it forms (D4). A draft is read by
   * the other partner only while both consent (and the therapist has not hidden drafts).
   */
  draftSharing: Record<PartnerSeat, boolean>;
}

export type { ConfirmStep };
