import type { Seat } from '../../shared/index.ts';
import type { RoomServer, RoomSocket } from './io.ts';

/** socket.io room names. A seat's channel carries that seat's view of events; the room channel, presence. */
export const seatChannel = (roomId: string, seat: Seat) => `seat:${roomId}:${seat}`;
export const waitingChannel = (roomId: string, seat: Seat) => `waiting:${roomId}:${seat}`;
export const roomChannel = (roomId: string) => `room:${roomId}`;

/** This process's sockets in a channel (each process serves only its own sockets). */
export function localSocketsIn(io: RoomServer, channel: string): RoomSocket[] {
  const ids = io.of('/').adapter.rooms.get(channel) ?? new Set<string>();
  return [...ids].flatMap((id) => io.of('/').sockets.get(id) ?? []);
}
