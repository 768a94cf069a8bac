import { z } from 'zod';
import { type ErrorBody, errorBody } from './errors.ts';
import { LIMITS } from './limits.ts';
import { nameText } from './text.ts';

/**
 * The partners' display names (and optional pronouns), given when a room is created (N1): the room
 * shows "Sam" and "Alex" instead of "Partner A" and "Partner B". Both partners or none, so no screen
 * has to mix a name with a letter.
 */
const PartnerNameInput = z.strictObject({
  name: nameText('A name', LIMITS.partnerNameChars),
  pronouns: nameText('Pronouns', LIMITS.pronounsChars).optional(),
});

/** What `createRoom` and `POST /api/rooms` accept: checked, trimmed and normalised (S5). */
export const PartnersInput = z.strictObject({ A: PartnerNameInput, B: PartnerNameInput });
export type PartnersInput = z.infer<typeof PartnersInput>;

/**
 * The names as recorded in `roomCreated` and carried by the state: not checked again, like every
 * recorded text (`recordedText`), so a log stays loadable if the rule tightens.
 */
const PartnerName = z.strictObject({ name: z.string(), pronouns: z.string().optional() });
export type PartnerName = z.infer<typeof PartnerName>;
export const Partners = z.strictObject({ A: PartnerName, B: PartnerName });
export type Partners = z.infer<typeof Partners>;

/**
 * A refused `partners` as an error body: where (`partners.A.name`) and what is wrong, never the name
 * itself. `issue` is the first zod issue, its path inside `partners`.
 */
export function partnersProblem(issue: { message: string; path: PropertyKey[] } | undefined): ErrorBody {
  const path = ['partners', ...(issue?.path ?? []).map(String)].join('.');
  const message =
    issue?.message && !issue.message.startsWith('Invalid')
      ? issue.message
      : 'Send "partners" as { "A": { "name": … }, "B": { "name": … } }, both partners, each with optional "pronouns".';
  return errorBody('bad_request', message, path);
}
