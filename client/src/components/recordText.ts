import { type RoundStep, SET_ASIDE_NOTE, type Seat, type SetAside } from '../../../shared/index.ts';
import { STEP_COPY } from '../steps.ts';
import { seatName } from './names.ts';

type Entry = Record<string, unknown>;

/**
 * A record line in pieces, so every reader can treat what people wrote as what it is: the app's own
 * words (plain strings), a short label someone wrote (a topic, a part's name: one line, inline), or
 * someone's words (a piece, a note: possibly several lines, shown as a quotation).
 */
export type Segment = string | { label: string } | { quote: string };

/**
 * The entries later set aside (T24, T26), by seq, and why: the line that set one aside names it by
 * `entrySeq`, so the words themselves can carry the mark too, wherever the record is read.
 */
export function setAsideBySeq(entries: readonly Entry[]): Map<number, SetAside> {
  const marks = new Map<number, SetAside>();
  for (const entry of entries) {
    if (typeof entry.setAside === 'string' && typeof entry.entrySeq === 'number')
      marks.set(entry.entrySeq, entry.setAside as SetAside);
  }
  return marks;
}

/** The mark a set-aside entry's own line ends with: " — set aside: contempt". */
export function setAsideMark(why: SetAside | undefined): string {
  return why ? ` — ${SET_ASIDE_NOTE[why]}` : '';
}

/** One record entry as a sentence, for the screen; empty for plumbing events. */
export function describeEntry(entry: Entry, me?: Seat): string {
  return describeLine(entry, me)
    .map((segment) =>
      typeof segment === 'string' ? segment : 'label' in segment ? segment.label : `“${segment.quote}”`,
    )
    .join('');
}

