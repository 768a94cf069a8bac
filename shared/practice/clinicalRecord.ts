import { z } from 'zod';
import { type Clock, clockIn } from '../markdown/clock.ts';
import { escapeInline, escapeLineStart, quoteLines } from '../markdown/escape.ts';
import { PARTNER_SEATS, type PartnerSeat } from '../protocol/seats.ts';
import { linkWords, MOMENT_WORDS } from './cycleWords.ts';
import {
  duration,
  interventionWords,
  LISTENING_KEPT_BY_PARTNERS,
  listeningInsideWords,
  PART_KIND_WORDS,
  PART_SOURCE_WORDS,
  type SeatNames,
  STEP_WORDS,
  seatNames,
} from './recordWords.ts';
import { type NamedPart, SessionSummary } from './sessionSummary.ts';
import { slowDownWords } from './slowingDown.ts';

/**
 * The clinical record of a session (issue 10 §5, shared/SPEC.md R1–R5): the summary as a dated
 * Markdown file a therapist pastes into their notes or EHR, and as a versioned JSON document. The
 * therapist's private notes are in it only when the caller passes them (the therapist's copy, R5).
 */
export interface ClinicalRecordOptions {
  /** The IANA time zone the times are shown in ("Europe/London"); the file names it. */
  timeZone: string;
  /** When the record was made (ms since the epoch). */
  generatedAt: number;
  /** The plain text of the therapist's private notes: only on the therapist's own copy (R5). */
  therapistNotes?: string | undefined;
}

export const CLINICAL_RECORD_FORMAT = 'dialogue-room/clinical-record';
/** 2 since issue 11: the summary gained `listeningHelp` and `selfChecks`, and parts named while getting ready to listen. */
export const CLINICAL_RECORD_VERSION = 2;

/** The JSON form (R3): a reader checks `format` and `version` before anything else. */
export const ClinicalRecordJson = z.strictObject({
  format: z.literal(CLINICAL_RECORD_FORMAT),
  version: z.literal(CLINICAL_RECORD_VERSION),
  generatedAt: z.number().int().nonnegative(),
  timeZone: z.string(),
  summary: SessionSummary,
  /** Present on the therapist's copy only (R5); absent, not empty, on any other. */
  therapistNotes: z.string().optional(),
});
export type ClinicalRecordJson = z.infer<typeof ClinicalRecordJson>;

export function clinicalRecordJson(
  summary: SessionSummary,
  options: ClinicalRecordOptions,
): ClinicalRecordJson {
  return {
    format: CLINICAL_RECORD_FORMAT,
    version: CLINICAL_RECORD_VERSION,
    generatedAt: options.generatedAt,
    timeZone: options.timeZone,
    summary,
    ...(options.therapistNotes === undefined ? {} : { therapistNotes: options.therapistNotes }),
  };
}

/**
 * The record as Markdown. Every word a person wrote (names, parts, what they will do next time, the
 * repair, the private notes) is escaped (`shared/markdown/escape.ts`): inline where it sits in the
 * app's sentence, as a blockquote where it is their own paragraph. The only structure is the app's.
 */
export function clinicalRecordMarkdown(summary: SessionSummary, options: ClinicalRecordOptions): string {
  const clock = clockIn(options.timeZone);
  const names = seatNames(summary.present);
  const name: SeatNames = (seat) => escapeInline(names(seat));
  const at = (ms: number) => clock.stamp(ms, summary.startedAt);
  return (
    [
      `# ${summary.mode === 'therapy' ? 'Therapy session' : 'Practice session'} — ${clock.day(summary.startedAt)}`,
      '',
      ...overview(summary, clock),
      '',
      ...section('Who was there', whoWasThere(summary)),
      ...section('Rounds', rounds(summary, name, at)),
      ...section('Check-in', checkIns(summary, name, at)),
      ...section('Parts named', partsNamed(summary, name, at)),
      ...section('Listening inside and Self checks', listeningInside(summary, name, at)),
      ...section('Interventions', interventions(summary, name, at)),
      ...section('Safety', safety(summary, name, at)),
      ...section('Closing and repair', closing(summary, name, at)),
      // Part D (I48): a practice room has no therapist's contract terms.
      ...(summary.mode === 'therapy' ? section('The contract', contractTerms(summary, name, at)) : []),
      // Part B (I19): only a session that slowed down has the section.
      ...(summary.slowingDown.length ? section('Slowing down', slowingDown(summary, name, at)) : []),
      // Part E (I37): only when there is something to say, so a record without them reads as before.
      ...(summary.repairOffers.length
        ? section('Repairs during the session', repairOffers(summary, name, at))
        : []),
      ...(summary.moments.length ? section('Marked moments', moments(summary, at)) : []),
      ...(summary.cycleMap.length ? section('The cycle map', cycleMap(summary, name)) : []),
      ...(options.therapistNotes === undefined
        ? []
        : [
            "## Therapist's private notes",
            '',
            ...(options.therapistNotes.trim() ? quoteLines(options.therapistNotes) : ['—']),
            '',
          ]),
      `Record made ${clock.day(options.generatedAt)}, ${clock.time(options.generatedAt)}.`,
      '',
    ]
      .join('\n')
      // Sections end with a blank line and may begin with one; one is enough (people's blank lines are `>`).
      .replace(/\n{3,}/g, '\n\n')
  );
}

