import type { LedgerPart, PartKind, SharedPart } from '../../../shared/index.ts';

/*
 * The plain words the parts screens use (issue 10 §4, SPEC L1–L4): a part's kind, when it was seen,
 * how often it was named. Pure, so the unit tests pin the wording; the screens are
 * client/src/screens/home/MyParts.tsx and client/src/screens/practice/CoupleParts.tsx.
 */

/** How dates are shown: the reader's own locale and time zone unless a test pins them. */
export interface Clock {
  locale?: string | undefined;
  timeZone?: string | undefined;
}

/** A part's kind as a partner would say it; every kind is welcome, none is "bad". */
export function kindWords(kind: PartKind): string {
  switch (kind) {
    case 'protector':
      return 'a protector';
    case 'exile':
      return 'a young, hurt part';
    case 'not_sure':
      return 'not sure yet';
  }
}

/** A day, without the hour: "3 Nov 2026". */
export function dayOf(ms: number, clock: Clock = {}): string {
  return new Intl.DateTimeFormat(clock.locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: clock.timeZone,
  }).format(ms);
}

/** "First seen 3 Nov 2026, last seen 17 Nov 2026", or "Seen on 3 Nov 2026" when both are one day. */
export function seenLine(part: Pick<LedgerPart, 'firstSeen' | 'lastSeen'>, clock: Clock = {}): string {
  const first = dayOf(part.firstSeen, clock);
  const last = dayOf(part.lastSeen, clock);
  return first === last ? `Seen on ${first}` : `First seen ${first}, last seen ${last}`;
}

/** "Named once", "Named twice", "Named 5 times". */
export function countLine(count: number): string {
  if (count <= 1) return 'Named once';
  if (count === 2) return 'Named twice';
  return `Named ${count} times`;
}

/** Where a part is felt, as a line; null when no one said. */
export function feltLine(feltWhere: string | null): string | null {
  return feltWhere ? `Felt: ${feltWhere}` : null;
}

/** The line under a part the other partner showed: what kind, and the day it was shown. */
export function shownLine(part: SharedPart, clock: Clock = {}): string {
  return `Shown on ${dayOf(part.at, clock)}`;
}

/** The kind as a line of its own: "Feels like a protector", "Not sure yet what kind of part". */
export function kindLine(kind: PartKind): string {
  return kind === 'not_sure' ? 'Not sure yet what kind of part' : `Feels like ${kindWords(kind)}`;
}
