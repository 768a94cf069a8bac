/**
 * Escaping people's words for a Markdown file (CommonMark and GFM, and the HTML a renderer lets
 * through), shared by every export that puts someone's text into Markdown: the room's record
 * (`client/src/components/recordMarkdown.ts`) and the clinical record (`shared/practice/clinicalRecord.ts`).
 * The only structure in such a file is the app's: nothing someone wrote can become a heading, a list,
 * a link, a table or HTML.
 */

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
export function escapeLineStart(line: string): string {
  const indent = line.match(/^[ \t]*/)?.[0] ?? '';
  const rest = line
    .slice(indent.length)
    .replace(/^-/, '\\-')
    .replace(/^(\d+)([.)])/, '$1\\$2');
  return indent.replace(/ /g, '&#32;').replace(/\t/g, '&#9;') + rest;
}

/** Someone's words as blockquote lines: each line escaped, none can start a block of its own. */
export function quoteLines(text: string): string[] {
  return text
    .trim()
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => {
      const escaped = escapeLineStart(escapeInline(line.trimEnd()));
      return escaped ? `> ${escaped}` : '>';
    });
}
