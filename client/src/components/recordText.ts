import { type RoundStep, SET_ASIDE_NOTE, type Seat, type SetAside } from '../../../shared/index.ts';
import { STEP_COPY } from '../steps.ts';
import { type Names, seatName } from './names.ts';

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

/** Part C (I24): each guided step of "stop contempt"; the U-turn has its own line (`uTurnRequested`). */
const CONTEMPT_STEP_LINES: Record<string, Segment[]> = {
  name: ['The therapist named what happened.'],
  recall: ['The therapist recalled the ground rules you both agreed to.'],
  hurt: ['The therapist spoke to the hurt underneath.'],
};

/** Part C (I27): the listener's response after the summary. */
const RESPONSE_LINES: Record<string, string> = {
  chain: 'what makes sense, then empathy',
  heart: 'one response from the heart',
  landing: 'straight to how it landed',
};

/** One record entry as a sentence, for the screen; empty for plumbing events. */
export function describeEntry(entry: Entry, me?: Seat, names?: Names): string {
  return describeLine(entry, me, names)
    .map((segment) =>
      typeof segment === 'string' ? segment : 'label' in segment ? segment.label : `“${segment.quote}”`,
    )
    .join('');
}

/**
 * Builds a line from the app's words with people in it: `line\`${who} reflected: \``. A person named
 * by the partners (N1) is a label, so an export escapes the name like anything else someone wrote.
 */
function line(words: TemplateStringsArray, ...people: Segment[]): Segment[] {
  const segments: Segment[] = [];
  const add = (segment: Segment) => {
    const last = segments.at(-1);
    if (typeof segment === 'string' && typeof last === 'string')
      segments[segments.length - 1] = last + segment;
    else if (segment !== '') segments.push(segment);
  };
  words.forEach((word, i) => {
    add(word);
    const person = people[i];
    if (person !== undefined) add(person);
  });
  return segments;
}

