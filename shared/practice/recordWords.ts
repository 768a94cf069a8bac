import { exhaustive } from '../exhaustive.ts';
import type { SelfCheckMoment, SelfQuality } from '../protocol/commands.ts';
import type { PartnerSeat, Seat } from '../protocol/seats.ts';
import type { RoundStep } from '../protocol/steps.ts';
import type {
  Attendee,
  Intervention,
  PartSource,
  SelfCheckSummary,
  SessionSummary,
} from './sessionSummary.ts';

/**
 * The plain words the clinical record uses for the protocol's codes (R3): a therapist pastes it into
 * a clinical file, so it says "Checking the summary", never `summary_confirm`. Step names are the
 * screens' titles (`client/src/steps.ts`; `tests/practice/clinicalRecord.test.ts` keeps them equal).
 */
export const STEP_WORDS: Record<RoundStep, string> = {
  request_floor: 'Asking for the floor',
  listener_ready: 'Getting ready to listen',
  u_turn: 'U-turn',
  speak: 'Speaking for a part',
  reflect: 'Reflecting',
  confirm: 'Checking the reflection',
  more: 'Is there more?',
  summary: 'Summary',
  summary_confirm: 'Checking the summary',
  validate: 'What makes sense',
  empathy: 'Empathy',
  empathy_confirm: 'Checking the empathy',
  landing: 'How it landed',
  next: 'Swap or close',
};

export const PART_SOURCE_WORDS: Record<PartSource, string> = {
  check_in: 'at check-in',
  u_turn: 'at a U-turn',
  asked: 'at a U-turn the therapist asked for',
  direct_access: 'in direct access',
  listening: 'getting ready to listen',
};

/** The Self qualities of a Self check (I5), as the record and the console say them. */
export const SELF_QUALITY_WORDS: Record<SelfQuality, string> = {
  calm: 'calm',
  curious: 'curious',
  compassionate: 'compassionate',
  connected: 'connected',
};

export const SELF_CHECK_MOMENT_WORDS: Record<SelfCheckMoment, string> = {
  u_turn: 'after a U-turn, toward the part',
  start: 'at the start',
  end: 'at the end',
};

export const PART_KIND_WORDS = { protector: 'protector', exile: 'exile', not_sure: 'not sure' } as const;

/** How the record names each seat: the partner's display name when the room has one (R4). */
export type SeatNames = (seat: Seat | 'system') => string;

export function seatNames(present: readonly Attendee[]): SeatNames {
  const named = new Map(present.map((attendee) => [attendee.seat, attendee.name]));
  return (seat) => {
    if (seat === 'system') return 'The room';
    if (seat === 'therapist') return 'The therapist';
    return named.get(seat) ?? `Partner ${seat}`;
  };
}

/** What the step or step label of an intervention's `from`/`to` says, in words. */
function stepWords(step: string | null): string {
  if (step === null) return '';
  if (step === 'checkin') return 'Check-in';
  return STEP_WORDS[step as RoundStep] ?? step;
}

/**
 * One intervention as a sentence, with names already made safe by the caller (`name` returns text
 * fit for the output: escaped for Markdown, or plain for a screen that renders text).
 */
