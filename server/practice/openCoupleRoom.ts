import { randomUUID } from 'node:crypto';
import type { Seat, Talk } from '../../shared/index.ts';
import { type OpenedRoom, type OpenRoomDeps, openRoom } from '../room/openRoom.ts';
import type { CoupleRecord, RoomKind } from '../store/practiceTypes.ts';

/** The partners' names as a room takes them (`partners` of the createRoom command, N1): pronouns left out when there are none. */
export function roomPartners(couple: CoupleRecord) {
  const partner = (p: CoupleRecord['partners']['A']) =>
    p.pronouns === null ? { name: p.name } : { name: p.name, pronouns: p.pronouns };
  return { A: partner(couple.partners.A), B: partner(couple.partners.B) };
}

/**
 * The one place a couple's room is made: a therapy session from the therapist's list, or a practice
 * from the couple's home. The owner is written first, under the id the room will have, so a room
 * never exists without its couple (a room of nobody is erased after its export window); if the room
 * then cannot be made, the owner goes again.
 * The room carries the couple's names, so it shows "Sam" and "Alex", never "Partner A" (issue 10 §2, N1).
 */
export async function openCoupleRoom(
  deps: OpenRoomDeps,
  options: {
    couple: CoupleRecord;
    kind: RoomKind;
    talk: Talk;
    assignmentId?: string | null;
    /** The seats whose links are returned: all of them unless a partner starts a practice (only theirs). */
    linksFor?: Seat[];
  },
): Promise<OpenedRoom> {
  const roomId = randomUUID();
  const { couple, kind } = options;
  await deps.store.practice.addRoomOwner({
    roomId,
    coupleId: couple.coupleId,
    kind,
    assignmentId: options.assignmentId ?? null,
    createdAt: deps.now(),
  });
  try {
    return await openRoom(deps, {
      roomId,
      mode: kind === 'session' ? 'therapy' : 'practice',
      talk: options.talk,
      partners: roomPartners(couple),
      // I40, I42: a session starts with the couple's confidentiality text (a practice has none).
      ...(kind === 'session' && couple.confidentiality !== null
        ? { confidentiality: couple.confidentiality }
        : {}),
      ...(options.linksFor ? { linksFor: options.linksFor } : {}),
    });
  } catch (error) {
    await deps.store.practice.removeRoomOwner(roomId).catch(() => undefined);
    throw error;
  }
}
