import type { Seat } from '../../../shared/index.ts';
import { seatName } from './names.ts';

type Entry = Record<string, unknown>;

/** One record entry as a sentence, for the screen and the Markdown export; empty for plumbing events. */
export function describeEntry(entry: Entry, me?: Seat): string {
  const who = seatName(entry.actor as Seat, me);
  /** The seat as an object: "with a part of you", not "of You". */
  const whom = (seat: unknown) => (seat === me ? 'you' : seatName(seat as Seat, me));
  const part = entry.part as { name?: string } | null | undefined;
  const text = typeof entry.text === 'string' ? entry.text : '';
  switch (entry.type) {
    case 'seatAdmitted':
      return `${seatName(entry.seat as Seat, me)} joined.`;
    case 'contractAgreed':
      return `${who} agreed to the ground rules.`;
    case 'checkedIn': {
      const shared = entry.checkIn as { parts?: string[] } | undefined;
      return shared?.parts?.length ? `${who} checked in: ${shared.parts.join(', ')}.` : `${who} checked in.`;
    }
    case 'floorRequested':
      return `${who} asked for the floor: “${String(entry.topic)}”.`;
    case 'speakerChosen':
      return `The therapist invited ${whom(entry.seat)} to speak first.`;
    case 'floorDeclined':
      return `${who} asked for a better time${entry.when ? `: ${String(entry.when)}` : ''}.`;
    case 'listenerReady':
      return `${who} ${who === 'You' ? 'are' : 'is'} ready to listen.`;
    case 'spoke':
      return `${who}${part?.name ? `, for ${part.name}` : ''}: “${text}”`;
    case 'reflected':
      return `${who} reflected: “${text}”`;
    case 'confirmed':
      return `${who} confirmed: it was heard.`;
    case 'corrected':
      return `${who} added what was missed: “${text}”`;
    case 'moreAnswered':
      return entry.more ? `${who}: there is more.` : `${who}: that is all for now.`;
    case 'summarized':
      return `${who} summed up: “${text}”`;
    case 'validated':
      return `${who}: “${text}”${entry.ownParts ? ` — and for a part of me: “${String(entry.ownParts)}”` : ''}`;
    case 'empathized':
      return `${who}: “${text}”`;
    case 'landed':
      return `${who}: “${text}”${entry.request ? ` Request: “${String(entry.request)}”` : ''}`;
    case 'rolesSwapped':
      return `Roles swapped: ${seatName(entry.speaker as Seat, me)} ${entry.speaker === me ? 'speak' : 'speaks'} now.`;
    case 'closingStarted':
      return 'Closing the session.';
    case 'closingReflection':
      return `${who} — next time: “${String(entry.nextTime)}”`;
    case 'repairAnswered':
      return `${who} ${entry.accepted ? 'accepted' : 'did not accept'} the repair.`;
    case 'paused':
      return entry.kind === 'safety'
        ? `${who} called a safety pause.`
        : entry.kind === 'time_out'
          ? `${who} called a time-out.`
          : entry.kind === 'connection'
            ? 'The room paused: a connection dropped.'
            : `${who} paused the room.`;
    case 'resumed':
      return `${who} resumed the room.`;
    case 'uTurnRequested':
      return `${entry.seat === me ? 'You were' : `${seatName(entry.seat as Seat, me)} was`} invited to make a U-turn.`;
    case 'entryMarkedFromPart':
      return 'The therapist asked about the last words: is this all of you, or a part?';
    case 'directAccessStarted':
      return `The therapist is talking with a part of ${whom(entry.seat)}.`;
    case 'directSaid':
      return `${who}: “${text}”`;
    case 'directAccessEnded':
      return 'Back to the round.';
    case 'contemptStopped':
      return `The therapist stepped in, recalled the ground rules, and invited ${whom(entry.seat)} to turn inward.`;
    case 'ended':
      return 'The session ended.';
    default:
      return '';
  }
}