export function interventionWords(move: Intervention, name: (seat: Seat | 'system') => string): string {
  const by = name(move.by);
  const whom = move.seat ? name(move.seat as PartnerSeat) : 'a partner';
  switch (move.kind) {
    case 'pause':
      return `${by} paused the room.`;
    case 'time_out':
      return `${by} called a time-out.`;
    case 'connection_pause':
      return `The room paused itself: ${whom}'s connection dropped.`;
    case 'resumed':
      return `${by} resumed the room.`;
    case 'u_turn_asked':
      return `${by} asked ${whom} for a U-turn.`;
    case 'who_is_speaking':
      return `${by} asked "Who is speaking?": ${whom}'s words were set aside as spoken from a part; back to ${stepWords(move.to)}.`;
    case 'contempt_stopped':
      return `${by} stopped contempt from ${whom}${move.to ? `; back to ${stepWords(move.to)}` : ''}.`;
    case 'direct_access_started':
      // I20: since v5 the partner's "yes" starts it.
      return move.by === move.seat
        ? `${whom} said yes; direct access with their part began.`
        : `${by} began direct access with ${whom}'s part.`;
    case 'direct_access_ended':
      return `${by} ended direct access.`;
    case 'step_rewound':
      return `${by} went back from ${stepWords(move.from)} to ${stepWords(move.to)}.`;
    case 'step_skipped':
      return `${by} moved on from ${stepWords(move.from)} to ${stepWords(move.to)}.`;
    case 'speaker_chosen':
      return `${by} chose ${whom} to speak first.`;
    case 'piece_limit_set':
      return `${by} set the length of a piece to ${move.amount ?? '?'} characters.`;
    case 'shorter_asked':
      return `${by} asked "Shorter, please".`;
    case 'timer_set':
      return `${by} set a timer of ${duration(move.amount ?? 0)}.`;
    case 'timer_extended':
      return `${by} added ${duration(move.amount ?? 0)} to the timer.`;
    case 'timer_cleared':
      return `${by} cleared the timer.`;
    case 'drafts_hidden':
      return `${by} hid the partners' drafts from each other.`;
    case 'drafts_shown':
      return `${by} let the partners choose again whether to share their drafts.`;
    case 'talk_set':
      return `${by} switched the room to ${move.to === 'spoken' ? 'spoken (on the call)' : 'written'}.`;
    case 'end_requested':
      return `${by} asked to end the session.`;
    case 'end_cancelled':
      return 'Ending the session was cancelled.';
    // Part C, therapist moves (I29)
    case 'direct_access_asked':
      return `${by} asked ${whom}: "May I talk with this part directly?"`;
    case 'direct_access_declined':
      return `${whom} said not now to direct access.`;
    case 'direct_access_withdrawn':
      return `${by} withdrew the ask for direct access with ${whom}'s part.`;
    case 'witness_said':
      return `${whom}, the witness, said what they noticed${move.words === undefined ? ' (aloud, on the call)' : ''}.`;
    case 'witness_skipped':
      return `${whom}'s turn as the witness was skipped.`;
    case 'contempt_step':
      return `Stop contempt, ${CONTEMPT_STEP_WORDS[move.to ?? ''] ?? move.to}${move.to === 'u_turn' ? ` — ${whom} was asked for a U-turn` : ''}.`;
    case 'contempt_ended':
      return `${by} ended the stop-contempt sequence for ${whom}.`;
    case 'response_chosen':
      return `${by} chose the listener's response: ${RESPONSE_WORDS[move.to ?? ''] ?? move.to}.`;
    case 'responded_from_heart':
      return `${whom} responded from the heart.`;
    default:
      return exhaustive(move.kind, 'intervention');
  }
}

/** Part C (I24): the guided steps of "stop contempt" as the record names them. */
const CONTEMPT_STEP_WORDS: Record<string, string> = {
  name: 'named it',
  recall: 'recalled the contract',
  hurt: 'spoke to the hurt underneath',
  u_turn: 'the U-turn',
};

/** Part C (I27): the listener's response after the summary. */
const RESPONSE_WORDS: Record<string, string> = {
  chain: 'the full chain (what makes sense, then empathy)',
  heart: 'one response from the heart',
  landing: 'straight to how it landed',
};

/** "2 minutes", "1 minute 30 seconds", "45 seconds". */
export function duration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [
    ...(minutes ? [`${minutes} minute${minutes === 1 ? '' : 's'}`] : []),
    ...(rest || !minutes ? [`${rest} second${rest === 1 ? '' : 's'}`] : []),
  ];
  return parts.join(' ');
}

export const LISTENING_KEPT_BY_PARTNERS = 'In a practice room each partner keeps these to themself.';

/** A Self check's answer in words: the qualities, or "not there yet". */
export function selfCheckAnswer(check: Pick<SelfCheckSummary, 'qualities' | 'notYet'>): string {
  return check.notYet
    ? 'not there yet'
    : check.qualities.map((quality) => SELF_QUALITY_WORDS[quality]).join(', ');
}

/**
 * I9: each listener's "I need help to listen" and each partner's Self checks — the start and the end
 * side by side (the before and after), then each check toward a part. Null in a practice room, where
 * they stay with each partner (I8). `name` returns text fit for the output (escaped for Markdown).
 */
export function listeningInsideWords(
  summary: SessionSummary,
  name: (seat: PartnerSeat) => string,
  at: (ms: number) => string,
): { seat: PartnerSeat; lines: string[]; toward: string[] }[] | null {
  const { listeningHelp, selfChecks } = summary;
  if (listeningHelp === null || selfChecks === null) return null;
  return (['A', 'B'] as const).map((seat) => {
    const asks = listeningHelp[seat];
    const checks = selfChecks[seat];
    const first = (moment: SelfCheckSummary['moment']) => checks.find((check) => check.moment === moment);
    const start = first('start');
    const end = first('end');
    return {
      seat,
      lines: [
        asks.length === 0
          ? `${name(seat)} did not ask for help to listen.`
          : `${name(seat)} asked for help to listen: ${asks.map((ask) => `${at(ask.at)} (round ${ask.round})`).join(', ')}.`,
        `${name(seat)}, Self before and after: at the start ${start ? selfCheckAnswer(start) : 'no check'}; at the end ${end ? selfCheckAnswer(end) : 'no check'}.`,
      ],
      toward: checks
        .filter((check) => check.moment === 'u_turn')
        .map((check) => `${at(check.at)} ${SELF_CHECK_MOMENT_WORDS.u_turn}: ${selfCheckAnswer(check)}`),
    };
  });
}
