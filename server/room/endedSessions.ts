import { errorBody, Seat } from '../../shared/index.ts';
import type { RoomAction } from '../cluster/roomActions.ts';
import type { DocHub } from '../docs/docHub.ts';
import type { Logger } from '../log.ts';
import { closeLocalSockets } from '../socket/closeSockets.ts';
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
  /** Tells the other instances, which close the room's connections there at once (S30). */
  tellOthers: (action: RoomAction) => void;
}

/** How often rooms in memory are checked for an export window that has run out. */
export const SWEEP_MS = 60_000;

/**
 * A15 for connections already open: a room in memory whose export window has run out closes every
 * connection it still has — socket.io with `closing session_ended`, documents with 4410 — here and, at
 * once, on the other instances (S30; each also sweeps its own rooms). New ones are refused at the
 * door (handshake, auth message); this catches those that were there before.
 * Returns how many rooms it closed.
 */
export async function closeSessionsPastWindow(deps: EndedSessionDeps): Promise<number> {
  let closed = 0;
  for (const roomId of deps.registry.loadedIds()) {
    const room = await deps.registry.get(roomId);
    if (!room || !pastExportWindow(room.state, deps.now(), deps.exportWindowMs)) continue;
    closed += 1;
    closeEndedRoomHere(deps, roomId);
    deps.tellOthers({ type: 'sessionClosed', roomId });
    deps.log.info({ roomId }, 'export window over; connections closed');
  }
  return closed;
}

/** Closes this instance's connections of a room whose export window ran out (A15). */
export function closeEndedRoomHere(deps: Pick<EndedSessionDeps, 'io' | 'docs'>, roomId: string): void {
  const gone = errorBody('session_ended', 'This session has ended and is no longer available.');
  closeLocalSockets(deps.io, roomId, Seat.options, gone);
  deps.docs.closeRoom(roomId);
}