/** One record entry as segments (see `Segment`); empty for plumbing events. */
export function describeLine(entry: Entry, me?: Seat): Segment[] {
  const who = seatName(entry.actor as Seat, me);
  /** The seat as an object: "with a part of you", not "of You". */
  const whom = (seat: unknown) => (seat === me ? 'you' : seatName(seat as Seat, me));
  const part = entry.part as { name?: string } | null | undefined;
  // A step taken with no words in the room was said aloud on the call (T37): the record says so.
  const quote: Segment = typeof entry.text === 'string' ? { quote: entry.text } : 'said aloud';
  const label = (value: unknown) => ({ label: String(value) });
  const stepTitle = (step: unknown) => STEP_COPY[step as RoundStep]?.title ?? String(step);
  const setAside =
    typeof entry.setAside === 'string' ? ` (${SET_ASIDE_NOTE[entry.setAside as SetAside]})` : '';
  switch (entry.type) {
    case 'seatAdmitted':
      return [`${seatName(entry.seat as Seat, me)} joined.`];
    case 'contractAgreed':
      return [`${who} agreed to the ground rules.`];
    case 'checkedIn': {
      const parts = (entry.checkIn as { parts?: unknown[] } | undefined)?.parts ?? [];
      if (parts.length === 0) return [`${who} checked in.`];
      return [`${who} checked in: `, ...parts.flatMap((p, i) => (i ? [', ', label(p)] : [label(p)])), '.'];
    }
    case 'floorRequested':
      return entry.topic === undefined
        ? [`${who} asked for the floor.`]
        : [`${who} asked for the floor: “`, label(entry.topic), '”.'];
    case 'speakerChosen':
      return [`The therapist invited ${whom(entry.seat)} to speak first.`];
    case 'floorDeclined': {
      const minutes =
        typeof entry.until === 'number' && typeof entry.at === 'number'
          ? Math.round((entry.until - entry.at) / 60_000)
          : null;
      const inMinutes = minutes === null ? '' : ` — in ${minutes} minute${minutes === 1 ? '' : 's'}`;
      return entry.when
        ? [`${who} asked for a better time: `, label(entry.when), `${inMinutes}.`]
        : [`${who} asked for a better time${inMinutes}.`];
    }
    case 'shorterAsked':
      return [`${who} asked: shorter, please.`];
    case 'talkSet':
      return [
        entry.talk === 'spoken'
          ? 'The room is spoken now: the partners say each step aloud on the call, one tap each.'
          : 'The room is written now: each step is typed.',
      ];
    case 'pieceLimitSet':
      return [`The therapist set the piece limit to ${String(entry.chars)} characters.`];
    case 'videoLinkSet':
      return [
        entry.url
          ? 'The therapist shared the video-call link.'
          : 'The therapist removed the video-call link.',
      ];
    case 'stepRewound':
      return [`The therapist went back to: ${stepTitle(entry.to)}.`];
    case 'stepSkipped':
      return [`The therapist moved on to: ${stepTitle(entry.to)}.`];
    case 'listenerReady':
      return [`${who} ${who === 'You' ? 'are' : 'is'} ready to listen.`];
    case 'spoke':
      return part?.name ? [`${who}, for `, label(part.name), ': ', quote] : [`${who}: `, quote];
    case 'reflected':
      return [`${who} reflected: `, quote];
    case 'confirmed':
      return [`${who} confirmed: it was heard.`];
    case 'corrected':
      return [`${who} added what was missed: `, quote];
    case 'moreAnswered':
      return [entry.more ? `${who}: there is more.` : `${who}: that is all for now.`];
    case 'summarized':
      return [`${who} summed up: `, quote];
    case 'validated':
      return [
        `${who}: `,
        quote,
        ...(entry.ownParts ? [' — and for a part of me: ', { quote: String(entry.ownParts) }] : []),
      ];
    case 'empathized':
      return [`${who}: `, quote];
    case 'landed':
      return [`${who}: `, quote, ...(entry.request ? [' Request: ', { quote: String(entry.request) }] : [])];
    case 'rolesSwapped':
      return [
        `Roles swapped: ${seatName(entry.speaker as Seat, me)} ${entry.speaker === me ? 'speak' : 'speaks'} now.`,
      ];
    case 'closingStarted':
      return ['Closing the session.'];
    case 'closingReflection': {
      // The repair is the heart of a closing (T18): every reader and every export shows its words.
      const repair = (entry.repair ?? {}) as { whatSetMeUp?: string; myPart?: string; apology?: string };
      const offered: Segment[] = [
        ...(repair.whatSetMeUp ? [' What set me up: ', { quote: repair.whatSetMeUp }] : []),
        ...(repair.myPart ? [' My part in what happened: ', { quote: repair.myPart }] : []),
        ...(repair.apology ? [' An apology: ', { quote: repair.apology }] : []),
      ];
      return [
        `${who} — next time: `,
        { quote: String(entry.nextTime) },
        ...(offered.length ? [` ${who} offered a repair.`, ...offered] : []),
      ];
    }
    case 'repairAnswered':
      return [`${who} ${entry.accepted ? 'accepted' : 'did not accept'} the repair.`];
    case 'paused':
      return [
        entry.kind === 'safety'
          ? `${who} called a safety pause.`
          : entry.kind === 'time_out'
            ? `${who} called a time-out.`
            : entry.kind === 'connection'
              ? 'The room paused: a connection dropped.'
              : `${who} paused the room.`,
      ];
    case 'resumed':
      return [`${who} resumed the room.`];
    case 'uTurnRequested':
      return [
        `${entry.seat === me ? 'You were' : `${seatName(entry.seat as Seat, me)} was`} invited to make a U-turn.`,
      ];
    case 'entryMarkedFromPart':
      return [`The therapist asked about those words: is this all of you, or a part?${setAside}`];
    case 'directAccessStarted':
      return [`The therapist is talking with a part of ${whom(entry.seat)}.`];
    case 'directSaid':
      return [`${who}: `, quote];
    case 'directAccessEnded':
      return ['Back to the round.'];
    case 'contemptStopped':
      return [
        `The therapist stepped in, recalled the ground rules, and invited ${whom(entry.seat)} to turn inward.${setAside}`,
      ];
    case 'ended':
      return ['The session ended.'];
    default:
      return [];
  }
}
