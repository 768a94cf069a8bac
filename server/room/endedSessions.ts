import { errorBody, seatsOf } from '../../shared/index.ts';
import type { DocHub } from '../docs/docHub.ts';
import type { Logger } from '../log.ts';
import { localSocketsIn, seatChannel, waitingChannel } from '../socket/channels.ts';
import type { RoomServer } from '../socket/io.ts';
import { pastExportWindow } from './exportWindow.ts';
import type { RoomRegistry } from './registry.ts';

export interface EndedSessionDeps {
  io: RoomServer;
  registry: RoomRegistry;
  docs: DocHub;
  log: Logger;
  now: () => number;
  exportWindowMs: number;
}

/** How often rooms in memory are checked for an export window that has run out. */
export const SWEEP_MS = 60_000;

/**
 * A15 for connections already open: a room in memory whose export window has run out closes every
 * connection it still has — socket.io with `closing session_ended`, documents with 4410. New ones are
 * refused at the door (handshake, auth message); this catches those that were there before.
 * Returns how many rooms it closed.
 */
export async function closeSessionsPastWindow(deps: EndedSessionDeps): Promise<number> {
  let closed = 0;
  for (const roomId of deps.registry.loadedIds()) {
    const room = await deps.registry.get(roomId);
    if (!room || !pastExportWindow(room.state, deps.now(), deps.exportWindowMs)) continue;
    closed += 1;
    const gone = errorBody('session_ended', 'This session has ended and is no longer available.');
    for (const seat of seatsOf(room.state.mode)) {
      for (const channel of [seatChannel(roomId, seat), waitingChannel(roomId, seat)]) {
        for (const socket of localSocketsIn(deps.io, channel)) {
          socket.emit('closing', gone);
          socket.disconnect(true);
        }
      }
    }
    deps.docs.closeRoom(roomId);
    deps.log.info({ roomId }, 'export window over; connections closed');
  }
  return closed;
}
