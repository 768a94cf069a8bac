import {
  otherPartner,
  type PartnerSeat,
  type Partners,
  type RoundStep,
  type Seat,
} from '../../../shared/index.ts';
import { STEP_COPY, type StepCopy } from '../steps.ts';

/** The partners' names, when the room has them (N1): `state.partners` or `welcome.partners`. */
export type Names = Partners | null | undefined;

/** A partner as every screen names them (N3): their name, or "Partner A" in a room without names. */
export function partnerName(seat: PartnerSeat, names?: Names): string {
  return names?.[seat].name ?? `Partner ${seat}`;
}

/**
 * A partner's label where a therapist wants the pronouns (the console's rows and headings, N3):
 * "Sam (she/her)", "Alex", or "Partner A".
 */
export function partnerLabel(seat: PartnerSeat, names?: Names): string {
  const pronouns = names?.[seat].pronouns;
  return pronouns ? `${partnerName(seat, names)} (${pronouns})` : partnerName(seat, names);
}

/** Who acted, from the reader's side: "You", "Therapist", the partner's name (or "Partner A"), "The room". */
export function seatName(seat: Seat | 'system' | null | undefined, me?: Seat, names?: Names): string {
  if (!seat || seat === 'system') return 'The room';
  if (seat === me) return 'You';
  return seat === 'therapist' ? 'Therapist' : partnerName(seat, names);
}

const YOUR_PARTNER = /\b([Yy])our partner(’s|'s)?/g;

/**
 * The app's words to one partner with "your partner" as the other's name (N3): "Your partner is
 * reflecting…" → "Alex is reflecting…", "your partner’s turn" → "Alex’s turn". Only the app's own
 * sentences go through this, never what someone wrote. Unchanged in a room without names.
 */
export function aboutPartner(text: string, me: Seat, names?: Names): string {
  if (!names || me === 'therapist') return text;
  const name = names[otherPartner(me)].name;
  return text.replace(YOUR_PARTNER, (_match, _y: string, possessive?: string) =>
    possessive ? `${name}’s` : name,
  );
}

/** A step's words for one partner, with the other partner named (N3). */
export function stepCopyFor(step: RoundStep, me: Seat, names?: Names): StepCopy {
  const copy = STEP_COPY[step];
  if (!names) return copy;
  return {
    ...copy,
    explain: aboutPartner(copy.explain, me, names),
    speaker: aboutPartner(copy.speaker, me, names),
    listener: aboutPartner(copy.listener, me, names),
  };
}