function section(heading: string, lines: string[]): string[] {
  return [`## ${heading}`, '', ...lines, ''];
}

/** A paragraph line of app words and escaped text; nothing at its start can open a block (a list, a number). */
function line(text: string): string {
  return escapeLineStart(text);
}

/** One list item of app words and escaped text, safe at its start like `line`. */
function item(text: string): string {
  return `- ${line(text)}`;
}

function overview(summary: SessionSummary, clock: Clock): string[] {
  const start = summary.startedAt;
  const end = summary.endedAt;
  const span =
    end === null
      ? `from ${clock.time(start)}; it had not ended when this record was made`
      : clock.day(start) === clock.day(end)
        ? `${clock.time(start)}–${clock.time(end)}`
        : `${clock.time(start)} to ${clock.day(end)}, ${clock.time(end)}`;
  const minutes = `${summary.minutes} minute${summary.minutes === 1 ? '' : 's'}`;
  const talk = summary.talk === 'spoken' ? 'spoken on a call, steps tapped in the room' : 'written';
  return [
    `${clock.day(start)}, ${span} (times in ${escapeInline(clock.zone)}). Length: ${minutes}. The room was ${talk}.`,
    '',
    `Room: ${escapeInline(summary.roomId)}.`,
  ];
}

function whoWasThere(summary: SessionSummary): string[] {
  if (summary.present.length === 0) return ['Nobody joined.'];
  return summary.present.map((attendee) => {
    if (attendee.seat === 'therapist') return item('The therapist');
    if (attendee.name === null) return item(`Partner ${attendee.seat}`);
    const pronouns = attendee.pronouns ? ` (${escapeInline(attendee.pronouns)})` : '';
    return item(`${escapeInline(attendee.name)}${pronouns}, partner ${attendee.seat}`);
  });
}

function rounds(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  const started = summary.rounds.length;
  const head = `${summary.roundsCompleted} of ${started} round${started === 1 ? '' : 's'} completed.`;
  const spoke = PARTNER_SEATS.map((seat) => {
    const { spoken, setAside } = summary.pieces[seat];
    const aside = setAside ? ` (${setAside} set aside)` : '';
    return `${name(seat)}: ${spoken} piece${spoken === 1 ? '' : 's'}${aside}`;
  }).join('; ');
  return [
    head,
    '',
    `Who spoke: ${spoke}.`,
    '',
    ...summary.rounds.map((round) => {
      const who =
        round.speaker && round.listener
          ? `${name(round.speaker)} spoke, ${name(round.listener)} listened`
          : 'nobody took the floor';
      const outcome = round.completed
        ? 'completed'
        : `not completed, stopped at ${STEP_WORDS[round.lastStep]}`;
      const reached = round.stepsReached.map((step) => STEP_WORDS[step]).join(', ');
      return item(
        `Round ${round.number}, from ${at(round.startedAt)}: ${who}; ${outcome}. Steps: ${reached}.`,
      );
    }),
  ];
}

