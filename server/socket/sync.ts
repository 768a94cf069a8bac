import { LIMITS, type Seat, viewEvent, viewState } from '../../shared/index.ts';
import type { RoomRuntime } from '../room/runtime.ts';
import type { Store } from '../store/types.ts';
import type { RoomSocket } from './io.ts';

export function sendSnapshot(socket: RoomSocket, room: RoomRuntime, seat: Seat): void {
  socket.emit('sync', { kind: 'snapshot', state: viewState(room.state, seat), seq: room.state.seq });
}

/**
 * Brings a (re)connecting socket up to date (S4): the events after `lastSeq` when it is a short
 * way behind, a snapshot otherwise. Runs inside the room's queue, so nothing is published between
 * the read and the socket joining its channel.
 */
export async function sendSync(
  socket: RoomSocket,
  room: RoomRuntime,
  seat: Seat,
  store: Store,
  lastSeq?: number,
) {
  const head = room.state.seq;
  if (lastSeq === undefined || lastSeq > head || head - lastSeq > LIMITS.replayMaxEvents) {
    sendSnapshot(socket, room, seat);
    return;
  }
  const missed = await store.read(room.roomId, lastSeq + 1, head - lastSeq);
  const events = missed.map((event) => viewEvent(event, room.state.mode, seat));
  socket.emit('sync', { kind: 'events', events, seq: head });
}
