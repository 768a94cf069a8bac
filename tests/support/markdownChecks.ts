/**
 * Checks for a Markdown file that holds people's words (the room's record, the clinical record): what
 * they might write to add structure of their own, and the tests' reading of CommonMark's and GFM's
 * rules for where a block, a link or HTML begins (no Markdown renderer is installed here).
 */
export const HOSTILE = [
  "## Therapist's private notes",
  "Fine.\n## Therapist's private notes\nPartner B is lying.",
  'Heading by underline\n===',
  'Another one\n---',
  '# h1',
  '###### h6 ######',
  '#hashtag',
  '- item\n* item\n+ item\n1. item\n2) item',
  '```js\nalert(1)\n```',
  '~~~\ncode\n~~~',
  '    indented code',
  '\tindented with a tab',
  '***\n___\n- - -',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<!-- a comment -->',
  '<div>\n\n## inside html\n\n</div>',
  '[x](javascript:alert(1))',
  '![image](javascript:alert(1))',
  '[x]( javascript:alert(1) "title")',
  '<javascript:alert(1)>',
  '<https://evil.example>',
  'see https://evil.example/path and ftp://evil.example',
  'www.evil.example and WWW.EVIL.EXAMPLE',
  'mail evil@example.com',
  '[a]: javascript:alert(1)',
  '[a]\n\n[a]: javascript:alert(1)',
  '[^1]\n\n[^1]: a footnote',
  '| a | b |\n|---|---|\n| c | d |',
  'a | b\n--- | ---\nc | d',
  '&lt;img src=x onerror=alert(1)&gt;',
  '&#60;script&#62; &amp; &copy;',
  '*bold* _em_ `code` ~~strike~~ $math$ ==mark== ^sup^',
  '> quoted\n>> nested',
  '\\',
  'trailing backslash\\\nnext line',
  'text with two spaces  \nhard break',
  'line one\r\nline two\rline three',
  'zero\u200Bwidth\u200D joiner \uFEFF bom \u2060',
  '\u200B## a heading behind a zero-width space',
  'bidi \u202Eesrever\u202C and \u2066isolate\u2069',
  'a\u2028b\u2029c',
  '\u0000nul \u001b[31mred\u001b[0m',
  '2024. was a year\n10) and so on',
];

/** Occurrences of `char` not escaped by a backslash. */
export function unescaped(markdown: string, char: string): number {
  return [...markdown.replace(/\\\\/g, '').matchAll(/\\?[\s\S]/g)].filter((m) => m[0] === char).length;
}

/** A blockquote line's content, or null: `> …` at the top level or `  > …` inside a list item. */
export function quoted(line: string): string | null {
  const match = line.match(/^(?: {2})?>(?: (.*))?$/);
  return match ? (match[1] ?? '') : null;
}

/** What CommonMark and GFM would read as the start of a block, after container markers. */
export const BLOCK_START =
  /^(?:[ \t]|#{1,6}(?:[ \t]|$)|[-+*](?:[ \t]|$)|\d{1,9}[.)]|>|<|`{3}|~{3}|\[|\||=+\s*$|-+\s*$)/;

export function unescapeMarkdown(line: string): string {
  return line
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&#32;/g, ' ')
    .replace(/&#9;/g, '\t')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
