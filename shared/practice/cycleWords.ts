import type { PartnerSeat } from '../protocol/seats.ts';

/**
 * The words for Part E's moves (issue 11 §6, shared/SPEC.md I33–I37), shared by the screens and the
 * records so a link reads the same everywhere: "the critic (Sam) → sets off → the withdrawer (Alex)".
 */

/** One end of a link; a part whose name the reader was not shown is "a part of Alex" (I36). */
export function linkEndWords(part: string | null | undefined, partnerName: string): string {
  return part ? `${part} (${partnerName})` : `a part of ${partnerName}`;
}

export const SETS_OFF = '→ sets off →';

/** A whole link, as one line. `name` gives each seat's display name, already escaped if need be. */
export function linkWords(
  from: { seat: PartnerSeat; part?: string | null | undefined },
  to: { seat: PartnerSeat; part?: string | null | undefined },
  name: (seat: PartnerSeat) => string,
  escapeText: (text: string) => string = (text) => text,
): string {
  const end = (e: typeof from) => linkEndWords(e.part ? escapeText(e.part) : null, name(e.seat));
  return `${end(from)} ${SETS_OFF} ${end(to)}`;
}

export const MOMENT_WORDS = { unburdening: 'relational unburdening', repair: 'repair' } as const;