/** One record entry as segments (see `Segment`); empty for plumbing events. */
export function describeLine(entry: Entry, me?: Seat, names?: Names): Segment[] {
  /** A seat as the reader knows them: the app's words ("You", "Partner A") or a name the partners gave. */
  const person = (seat: unknown): Segment => {
    const said = seatName(seat as Seat, me, names);
    return names && (seat === 'A' || seat === 'B') && seat !== me ? { label: said } : said;
  };
  const who = person(entry.actor);
  const youActed = entry.actor === me;
  /** The seat as an object: "with a part of you", not "of You". */
  const whom = (seat: unknown) => (seat === me ? 'you' : person(seat));
  const part = entry.part as { name?: string } | null | undefined;
  // A step taken with no words in the room was said aloud on the call (T37): the record says so.
  const quote: Segment = typeof entry.text === 'string' ? { quote: entry.text } : 'said aloud';
  const label = (value: unknown) => ({ label: String(value) });
  const stepTitle = (step: unknown) => STEP_COPY[step as RoundStep]?.title ?? String(step);
  const setAside =
    typeof entry.setAside === 'string' ? ` (${SET_ASIDE_NOTE[entry.setAside as SetAside]})` : '';
  switch (entry.type) {
    case 'seatAdmitted':
      return line`${person(entry.seat)} joined.`;
    case 'contractAgreed':
      return entry.confidentialitySeq === undefined
        ? line`${who} agreed to the ground rules.`
        : line`${who} agreed to the ground rules and to what stays confidential.`;
    case 'checkedIn': {
      const parts = (entry.checkIn as { parts?: unknown[] } | undefined)?.parts ?? [];
      if (parts.length === 0) return line`${who} checked in.`;
      return [
        ...line`${who} checked in: `,
        ...parts.flatMap((p, i) => (i ? [', ', label(p)] : [label(p)])),
        '.',
      ];
    }
    case 'floorRequested':
      return entry.topic === undefined
        ? line`${who} asked for the floor.`
        : [...line`${who} asked for the floor: “`, label(entry.topic), '”.'];
    case 'speakerChosen':
      return line`The therapist invited ${whom(entry.seat)} to speak first.`;
    case 'floorDeclined': {
      const minutes =
        typeof entry.until === 'number' && typeof entry.at === 'number'
          ? Math.round((entry.until - entry.at) / 60_000)
          : null;
      const inMinutes = minutes === null ? '' : ` — in ${minutes} minute${minutes === 1 ? '' : 's'}`;
      return entry.when
        ? [...line`${who} asked for a better time: `, label(entry.when), `${inMinutes}.`]
        : line`${who} asked for a better time${inMinutes}.`;
    }
    case 'shorterAsked':
      return line`${who} asked: shorter, please.`;
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
      return line`${who} ${youActed ? 'are' : 'is'} ready to listen.`;
    case 'spoke':
      return part?.name ? [...line`${who}, for `, label(part.name), ': ', quote] : [...line`${who}: `, quote];
    case 'reflected':
      return [...line`${who} reflected: `, quote];
    case 'confirmed':
      return line`${who} confirmed: it was heard.`;
    case 'corrected':
      return [...line`${who} added what was missed: `, quote];
    case 'moreAnswered':
      return entry.more ? line`${who}: there is more.` : line`${who}: that is all for now.`;
    case 'summarized':
      return [...line`${who} summed up: `, quote];
    case 'validated':
      return [
        ...line`${who}: `,
        quote,
        ...(entry.ownParts ? [' — and for a part of me: ', { quote: String(entry.ownParts) }] : []),
      ];
    case 'empathized':
      return [...line`${who}: `, quote];
    case 'landed':
      return [
        ...line`${who}: `,
        quote,
        ...(entry.request ? [' Request: ', { quote: String(entry.request) }] : []),
      ];
    case 'rolesSwapped':
      return line`Roles swapped: ${person(entry.speaker)} ${entry.speaker === me ? 'speak' : 'speaks'} now.`;
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
        ...line`${who} — next time: `,
        { quote: String(entry.nextTime) },
        ...(offered.length ? [...line` ${who} offered a repair.`, ...offered] : []),
      ];
    }
    case 'repairAnswered':
      return line`${who} ${entry.accepted ? 'accepted' : 'did not accept'} the repair.`;
    case 'paused':
      return entry.kind === 'safety'
        ? line`${who} called a safety pause.`
        : entry.kind === 'time_out'
          ? line`${who} called a time-out.`
          : entry.kind === 'connection'
            ? ['The room paused: a connection dropped.']
            : line`${who} paused the room.`;
    case 'resumed':
      return line`${who} resumed the room.`;
    case 'uTurnRequested':
      return entry.seat === me
        ? ['You were invited to make a U-turn.']
        : line`${person(entry.seat)} was invited to make a U-turn.`;
    case 'entryMarkedFromPart':
      return [`The therapist asked about those words: is this all of you, or a part?${setAside}`];
    case 'directAccessStarted':
      return line`The therapist is talking with a part of ${whom(entry.seat)}.`;
    case 'directSaid':
      return [...line`${who}: `, quote];
    case 'directAccessEnded':
      // I22: since v5 the witness may then say what they noticed.
      return entry.witness
        ? line`Direct access ended. ${entry.witness === me ? 'You' : person(entry.witness)}, who witnessed, may say what ${entry.witness === me ? 'you' : 'they'} noticed.`
        : ['Back to the round.'];
    case 'contemptStopped':
      // I24: a v5 stop begins the guided steps, which end with the U-turn; a v4 one asked for it at once.
      return entry.guided
        ? line`The therapist stepped in to stop contempt from ${whom(entry.seat)}.${setAside}`
        : line`The therapist stepped in, recalled the ground rules, and invited ${whom(entry.seat)} to turn inward.${setAside}`;
    case 'ended':
      return ['The session ended.'];
    // Part D (I48): one line; the text itself is on the ground-rules screen and in the clinical record.
    // Locations and safe-to-speak answers never reach this record.
    case 'confidentialitySet':
      return ['The therapist set what stays confidential (shown with the ground rules).'];
    // Part B, slowing down (I19).
    case 'breathingStarted':
      return line`${who} asked for a breathing pause.`;
    case 'breathingEnded':
      return ['The breathing pause ended; back to where the room was.'];
    case 'breakTaken':
      return line`${who} asked for a break of ${String(entry.minutes)} minutes.`;
    // Part C, therapist moves (I22–I28)
    case 'witnessSaid':
      return [...line`${who}, who witnessed, noticed: `, quote];
    case 'witnessSkipped':
      return ['The witness’s turn was skipped; back to the round.'];
    case 'contemptStepTaken':
      return CONTEMPT_STEP_LINES[String(entry.step)] ?? [];
    case 'contemptEnded':
      return ['The therapist ended the stop-contempt steps; back to the round.'];
    case 'responseChosen':
      return [
        `The therapist chose the listener’s response: ${RESPONSE_LINES[String(entry.response)] ?? ''}.`,
      ];
    case 'respondedFromHeart':
      return [...line`${who}, from the heart: `, quote];
    // Part E (I30, I31, I37): a repair offered during the round, and its answer.
    case 'repairOffered': {
      const repair = (entry.repair ?? {}) as { whatSetMeUp?: string; myPart?: string; apology?: string };
      const offered: Segment[] = [
        ...(repair.whatSetMeUp ? [' What set me up: ', { quote: repair.whatSetMeUp }] : []),
        ...(repair.myPart ? [' My part in what happened: ', { quote: repair.myPart }] : []),
        ...(repair.apology ? [' An apology: ', { quote: repair.apology }] : []),
      ];
      return offered.length
        ? [...line`${who} offered a repair.`, ...offered]
        : line`${who} offered a repair, aloud.`;
    }
    case 'repairOfferAnswered':
      return entry.accepted
        ? line`${who} accepted the repair: thank you.`
        : line`${who} ${youActed ? 'are' : 'is'} not ready to accept the repair yet.`;
    default:
      return [];
  }
}
