import { z } from 'zod';
import type { RoomEvent } from '../protocol/events.ts';
import { PartnerSeat } from '../protocol/seats.ts';

/**
 * A partner's parts across sessions (issue 10 §4, L1–L5 in SPEC.md): what the U-turns, the pieces
 * spoken for a part and the check-ins of a couple's rooms named, folded by name. Pure: the server
 * hands it the events of the couple's rooms (and the partner's own edits); the views decide who
 * reads what.
 */

export const PartKind = z.enum(['protector', 'exile', 'not_sure']);
export type PartKind = z.infer<typeof PartKind>;

export const LedgerPart = z.strictObject({
  /** The name folded for matching ("The Critic" and "the critic " are one part). */
  key: z.string(),
  name: z.string(),
  kind: PartKind,
  feltWhere: z.string().nullable(),
  /**
   * What it fears, kept across sessions only when the partner chose to keep it (L2); in the partner's
   * own view and the therapist's, never the other partner's.
   */
  fears: z.string().nullable(),
  /** What it feared the last time it was named, so the partner can choose to keep it; their own view only. */
  fearsNamed: z.string().nullable(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** How many times it was named (U-turns, pieces spoken for it, check-ins). */
  count: z.number().int(),
  /**
   * What the other partner last saw of it in a session — a piece spoken for it (name, kind, where felt)
   * or a check-in shared with the room (the name) — as they saw it, whatever the partner edited since;
   * null when they never saw it (L3).
   */
  shown: z
    .strictObject({
      name: z.string(),
      kind: PartKind.nullable(),
      feltWhere: z.string().nullable(),
      at: z.number(),
    })
    .nullable(),
});
export type LedgerPart = z.infer<typeof LedgerPart>;

/** A partner's own correction of a part (L4): any field left out stays as the sessions named it. */
export const PartEdit = z.strictObject({
  key: z.string(),
  name: z.string().optional(),
  kind: PartKind.optional(),
  feltWhere: z.string().nullable().optional(),
  /** What it fears, as the partner chose to keep it; null or absent: not kept (L2). */
  fears: z.string().nullable().optional(),
  /** The partner asked to forget this part: it is left out of every view. */
  forgotten: z.boolean().optional(),
});
export type PartEdit = z.infer<typeof PartEdit>;

export type PartsBySeat = Record<PartnerSeat, LedgerPart[]>;

export function partKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

interface Sighting {
  seat: PartnerSeat;
  at: number;
  name: string;
  kind?: PartKind;
  feltWhere?: string;
  fears?: string;
  shown: boolean;
  /** A piece carries the part its round's U-turn named (T9): it shows the part, it does not name it again. */
  naming: boolean;
}

function sightings(event: RoomEvent): Sighting[] {
  switch (event.type) {
    // I1: a part that did not want to listen is one of the partner's parts too, never shown to the other.
    case 'partNamed':
    case 'listeningPartNamed':
      return event.part
        ? [
            {
              seat: event.seat,
              at: event.at,
              name: event.part.name,
              kind: event.part.kind,
              ...(event.part.feltWhere ? { feltWhere: event.part.feltWhere } : {}),
              ...(event.part.fears ? { fears: event.part.fears } : {}),
              shown: false,
              naming: true,
            },
          ]
        : [];
    case 'spoke':
      return event.part
        ? [
            {
              seat: event.seat,
              at: event.at,
              name: event.part.name,
              kind: event.part.kind,
              ...(event.part.feltWhere ? { feltWhere: event.part.feltWhere } : {}),
              shown: true,
              naming: false,
            },
          ]
        : [];
    case 'checkedIn':
      return (event.checkIn?.parts ?? []).map((name) => ({
        seat: event.seat,
        at: event.at,
        name,
        shown: event.visibility === 'room',
        naming: true,
      }));
    default:
      return [];
  }
}

/**
 * Folds the events of every room of a couple (any order of rooms; events in their own order) into
 * each partner's parts, newest-seen first, then applies the partners' edits.
 */
export function partsLedger(
  rooms: readonly (readonly RoomEvent[])[],
  edits: Partial<Record<PartnerSeat, PartEdit[]>> = {},
): PartsBySeat {
  const bySeat: Record<PartnerSeat, Map<string, LedgerPart>> = { A: new Map(), B: new Map() };
  const all = rooms.flatMap((events) => events.flatMap(sightings)).sort((x, y) => x.at - y.at);
  for (const s of all) {
    const key = partKey(s.name);
    if (key === '') continue;
    const known = bySeat[s.seat].get(key);
    const shown = s.shown
      ? { name: s.name.trim(), kind: s.kind ?? null, feltWhere: s.feltWhere ?? null, at: s.at }
      : (known?.shown ?? null);
    if (known && !s.naming) {
      bySeat[s.seat].set(key, { ...known, shown });
      continue;
    }
    bySeat[s.seat].set(key, {
      key,
      name: s.name.trim(),
      kind: s.kind ?? known?.kind ?? 'not_sure',
      feltWhere: s.feltWhere ?? known?.feltWhere ?? null,
      fears: null,
      fearsNamed: s.fears ?? known?.fearsNamed ?? null,
      firstSeen: known?.firstSeen ?? s.at,
      lastSeen: s.at,
      count: (known?.count ?? 0) + 1,
      shown,
    });
  }
  const out: PartsBySeat = { A: [], B: [] };
  for (const seat of PartnerSeat.options) {
    const edited = new Map((edits[seat] ?? []).map((edit) => [edit.key, edit]));
    for (const part of bySeat[seat].values()) {
      const edit = edited.get(part.key);
      if (edit?.forgotten) continue;
      out[seat].push(
        edit
          ? {
              ...part,
              name: edit.name ?? part.name,
              kind: edit.kind ?? part.kind,
              feltWhere: edit.feltWhere === undefined ? part.feltWhere : edit.feltWhere,
              fears: edit.fears ?? null,
            }
          : part,
      );
    }
    out[seat].sort((x, y) => y.lastSeen - x.lastSeen);
  }
  return out;
}

/** The therapist's view of a partner's parts: what the partner kept, not what they chose not to keep. */
export function partsForTherapist(parts: readonly LedgerPart[]): LedgerPart[] {
  return parts.map((part) => ({ ...part, fearsNamed: null }));
}

/** What the other partner may see of a part: only what a session showed them (L3) — never fears. */
export type SharedPart = NonNullable<LedgerPart['shown']>;

export function partsShownToOther(parts: readonly LedgerPart[]): SharedPart[] {
  return parts.flatMap((part) => (part.shown ? [part.shown] : []));
}
