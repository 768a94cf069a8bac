import type { Seat } from '../../shared/index.ts';

/** socket.io room names. A seat's channel carries that seat's view of events; the room channel, presence. */
export const seatChannel = (roomId: string, seat: Seat) => `seat:${roomId}:${seat}`;
export const waitingChannel = (roomId: string, seat: Seat) => `waiting:${roomId}:${seat}`;
export const roomChannel = (roomId: string) => `room:${roomId}`;
