import type { Seat } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import { wasDeleted } from './deleted.ts';
import type { RoomRegistry } from './registry.ts';

export interface StaleConnectionDeps {
  registry: RoomRegistry;
  store: Store;
  log: Logger;
  /** Rooms this instance is erasing right now (its own erasure closes them). */
  erasingHere: ReadonlySet<string>;
  /** Closes this instance's connections of the seat whose token is below `version` (A5). */
  closeSeatHere: (roomId: string, seat: Seat, version: number) => void;
  /** Closes this instance's connections of an erased room and drops it from memory (E1). */
  eraseRoomHere: (roomId: string) => Promise<void>;
}

/** How often every room in memory is checked against the store for what a lost message left open. */
export const STALE_SWEEP_MS = 30_000;

/**
 * The bus between instances is at most once (S27), so a re-issue or an erasure decided on another
 * instance may never be heard of here. Every room in memory is checked against the store: a seat
 * whose version moved on has its older connections closed, a room the store no longer holds (erased)
 * is dropped with its connections (S30). Returns how many rooms it looked at.
 */
export async function closeStaleConnections(deps: StaleConnectionDeps): Promise<number> {
  let checked = 0;
  for (const roomId of deps.registry.loadedIds()) {
    if (deps.erasingHere.has(roomId)) continue;
    const stored = await deps.store.getRoom(roomId);
    checked += 1;
    if (stored === null) {
      if (await wasDeleted(deps.store, roomId)) {
        deps.log.info({ roomId }, 'room erased elsewhere; closing its connections here');
        await deps.eraseRoomHere(roomId);
      }
      continue;
    }
    for (const [seat, version] of Object.entries(stored.seatVersions) as [Seat, number][]) {
      deps.closeSeatHere(roomId, seat, version);
    }
  }
  return checked;
}
