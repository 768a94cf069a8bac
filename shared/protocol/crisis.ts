import { z } from 'zod';

/**
 * Crisis resources (§4 of issue 9): what the safety pause screen shows everyone — the one sentence that
 * is always true, and the operator's crisis lines by country (`CRISIS_RESOURCES`, README). Sent in
 * every `welcome` (docs/PROTOCOL.md §3.3), so a client has them before anything can go wrong.
 */

/** Shown when the operator set nothing, and above the lines when they did. */
export const DEFAULT_EMERGENCY_SENTENCE =
  'If you or anyone is in danger, call your local emergency number now.';

/** A number as people dial it: digits, spaces, `+ - ( )`. No letters, so nothing but a number can hide there. */
const Dialable = z
  .string()
  .regex(/^\+?[0-9][0-9 ()-]{0,30}$/, { message: 'a number is digits, spaces and + - ( ) only' });

/** One crisis line. A client shows every field as plain text; `url` is https only (never `javascript:`). */
export const CrisisLine = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    phone: Dialable.optional(),
    /** A number that takes text messages. */
    sms: Dialable.optional(),
    url: z
      .url({ protocol: /^https$/, message: 'a url must be https://' })
      .max(500)
      .optional(),
    /** When it answers, in the operator's words ("24/7", "Mon–Fri 9–17"). */
    hours: z.string().trim().min(1).max(120).optional(),
    note: z.string().trim().min(1).max(300).optional(),
  })
  .refine((line) => line.phone !== undefined || line.sms !== undefined || line.url !== undefined, {
    message: 'a line needs a phone, sms or url',
  });
export type CrisisLine = z.infer<typeof CrisisLine>;

/** ISO 3166-1 alpha-2, upper case ("GB", "US"): clients match it against the reader's region. */
const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'a country is two capital letters (ISO 3166-1)' });

const Countries = z
  .record(CountryCode, z.array(CrisisLine).min(1).max(20))
  .refine((countries) => Object.keys(countries).length <= 250, { message: 'at most 250 countries' });

/** As a `welcome` carries them. */
export const CrisisResources = z.strictObject({
  /** The sentence shown first, always. */
  emergency: z.string().trim().min(1).max(300),
  /** Lines by country; empty when the operator set none. */
  countries: Countries,
});
export type CrisisResources = z.infer<typeof CrisisResources>;

/** The operator's file: the same, with `emergency` optional (default `DEFAULT_EMERGENCY_SENTENCE`). */
export const CrisisResourcesFile = z.strictObject({
  emergency: z.string().trim().min(1).max(300).default(DEFAULT_EMERGENCY_SENTENCE),
  countries: Countries,
});

export const DEFAULT_CRISIS_RESOURCES: CrisisResources = {
  emergency: DEFAULT_EMERGENCY_SENTENCE,
  countries: {},
};
