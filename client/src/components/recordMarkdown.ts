import { type Clock, clockIn } from '../../../shared/markdown/clock.ts';
import { escapeInline, escapeLineStart, quoteLines } from '../../../shared/markdown/escape.ts';
import { type Names, partnerLabel } from './names.ts';
import { describeLine, type Segment, setAsideBySeq, setAsideMark } from './recordText.ts';

/**
 * The record (and the shared notes) as a Markdown file; the therapist's private notes only on their
 * own copy. Everything people wrote is escaped for Markdown and HTML, and their words are quoted
 * line by line (`> …`), so no one can add a heading, a list, a link, a table or HTML to someone
 * else's file — not even a fake "Therapist's private notes" section. The only structure in the file
 * is the app's.
 *
 * It reads as a dated session record: the session's date and span, and each entry's time (its event's
 * `at`, on the server's clock), shown in the reader's time zone — the one their device uses, named in
 * the file — unless `timeZone` says another (an IANA name, e.g. "Europe/London").
 */
export function recordMarkdown(input: {
  entries: Record<string, unknown>[];
  notes: { learned: string; summary: string };
  privateNotes?: string | undefined;
  exportedAt: Date;
  timeZone?: string;
  /** The partners' names (N3): each line names them, and the file says who they are once. */
  names?: Names;
}): string {
  const clock = clockIn(input.timeZone);
  const setAside = setAsideBySeq(input.entries);
  const lines = input.entries
    .map((entry) => {
      const segments = describeLine(entry, undefined, input.names);
      const mark = setAsideMark(setAside.get(entry.seq as number));
      return { at: timeOf(entry), segments: mark && segments.length > 0 ? [...segments, mark] : segments };
    })
    .filter((line) => line.segments.length > 0);
  const times = lines.map((line) => line.at).filter((at): at is number => at !== null);
  const first = times[0];
  const last = times.at(-1);
  return [
    '# Dialogue Room — record of the session',
    '',
    ...(first === undefined || last === undefined ? [] : [sessionLine(clock, first, last), '']),
    ...(input.names ? [partnersLine(input.names), ''] : []),
    `Exported ${clock.day(input.exportedAt.getTime())}, ${clock.time(input.exportedAt.getTime())}.`,
    '',
    ...lines.flatMap((line) => [
      ...listItem(
        line.segments,
        line.at === null || first === undefined ? null : clock.stamp(line.at, first),
      ),
      '',
    ]),
    '## Shared notes',
    '',
    ...note('### What we learned', input.notes.learned),
    ...note('### Closing summary', input.notes.summary),
    ...(input.privateNotes === undefined ? [] : note("## Therapist's private notes", input.privateNotes)),
  ].join('\n');
}

/** "Partners: Sam (she/her) and Alex." — escaped: the names are what someone typed. */
function partnersLine(names: NonNullable<Names>): string {
  return `Partners: ${escapeInline(partnerLabel('A', names))} and ${escapeInline(partnerLabel('B', names))}.`;
}

/** An entry's time (ms since the epoch), or null for one that has none. */
function timeOf(entry: Record<string, unknown>): number | null {
  return typeof entry.at === 'number' && Number.isFinite(entry.at) ? entry.at : null;
}

/** "Session of Tuesday, 1 December 2026, 09:32–10:41 (times in Europe/London)." */
function sessionLine(clock: Clock, first: number, last: number): string {
  const start = `${clock.day(first)}, ${clock.time(first)}`;
  const span =
    clock.day(first) !== clock.day(last)
      ? `${start} to ${clock.day(last)}, ${clock.time(last)}`
      : clock.time(first) !== clock.time(last)
        ? `${start}–${clock.time(last)}`
        : start;
  return `Session of ${span} (times in ${escapeInline(clock.zone)}).`;
}

function note(heading: string, text: string): string[] {
  return [heading, '', ...(text.trim() ? quoteLines(text) : ['—']), ''];
}

/**
 * One entry as a list item, led by its time: the app's words and labels as paragraphs, each
 * quotation as a blockquote inside the item (indented two spaces, so it stays in the item).
 */
function listItem(segments: Segment[], time: string | null): string[] {
  const blocks: string[][] = [];
  let paragraph = '';
  const flush = () => {
    if (paragraph.trim()) blocks.push([escapeLineStart(paragraph.trim())]);
    paragraph = '';
  };
  for (const segment of segments) {
    if (typeof segment === 'string') paragraph += segment;
    else if ('label' in segment) paragraph += escapeInline(segment.label);
    else {
      flush();
      blocks.push(quoteLines(segment.quote));
    }
  }
  flush();
  const lines = blocks.flatMap((block, i) => (i ? ['', ...block] : block));
  const lead = time === null ? '- ' : `- ${time} `;
  return lines.map((line, i) => (i === 0 ? `${lead}${line}` : line ? `  ${line}` : ''));
}
