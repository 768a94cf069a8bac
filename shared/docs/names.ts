import { z } from 'zod';
import { PartnerSeat } from '../protocol/seats.ts';

/**
 * The synced documents of a room (D1–D6 in SPEC.md). Their names are paths under `/yjs/`:
 * `<roomId>/record`, `<roomId>/notes`, `<roomId>/therapist-notes`, `<roomId>/draft/A|B`.
 */
export type DocRef =
  | { roomId: string; kind: 'record' | 'notes' | 'therapist-notes' }
  | { roomId: string; kind: 'draft'; seat: PartnerSeat };

const RoomId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

export function docName(ref: DocRef): string {
  return ref.kind === 'draft' ? `${ref.roomId}/draft/${ref.seat}` : `${ref.roomId}/${ref.kind}`;
}

/** The document a name refers to, or null for anything that is not one of a room's documents. */
export function parseDocName(name: string): DocRef | null {
  const [roomId, kind, seat, ...rest] = name.split('/');
  if (!RoomId.safeParse(roomId).success || rest.length > 0 || roomId === undefined) return null;
  if (kind === 'draft') {
    const partner = PartnerSeat.safeParse(seat);
    return partner.success ? { roomId, kind, seat: partner.data } : null;
  }
  if (seat !== undefined) return null;
  if (kind === 'record' || kind === 'notes' || kind === 'therapist-notes') return { roomId, kind };
  return null;
}
