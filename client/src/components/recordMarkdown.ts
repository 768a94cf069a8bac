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

interface Clock {
  zone: string;
  /** "Tuesday, 1 December 2026" */
  day(at: number): string;
  /** "09:32" */
  time(at: number): string;
  /** An entry's time: "09:32" on the session's first day, "Wed 2 Dec, 00:15" after it. */
  stamp(at: number, sessionStart: number): string;
}

/** Dates and times in English (like the app), in one time zone: the reader's unless one is given. */
function clockIn(timeZone: string | undefined): Clock {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const dayFormat = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: zone,
  });
  const shortDay = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: zone,
  });
  const timeFormat = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: zone,
  });
  const clock: Clock = {
    zone,
    day: (at) => dayFormat.format(at),
    time: (at) => timeFormat.format(at),
    stamp: (at, sessionStart) =>
      clock.day(at) === clock.day(sessionStart)
        ? clock.time(at)
        : `${shortDay.format(at)}, ${clock.time(at)}`,
  };
  return clock;
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

/** Someone's words as blockquote lines: each line escaped, none can start a block of its own. */
function quoteLines(text: string): string[] {
  return text
    .trim()
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => {
      const escaped = escapeLineStart(escapeInline(line.trimEnd()));
      return escaped ? `> ${escaped}` : '>';
    });
}

/** Characters that could start a construct in Markdown (CommonMark and GFM) or HTML, anywhere in a line. */
const ESCAPED = new Set(['\\', '`', '*', '_', '[', ']', '{', '}', '#', '|', '~', '$', '@', '^', '=', '+']);
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Direction overrides and isolates, and control characters: they would reorder or hide the file's text. */
const HIDDEN = /[\u202A-\u202E\u2066-\u2069]|[^\P{Cc}\t]/u;

/**
 * One line of someone's text, safe anywhere in a line: HTML's `<`, `>` and `&` become entities (no
 * tag, comment, autolink or entity of theirs survives); Markdown's punctuation is backslash-escaped
 * (no emphasis, code, link, image, reference, table cell, footnote or math); `@`, the `:` of `://`
 * and the `.` of `www.` are escaped so no address becomes a link by itself (GFM autolinks). A
 * `javascript:` link needs `[…](…)`, `[…]:` or `<…>`, none of which survive. Line breaks become
 * spaces: a label is one line.
 */
export function escapeInline(text: string): string {
  let out = '';
  const chars = [...text.replace(/\r\n|[\n\r\u2028\u2029]/g, ' ')];
  for (const [i, char] of chars.entries()) {
    if (HIDDEN.test(char)) out += '\uFFFD';
    else if (ENTITIES[char]) out += ENTITIES[char];
    else if (ESCAPED.has(char)) out += `\\${char}`;
    else if (char === ':' && chars[i + 1] === '/') out += '\\:';
    else if (
      char === '.' &&
      chars
        .slice(Math.max(0, i - 3), i)
        .join('')
        .toLowerCase() === 'www'
    )
      out += '\\.';
    else out += char;
  }
  return out;
}

/**
 * What is still special at the start of a line once `escapeInline` has run: indentation (code
 * blocks), `-` (lists, thematic breaks, setext underlines) and `1.` / `1)` (ordered lists).
 */
function escapeLineStart(line: string): string {
  const indent = line.match(/^[ \t]*/)?.[0] ?? '';
  const rest = line
    .slice(indent.length)
    .replace(/^-/, '\\-')
    .replace(/^(\d+)([.)])/, '$1\\$2');
  return indent.replace(/ /g, '&#32;').replace(/\t/g, '&#9;') + rest;
}
