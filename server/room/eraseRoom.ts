import { errorBody, Seat } from '../../shared/index.ts';
import type { DocHub } from '../docs/docHub.ts';
import type { Logger } from '../log.ts';
import { localSocketsIn, seatChannel, waitingChannel } from '../socket/channels.ts';
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
}

/** Who erases, as the erasures row says it (E2); `at` is the server's clock. */
export type EraseBy = Omit<ErasureRequest, 'at'>;

/**
 * Deletes a room for good (E1): its open connections are closed — socket.io with `closing`
 * `session_ended` "This session was deleted.", documents with 4410 and the same sentence — it leaves
 * memory without its documents being written back, and then the store erases every row of it, in the
 * room's own queue, so no command is half-way through the store meanwhile. Anything that still
 * arrives for it afterwards is told the session was deleted (`deleted.ts`); the store takes no write for the id again. Returns whether
 * the store held the room. The log says which room and who, never what it held.
 */
export async function eraseRoom(deps: EraseDeps, roomId: string, by: EraseBy): Promise<boolean> {
  const gone = errorBody('session_ended', SESSION_DELETED);
  for (const seat of Seat.options) {
    for (const channel of [seatChannel(roomId, seat), waitingChannel(roomId, seat)]) {
      for (const socket of localSocketsIn(deps.io, channel)) {
        // A command of this socket still queued must not act (the runtime checks this too).
        socket.data.revoked = true;
        socket.emit('closing', gone);
        socket.disconnect(true);
      }
    }
  }
  try {
    await deps.docs.eraseRoom(roomId);
    const erased = await deps.registry.erase(roomId, () =>
      deps.store.eraseRoom(roomId, { ...by, at: deps.now() }),
    );
    deps.log.info({ roomId, by: by.byKind, erased }, 'room erased');
    return erased;
  } finally {
    deps.docs.erased(roomId);
  }
}
