import type { ClientCommandType } from '../protocol/commands.ts';
import { isPartner, type Mode, type PartnerSeat, type Seat } from '../protocol/seats.ts';

/**
 * Who may send a command in a room of one mode:
 * - `therapist`, `partner`: that seat (a partner is `A` or `B`);
 * - `turn`: a partner whose turn the round says it is — the turn guard (`stepTurn` in `guards.ts`),
 *   or the command's own rule for the listener's urge, answers `not_your_turn`, not `not_allowed`;
 * - `anyone`: every seat of the room; the command's own rule may still narrow it (direct access);
 * - `null`: nobody — the command does not exist in this mode.
 */
export type Who = 'therapist' | 'partner' | 'turn' | 'anyone';

export interface Permission {
  therapy: Who | null;
  practice: Who | null;
  /** What a refused seat is told, where it says more than the default `not_allowed` message. */
  refusal?: Partial<Record<Mode, string>>;
}

/** The moderator (T21, T28, T19): the therapist in a therapy room, either partner in practice. */
/** Keeps each entry's literal seats in its type, so `SenderOf` can narrow a handler's seat. */
const entry = <const P extends Permission>(permission: P): P => permission;
const MODERATOR = entry({ therapy: 'therapist', practice: 'partner' });
const PARTNERS = entry({ therapy: 'partner', practice: 'partner' });
const THERAPIST_ONLY = entry({ therapy: 'therapist', practice: null });
const TURN = entry({ therapy: 'turn', practice: 'turn' });
const both = (message: string) => ({ therapy: message, practice: message });

/**
 * Who may send each command (T29), checked once by `decide` after the common guards and before the
 * command's own rules. The therapist console and the tests read their lists from here too.
 */
export const WHO_MAY_SEND = table({
  // Contract and check-in
  admit: THERAPIST_ONLY,
  agreeContract: { ...PARTNERS, refusal: both('Only the partners agree to the contract.') },
  // A12: in practice too, kept by the partner alone, for the safety pause screen to show them.
  shareSafetyPlan: PARTNERS,
  checkIn: { ...PARTNERS, refusal: both('Only the partners check in.') },
  // The round
  requestFloor: TURN,
  chooseSpeaker: THERAPIST_ONLY,
  listenerReady: TURN,
  proposeLater: TURN,
  urgeToSpeak: TURN,
  askShorter: TURN,
  uTurn: PARTNERS,
  speak: TURN,
  reflect: TURN,
  confirm: TURN,
  correct: TURN,
  answerMore: TURN,
  summarize: TURN,
  validate: TURN,
  empathize: TURN,
  land: TURN,
  swapRoles: MODERATOR,
  // Closing
  startClosing: MODERATOR,
  closingReflection: PARTNERS,
  answerRepair: PARTNERS,
  // Pauses
  pause: {
    ...MODERATOR,
    refusal: { therapy: 'In a therapy room the therapist pauses; use the safety pause if you need to stop.' },
  },
  timeOut: { therapy: null, practice: 'partner' },
  safetyPause: PARTNERS,
  // A therapy partner may resume only a break (I16): the handler refuses them everything else.
  resume: { therapy: 'anyone', practice: 'partner' },
  // Interventions; in practice each partner asks for their own U-turn (checked by the command).
  requestUTurn: MODERATOR,
  markFromPart: THERAPIST_ONLY,
  directSay: { therapy: 'anyone', practice: null },
  endDirectAccess: THERAPIST_ONLY,
  stopContempt: THERAPIST_ONLY,
  rewind: THERAPIST_ONLY,
  skipStep: THERAPIST_ONLY,
  // Drafts (D4): the therapist's override can only hide; in practice the partners' own choice is the switch.
  setDraftsVisible: {
    ...THERAPIST_ONLY,
    refusal: {
      therapy: 'Only the therapist can hide drafts; you choose whether your partner sees yours.',
      practice: 'Each of you chooses whether the other sees your draft.',
    },
  },
  shareDraft: { ...PARTNERS, refusal: both('Only the partners have drafts to share.') },
  // Timers and the end
  setTimer: MODERATOR,
  extendTimer: MODERATOR,
  clearTimer: MODERATOR,
  requestEnd: MODERATOR,
  confirmEnd: MODERATOR,
  cancelEnd: MODERATOR,
  // Spoken or written (T37)
  setTalk: MODERATOR,
  // The pace (T38)
  setPieceLimit: THERAPIST_ONLY,
  // The video call beside the room (T39)
  setVideoLink: THERAPIST_ONLY,
  clearVideoLink: THERAPIST_ONLY,
  // Part D, the contract (I40–I49): the therapist's policy; each partner's own, in therapy only.
  setConfidentiality: THERAPIST_ONLY,
  confirmLocation: { therapy: 'partner', practice: null },
  answerSafeToSpeak: { therapy: 'partner', practice: null },
  // Part A — listening inside (issue 11, I1–I9): the listener at `listener_ready`; a partner's Self check.
  nameListeningPart: TURN,
  askListeningHelp: TURN,
  checkSelf: { ...PARTNERS, refusal: both('Only the partners check in with themselves.') },
  // Part B, slowing down (I10, I15): anyone in the room may call a breathing minute or a break.
  breathe: { therapy: 'anyone', practice: 'partner' },
  takeBreak: { therapy: 'anyone', practice: 'partner' },
  // Part C, therapist moves (I20–I29): consent to direct access, the witness's turn, the guided
  // "stop contempt", the listener's response. Direct access is a therapy move (T25).
  askDirectAccess: THERAPIST_ONLY,
  answerDirectAccess: { therapy: 'partner', practice: null },
  withdrawDirectAccess: THERAPIST_ONLY,
  witnessSay: { therapy: 'partner', practice: null },
  skipWitness: { therapy: 'anyone', practice: null },
  contemptStep: THERAPIST_ONLY,
  endContempt: THERAPIST_ONLY,
  chooseResponse: { ...THERAPIST_ONLY, refusal: { practice: 'A practice room keeps the full chain.' } },
  respondFromHeart: TURN,
  // Part E — repair and the cycle (I30–I39): the partners offer and answer; the therapist marks and maps.
  offerRepair: { ...PARTNERS, refusal: both('Only the partners offer a repair.') },
  answerRepairOffer: { ...PARTNERS, refusal: both('Only the partners answer a repair.') },
  markMoment: THERAPIST_ONLY,
  linkParts: THERAPIST_ONLY,
  unlinkParts: THERAPIST_ONLY,
});

