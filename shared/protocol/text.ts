import { z } from 'zod';
import { LIMITS } from './limits.ts';

/**
 * Text someone wrote, as every command with free text takes it (S5): normalised to NFC (so the same
 * words are the same characters, and caps count them once), trimmed, never empty — invisible format
 * characters (Unicode Cf: zero-width spaces, joiners, BOM…) alone count as empty — and capped. Text
 * that would hide or disguise itself is refused with a message naming the character, never the text:
 * control characters (Cc), the direction overrides and isolates that reorder what others read
 * (U+202A–U+202E, U+2066–U+2069), and broken UTF-16 (a lone surrogate). Labels are one line; pieces
 * and notes may have line feeds and tabs (a CR LF or a lone CR becomes a line feed).
 */
export type Lines = 'one line' | 'several lines';

const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const LINE_BREAK = /[\n\r\u2028\u2029]/u;
/** Cc except line feed and tab, which multi-line text keeps. */
const CONTROL_IN_LINES = /[^\P{Cc}\n\t]/u;
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;
const INVISIBLE = /[\s\p{Cf}]/gu;

export function text(max: number, what: string, lines: Lines) {
  return z
    .string()
    .overwrite((value) => tidy(value, lines))
    .superRefine((value, ctx) => {
      const problem = hiddenCharacter(value, what, lines);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return;
      }
      if (value.replace(INVISIBLE, '') === '') {
        ctx.addIssue({
          code: 'too_small',
          origin: 'string',
          minimum: 1,
          inclusive: true,
          message: `${what} is empty.`,
        });
        return;
      }
      if (value.length > max) {
        ctx.addIssue({
          code: 'too_big',
          origin: 'string',
          maximum: max,
          inclusive: true,
          message: `${what} can be at most ${max} characters.`,
        });
      }
    });
}

function tidy(value: string, lines: Lines): string {
  // A lone surrogate cannot be normalised faithfully; it is left for the check to refuse.
  const normal = LONE_SURROGATE.test(value) ? value : value.normalize('NFC');
  return (lines === 'several lines' ? normal.replace(/\r\n?/g, '\n') : normal).trim();
}

/** What is wrong, as a sentence naming the character (U+…), or null. Never quotes the text. */
function hiddenCharacter(value: string, what: string, lines: Lines): string | null {
  const bidi = value.match(BIDI_CONTROL)?.[0];
  if (bidi) return `${what} contains a hidden direction-changing character (${codePoint(bidi)}); remove it.`;
  if (lines === 'one line' && LINE_BREAK.test(value))
    return `${what} must be on one line; remove the line break.`;
  if (lines === 'one line' && value.includes('\t')) return `${what} contains a tab; use a space instead.`;
  const control = value.match(lines === 'one line' ? CONTROL : CONTROL_IN_LINES)?.[0];
  if (control) return `${what} contains an invisible control character (${codePoint(control)}); remove it.`;
  const broken = value.match(LONE_SURROGATE)?.[0];
  if (broken) return `${what} contains a broken character (${codePoint(broken)}); remove it.`;
  return null;
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

export const pieceText = (what = 'A piece') => text(LIMITS.pieceChars, what, 'several lines');
export const labelText = (what: string) => text(LIMITS.labelChars, what, 'one line');
export const noteText = (what: string) => text(LIMITS.noteChars, what, 'several lines');
/** A person's name or pronouns (N1): one short line. */
export const nameText = (what: string, max: number) => text(max, what, 'one line');

/**
 * Text as it was recorded. Events carry what a command was allowed to carry when it was accepted;
 * they are not checked against today's rules again, or a log written before a rule tightened could
 * no longer be loaded or followed.
 */
export const recordedText = (_what?: string) => z.string();
