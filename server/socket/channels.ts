import type { Server, Socket } from 'socket.io';
import type { Seat } from '../../shared/index.ts';

/** socket.io room names. A seat's channel carries that seat's view of events; the room channel, presence. */
export const seatChannel = (roomId: string, seat: Seat) => `seat:${roomId}:${seat}`;
export const waitingChannel = (roomId: string, seat: Seat) => `waiting:${roomId}:${seat}`;
export const roomChannel = (roomId: string) => `room:${roomId}`;

/** This process's sockets in a channel (each process serves only its own sockets). */
export function localSocketsIn(io: Server, channel: string): Socket[] {
  const ids = io.of('/').adapter.rooms.get(channel) ?? new Set<string>();
  return [...ids].flatMap((id) => io.of('/').sockets.get(id) ?? []);
}