function table<const T extends Record<ClientCommandType, Permission>>(permissions: T): T {
  return permissions;
}

type Table = typeof WHO_MAY_SEND;

/** The seats each `Who` stands for. */
interface SeatsOf {
  therapist: 'therapist';
  partner: PartnerSeat;
  turn: Seat;
  anyone: Seat;
}

/** The seat a command's handler can be sent from, once the table let it through. */
export type SenderOf<K extends ClientCommandType> = SeatsOf[Exclude<
  Table[K]['therapy'] | Table[K]['practice'],
  null
>];

/** The command types a role may send in a room of mode `M`: the therapist console's buttons are typed by it. */
export type CommandTypeFor<M extends Mode, W extends Who> = {
  [K in ClientCommandType]: Table[K][M] extends W ? K : never;
}[ClientCommandType];

function allows(who: Who | null, seat: Seat): boolean {
  switch (who) {
    case null:
      return false;
    case 'therapist':
      return seat === 'therapist';
    case 'partner':
      return isPartner(seat);
    case 'turn':
    case 'anyone':
      return true;
  }
}

/** Whether `seat` may send a command of `type` in a room of `mode` (T29). */
export function maySend<K extends ClientCommandType>(type: K, mode: Mode, seat: Seat): seat is SenderOf<K> {
  const permission: Permission = WHO_MAY_SEND[type];
  return allows(permission[mode], seat);
}

/** The message for a refused seat, when the table has one. */
export function refusalOf(type: ClientCommandType, mode: Mode): string | undefined {
  const permission: Permission = WHO_MAY_SEND[type];
  return permission.refusal?.[mode];
}

/** The command types a role may send in `mode` (`null`: the ones the mode does not have), for the tests' lists. */
export function commandsFor(mode: Mode, who: Who | null): ClientCommandType[] {
  return Object.entries(WHO_MAY_SEND).flatMap(([type, permission]: [string, Permission]) =>
    permission[mode] === who && isCommandType(type) ? [type] : [],
  );
}

function isCommandType(type: string): type is ClientCommandType {
  return type in WHO_MAY_SEND;
}
