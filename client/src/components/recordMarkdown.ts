import { describeLine, type Segment } from './recordText.ts';

/**
 * The record (and the shared notes) as a Markdown file; the therapist's private notes only on their
 * own copy. Everything people wrote is escaped for Markdown and HTML, and their words are quoted
 * line by line (`> …`), so no one can add a heading, a list, a link, a table or HTML to someone
 * else's file — not even a fake "Therapist's private notes" section. The only structure in the file
 * is the app's.
 */
export function recordMarkdown(input: {
  entries: Record<string, unknown>[];
  notes: { learned: string; summary: string };
  privateNotes?: string | undefined;
  exportedAt: Date;
}): string {
  const items = input.entries.map((entry) => describeLine(entry)).filter((line) => line.length > 0);
  return [
    '# Dialogue Room — record of the session',
    '',
    `Exported ${input.exportedAt.toLocaleString()}.`,
    '',
    ...items.flatMap((line) => [...listItem(line), '']),
    '## Shared notes',
    '',
    ...note('### What we learned', input.notes.learned),
    ...note('### Closing summary', input.notes.summary),
    ...(input.privateNotes === undefined ? [] : note("## Therapist's private notes", input.privateNotes)),
  ].join('\n');
}

function note(heading: string, text: string): string[] {
  return [heading, '', ...(text.trim() ? quoteLines(text) : ['—']), ''];
}

/**
 * One entry as a list item: the app's words and labels as paragraphs, each quotation as a
 * blockquote inside the item (indented two spaces, so it stays in the item).
 */
function listItem(segments: Segment[]): string[] {
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
  return lines.map((line, i) => (i === 0 ? `- ${line}` : line ? `  ${line}` : ''));
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
