import type { RoomOwnerRecord } from '../store/practiceTypes.ts';
import type { Store } from '../store/types.ts';
import { type RoomFacts, roomFacts } from './roomFacts.ts';
import { practiceItem, type Viewer } from './views.ts';

export interface OwnedRoom {
  owner: RoomOwnerRecord;
  facts: RoomFacts;
}

/**
 * A couple's rooms of one kind, newest first, each folded from its events (server/practice/
 * roomFacts.ts). A room whose owner is known but which has no events (erased, or never made) is left out.
 */
export async function roomsWithFacts(
  store: Store,
  coupleId: string,
  kind: RoomOwnerRecord['kind'],
): Promise<OwnedRoom[]> {
  const owners = await store.practice.roomsOf(coupleId, kind);
  const rooms: OwnedRoom[] = [];
  for (const owner of owners) {
    const facts = await roomFacts(store, owner.roomId);
    if (facts) rooms.push({ owner, facts });
  }
  return rooms;
}

/** A couple's practices as `viewer` may see them (K5), newest first. */
export async function practiceItems(store: Store, coupleId: string, viewer: Viewer) {
  const rooms = await roomsWithFacts(store, coupleId, 'practice');
  return Promise.all(
    rooms.map(async ({ owner, facts }) =>
      practiceItem(viewer, {
        owner,
        facts,
        shares: await store.practice.sharesOf(owner.roomId),
        note: await store.practice.practiceNote(owner.roomId),
      }),
    ),
  );
}
