import { errorBody, Seat } from '../../shared/index.ts';
import type { RoomAction } from '../cluster/roomActions.ts';
import type { DocHub } from '../docs/docHub.ts';
import type { Logger } from '../log.ts';
import { closeLocalSockets } from '../socket/closeSockets.ts';
import type { RoomServer } from '../socket/io.ts';
import type { ErasureRequest, Store } from '../store/types.ts';
import { SESSION_DELETED } from './deleted.ts';
import type { RoomRegistry } from './registry.ts';

export interface EraseDeps {
  io: RoomServer;
  registry: RoomRegistry;
  docs: DocHub;
  store: Store;
  log: Logger;
  now: () => number;
  /** Tells the other instances, which close the room's connections there (S30, `roomActions.ts`). */
  tellOthers: (action: RoomAction) => void;
}

/** Who erases, as the erasures row says it (E2); `at` is the server's clock. */
export type EraseBy = Omit<ErasureRequest, 'at'>;

/**
 * Deletes a room for good (E1): its open connections are closed — socket.io with `closing`
 * `session_ended` "This session was deleted.", documents with 4410 and the same sentence — here and
 * on every other instance (S30), it leaves memory without its documents being written back, and then
 * the store erases every row of it, in the room's own queue, so no command is half-way through the
 * store meanwhile. Anything that still arrives for it afterwards is told the session was deleted
 * (`deleted.ts`); the store takes no write for the id again. Returns whether the store held the room.
 * The log says which room and who, never what it held.
 */
export async function eraseRoom(deps: EraseDeps, roomId: string, by: EraseBy): Promise<boolean> {
  deps.tellOthers({ type: 'erase', roomId });
  return dropRoomHere(deps, roomId, async () => {
    const erased = await deps.store.eraseRoom(roomId, { ...by, at: deps.now() });
    deps.log.info({ roomId, by: by.byKind, erased }, 'room erased');
    return erased;
  });
}

/**
 * Another instance erases the room (or it is gone from the store): this instance closes its
 * connections of it and drops it from memory, writing nothing back (E1, S30).
 */
export async function eraseRoomHere(
  deps: Omit<EraseDeps, 'store' | 'tellOthers'>,
  roomId: string,
): Promise<void> {
  await dropRoomHere(deps, roomId, async () => false);
}

async function dropRoomHere<T>(
  deps: Omit<EraseDeps, 'store' | 'tellOthers'>,
  roomId: string,
  erase: () => Promise<T>,
): Promise<T> {
  // A command of these sockets still queued must not act (the runtime checks this too).
  closeLocalSockets(deps.io, roomId, Seat.options, errorBody('session_ended', SESSION_DELETED), {
    revoke: true,
  });
  try {
    await deps.docs.eraseRoom(roomId);
    return await deps.registry.erase(roomId, erase);
  } finally {
    deps.docs.erased(roomId);
  }
}