function checkIns(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  return PARTNER_SEATS.map((seat) => {
    const checkIn = summary.checkIns[seat];
    if (!checkIn) return item(`${name(seat)} did not check in.`);
    if (checkIn.keptPrivate) return item(`${at(checkIn.at)} ${name(seat)} checked in and kept it private.`);
    const details = [
      checkIn.selfEnergy === null ? 'no Self rating' : `Self energy ${checkIn.selfEnergy} of 10`,
      ...(checkIn.body ? [`felt in: ${escapeInline(checkIn.body)}`] : []),
      ...(checkIn.parts.length ? [`parts: ${checkIn.parts.map(escapeInline).join(', ')}`] : []),
    ];
    const shared = checkIn.visibility === 'room' ? 'shared with the room' : 'shared with the therapist';
    return item(`${at(checkIn.at)} ${name(seat)}: ${details.join('; ')} (${shared}).`);
  });
}

function partsNamed(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  return PARTNER_SEATS.flatMap((seat) => {
    const parts = summary.partsNamed[seat];
    if (parts.length === 0) return [item(`${name(seat)}: none named in the room.`)];
    return [item(`${name(seat)}:`), ...parts.map((part) => `  ${item(partLine(part, at))}`)];
  });
}

function partLine(part: NamedPart, at: (ms: number) => string): string {
  const kind = part.kind ? ` (${PART_KIND_WORDS[part.kind]})` : '';
  const felt = part.feltWhere ? `; felt in: ${escapeInline(part.feltWhere)}` : '';
  const fears = part.fears ? `; fears: ${escapeInline(part.fears)}` : '';
  return `${at(part.at)} ${PART_SOURCE_WORDS[part.source]}: ${escapeInline(part.name)}${kind}${felt}${fears}`;
}

function interventions(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  if (summary.interventions.length === 0) return ['None.'];
  return summary.interventions.map((move) => {
    // Part C (I29): the witness's own words, escaped where they sit in the app's sentence.
    const words = move.words === undefined ? '' : ` “${escapeInline(move.words)}”`;
    return item(`${at(move.at)} ${interventionWords(move, name)}${words}`);
  });
}

function safety(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  const { pauses, safeWordAgreed, safetyPlanShared } = summary.safety;
  const words = (seat: PartnerSeat) =>
    `${name(seat)}: ${safeWordAgreed[seat] ? 'agreed a safe word' : 'no safe word of their own'}${
      safetyPlanShared === null
        ? ''
        : safetyPlanShared[seat]
          ? '; shared a safety plan'
          : '; no safety plan shared'
    }.`;
  return [
    pauses.length === 0
      ? 'No safety pause.'
      : `${pauses.length} safety pause${pauses.length === 1 ? '' : 's'}:`,
    '',
    ...pauses.map((pause) => {
      const resumed =
        pause.resumedAt === null
          ? 'the room did not go on after it'
          : `resumed at ${at(pause.resumedAt)}, after ${duration(Math.round((pause.resumedAt - pause.at) / 1000))}`;
      return item(`${at(pause.at)} ${name(pause.calledBy)} called the safe word: safety pause; ${resumed}.`);
    }),
    ...(pauses.length ? [''] : []),
    'Safe words and safety plans:',
    '',
    ...PARTNER_SEATS.map((seat) => item(words(seat))),
  ];
}

function closing(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  const { startedAt, reflections } = summary.closing;
  if (startedAt === null) return ['The session did not reach the closing.'];
  return [
    `The closing began at ${at(startedAt)}.`,
    '',
    ...PARTNER_SEATS.flatMap((seat) => {
      const note = reflections[seat];
      const other = name(seat === 'A' ? 'B' : 'A');
      if (!note) return [line(`${name(seat)} gave no closing reflection.`), ''];
      const repair = note.repair;
      return [
        line(`${name(seat)}, next time:`),
        '',
        ...quoteLines(note.nextTime),
        '',
        ...(repair
          ? [
              line(`${name(seat)} offered a repair.`),
              '',
              ...quoted('What set me up', repair.whatSetMeUp),
              ...quoted('My part', repair.myPart),
              ...quoted('Apology', repair.apology),
              line(
                note.repairAccepted === null
                  ? `${other} has not answered the repair.`
                  : `${other} ${note.repairAccepted ? 'accepted' : 'did not accept'} the repair.`,
              ),
              '',
            ]
          : [line(`${name(seat)} offered no repair.`), '']),
      ];
    }),
  ];
}

