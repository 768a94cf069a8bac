import type { LinkedPart } from '../protocol/events.ts';
import { otherPartner, type PartnerSeat } from '../protocol/seats.ts';
import type { CycleLink } from '../protocol/state.ts';
import type { RoomState } from './state.ts';

/**
 * The cycle map's privacy (shared/SPEC.md I35, I36), in one place for the engine's decision and for
 * both seat views (events and state), so a partner's fold and their snapshot cannot disagree.
 */

/** Names compare as a person reads them: case and surrounding spaces aside. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

/**
 * I35: `seat` named this part in the room this session — at a U-turn, asked for one, or in a check-in
 * the therapist may read. A check-in kept to oneself (A10) never counts: the therapist makes the link,
 * and `named` would tell them, name by name, what it held.
 */
export function namedBy(state: RoomState, seat: PartnerSeat, part: string): boolean {
  const named = (state.partsNamed[seat] ?? []).map((entry) => entry.part.name);
  const checkIn = state.checkIns[seat];
  const checkedIn = checkIn && checkIn.visibility !== 'self' ? (checkIn.content?.parts ?? []) : [];
  return [...named, ...checkedIn].some((name) => sameName(name, part));
}

/**
 * I36: the part's name was already shown to the other partner — a piece of `seat`'s carried it (T9),
 * or `seat` shared a check-in naming it with the room (A10).
 */
export function shownToOther(state: RoomState, seat: PartnerSeat, part: string): boolean {
  const rounds = [...state.previousRounds, ...(state.stage === 'round' ? [state.round] : [])];
  const carried = rounds.some((round) =>
    round.entries.some(
      (entry) =>
        entry.seat === seat && entry.kind === 'piece' && entry.part && sameName(entry.part.name, part),
    ),
  );
  const checkIn = state.checkIns[seat];
  const shared =
    checkIn?.visibility === 'room' && (checkIn.content?.parts ?? []).some((name) => sameName(name, part));
  return carried || shared;
}

type Link = Pick<CycleLink, 'from' | 'to'>;

/** The partners who may read a link (I35): those whose own part in it is one they named. */
export function linkReaders(link: Link): PartnerSeat[] {
  return [link.from, link.to].filter((end) => end.named).map((end) => end.seat);
}

/**
 * A link as partner `viewer` may read it, or null when it is not theirs to see (I35): the other
 * partner's part keeps its name only when it was already shown to them (I36); otherwise the screen
 * says "a part of Alex".
 */
export function linkSeenBy<L extends Link>(link: L, viewer: PartnerSeat): L | null {
  if (!linkReaders(link).includes(viewer)) return null;
  const hide = (end: LinkedPart): LinkedPart => {
    if (end.seat !== otherPartner(viewer) || end.shown) return end;
    const { part: _hidden, ...rest } = end;
    return rest;
  };
  return { ...link, from: hide(link.from), to: hide(link.to) };
}
