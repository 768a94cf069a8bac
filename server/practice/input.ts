import { z } from 'zod';
import { LIMITS, Talk } from '../../shared/index.ts';
import { text } from '../../shared/protocol/text.ts';

/**
 * The bodies of the couples and home routes (docs/PROTOCOL.md §2.7, §2.8). Every free text goes
 * through the same rules as the room's own (S5, `shared/protocol/text.ts`): trimmed, NFC, no hidden
 * characters, capped. A name follows the partner-name rule of the room (1–40 characters, pronouns up
 * to 24), so whatever a couple is given, their rooms accept.
 */

const NAME_CHARS = 40;
const PRONOUNS_CHARS = 24;
const COUPLE_NOTE_CHARS = 2000;

/** A text that may be left empty: blank (or only spaces) is `''`, anything else must pass `schema`. */
function blankOr(schema: z.ZodType<string, string>) {
  return z.string().transform((value, ctx) => {
    if (value.trim() === '') return '';
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    return z.NEVER;
  });
}

const PartnerIn = z.strictObject({
  name: text(NAME_CHARS, 'A name', 'one line'),
  /** Left out, null or blank: none. */
  pronouns: blankOr(text(PRONOUNS_CHARS, 'Pronouns', 'one line'))
    .nullable()
    .optional()
    .transform((value) => value || null),
});

const CoupleNote = blankOr(text(COUPLE_NOTE_CHARS, 'A note', 'several lines'));

export const NewCouple = z.strictObject({
  partners: z.strictObject({ A: PartnerIn, B: PartnerIn }),
  note: CoupleNote.optional(),
});

export const CoupleChanges = z.strictObject({
  partners: z.strictObject({ A: PartnerIn.optional(), B: PartnerIn.optional() }).optional(),
  note: CoupleNote.optional(),
  /** Milliseconds since the epoch, or null to clear it. */
  nextSessionAt: z.number().int().min(0).max(8_640_000_000_000_000).nullable().optional(),
  /** I42: the couple's confidentiality text, a note; null clears it. */
  confidentiality: text(LIMITS.noteChars, 'The confidentiality text', 'several lines').nullable().optional(),
});

export const Partner = z.enum(['A', 'B']);

/** A calendar day that exists: `2026-02-30` is refused. */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'A date is written YYYY-MM-DD.', abort: true })
  .refine(
    (day) => {
      const date = new Date(`${day}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
    },
    { message: 'That date does not exist.' },
  );

export const NewAssignment = z.strictObject({
  topic: blankOr(text(LIMITS.labelChars, 'A topic', 'one line')).optional(),
  firstSpeaker: Partner,
  rounds: z.number().int().min(1).max(6),
  due: Day.nullable().optional(),
  note: blankOr(text(LIMITS.noteChars, 'A note', 'several lines')).optional(),
});

export const NewSession = z.strictObject({ talk: Talk.optional() });

export const PracticeNote = z.strictObject({ note: text(LIMITS.noteChars, 'A note', 'several lines') });

export const StartPractice = z.strictObject({
  assignmentId: z.string().min(1).max(200).optional(),
  talk: Talk.optional(),
});

export const ShareChoice = z.strictObject({ share: z.boolean() });