function quoted(label: string, text: string | null): string[] {
  return text ? [`${label}:`, '', ...quoteLines(text), ''] : [];
}

/** "Is it safe for you to speak openly today?" in the record's words (I48). */
const SAFE_WORDS = { yes: 'yes', not_sure: 'not sure', no: 'no' } as const;

/** Part D (I48): the confidentiality text agreed, today's locations and the safe-to-speak answers. */
function contractTerms(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  const { confidentiality, agreed, locations, safeToSpeak } = summary.contract;
  const agreement = (seat: PartnerSeat) => {
    const own = agreed[seat];
    if (!own) return item(`${name(seat)} did not agree to the contract.`);
    const which =
      own.confidentialitySeq === null
        ? 'with no confidentiality text'
        : own.confidentialitySeq === confidentiality?.seq
          ? 'to this confidentiality text'
          : `to an earlier confidentiality text (version ${own.confidentialitySeq})`;
    return item(`${at(own.at)} ${name(seat)} agreed to the ground rules, ${which}.`);
  };
  const listed = <T extends { at: number }>(seat: PartnerSeat, list: T[], words: (entry: T) => string) =>
    list.length === 0
      ? item(`${name(seat)}: none.`)
      : item(`${name(seat)}: ${list.map((entry) => `${at(entry.at)} ${words(entry)}`).join('; ')}.`);
  return [
    ...(confidentiality === null
      ? ['The room had no confidentiality text.', '']
      : [
          `Confidentiality and its limits (version ${confidentiality.seq}, set ${at(confidentiality.at)}):`,
          '',
          ...quoteLines(confidentiality.text),
          '',
        ]),
    ...PARTNER_SEATS.map(agreement),
    '',
    'Where each partner said they were:',
    '',
    ...PARTNER_SEATS.map((seat) => listed(seat, locations[seat], (entry) => escapeInline(entry.location))),
    '',
    '"Is it safe for you to speak openly today?":',
    '',
    ...PARTNER_SEATS.map((seat) => listed(seat, safeToSpeak[seat], (entry) => SAFE_WORDS[entry.answer])),
  ];
}

/** I9: the help asks and Self checks, in the words the print view uses too (`listeningInsideWords`). */
function listeningInside(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  const words = listeningInsideWords(summary, name, at);
  if (words === null) return [LISTENING_KEPT_BY_PARTNERS];
  return words.flatMap(({ lines, toward }) => [
    ...lines.map(item),
    ...toward.map((line) => `  ${item(line)}`),
  ]);
}

/** Part B (I19): breathing pauses and breaks, who asked, when, and how long they lasted. */
function slowingDown(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  return summary.slowingDown.map((slow) => item(slowDownWords(slow, name, at)));
}

/** Part E (I30, I31, I37): repairs offered during the round or the close, with their answers. */
function repairOffers(summary: SessionSummary, name: SeatNames, at: (ms: number) => string): string[] {
  return summary.repairOffers.flatMap((offer) => {
    const other = name(offer.seat === 'A' ? 'B' : 'A');
    const answer =
      offer.answer === null
        ? `${other} has not answered.`
        : `${other} answered at ${at(offer.answer.at)}: ${offer.answer.accepted ? 'accepted' : 'not yet'}.`;
    const said = offer.whatSetMeUp || offer.myPart || offer.apology ? '' : ' (said aloud)';
    return [
      item(`${at(offer.at)} ${name(offer.seat)} offered a repair${said}.`),
      '',
      ...quoted('What set me up', offer.whatSetMeUp),
      ...quoted('My part', offer.myPart),
      ...quoted('Apology', offer.apology),
      line(answer),
      '',
    ];
  });
}

/** I33, I37: the therapist's marks; a partner's copy has none. */
function moments(summary: SessionSummary, at: (ms: number) => string): string[] {
  return summary.moments.map((m) =>
    item(`${at(m.at)} A moment of ${MOMENT_WORDS[m.kind]}${m.note ? `: ${escapeInline(m.note)}` : '.'}`),
  );
}

/** I34–I37: "the critic (A) → sets off → the withdrawer (B)"; a name the reader was not shown is "a part of B". */
function cycleMap(summary: SessionSummary, name: SeatNames): string[] {
  return summary.cycleMap.map((link) => item(linkWords(link.from, link.to, name, escapeInline)));
}
