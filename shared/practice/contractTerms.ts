import { z } from 'zod';
import { SafeToSpeak } from '../protocol/commands.ts';
import type { RoomEvent } from '../protocol/events.ts';
import type { RoomState } from '../protocol/state.ts';

/**
 * Part D of the clinical record (issue 11 §8, I47): the confidentiality text the partners agreed to,
 * and — in the therapist's copy — each partner's location today and answers to "is it safe for you to
 * speak openly today?". Those two exist only in therapy rooms, and a partner's own exports hold
 * practices only (server/practice/exports.ts), so they never reach the other partner.
 */
const time = z.number().int().nonnegative();
const seq = z.number().int().positive();
const perPartner = <T extends z.ZodType>(value: T) => z.strictObject({ A: value, B: value });

export const ContractSummary = z.strictObject({
  /** The room's confidentiality text as it stood at the end; null when it had none. */
  confidentiality: z.strictObject({ seq, at: time, text: z.string() }).nullable(),
  /** When each partner agreed to the contract, and the seq of the text they agreed to (null: none). */
  agreed: perPartner(z.strictObject({ at: time, confidentialitySeq: seq.nullable() }).nullable()),
  /** Every location each partner confirmed, in order (therapy; the therapist's copy). */
  locations: perPartner(z.array(z.strictObject({ at: time, location: z.string() }))),
  /** Every answer to "safe to speak openly today?", in order (therapy; the therapist's copy). */
  safeToSpeak: perPartner(z.array(z.strictObject({ at: time, answer: SafeToSpeak }))),
});
export type ContractSummary = z.infer<typeof ContractSummary>;

/** The contract part of a session's summary, from its log and the state it folds into. */
export function contractSummary(events: readonly RoomEvent[], state: RoomState): ContractSummary {
  const agreed = (seat: 'A' | 'B') => {
    const contract = state.contract[seat];
    return contract ? { at: contract.at, confidentialitySeq: contract.confidentialitySeq ?? null } : null;
  };
  const locations = (seat: 'A' | 'B') =>
    events.flatMap((e) =>
      e.type === 'locationConfirmed' && e.seat === seat ? [{ at: e.at, location: e.location }] : [],
    );
  const safe = (seat: 'A' | 'B') =>
    events.flatMap((e) =>
      e.type === 'safeToSpeakAnswered' && e.seat === seat ? [{ at: e.at, answer: e.answer }] : [],
    );
  return {
    confidentiality: state.confidentiality,
    agreed: { A: agreed('A'), B: agreed('B') },
    locations: { A: locations('A'), B: locations('B') },
    safeToSpeak: { A: safe('A'), B: safe('B') },
  };
}
