import type { ErrorBody, Seat } from '../../shared/index.ts';
import { localSocketsIn, seatChannel, waitingChannel } from './channels.ts';
import type { RoomServer } from './io.ts';

export interface CloseOptions {
  /** Mark them revoked, so a command of theirs still queued does not act (A5, E1). */
  revoke?: boolean;
  /** Only the sockets whose token's seat version is below this one (a re-issue, A5). */
  belowVersion?: number;
}

/**
 * Sends `closing` with `error` to this instance's sockets of the room's `seats`, in the room and in
 * the waiting room, and disconnects them. Other instances close theirs when they hear of it (S30).
 * Returns how many it closed.
 */
export function closeLocalSockets(
  io: RoomServer,
  roomId: string,
  seats: readonly Seat[],
  error: ErrorBody,
  options: CloseOptions = {},
): number {
  let closed = 0;
  for (const seat of seats) {
    for (const channel of [seatChannel(roomId, seat), waitingChannel(roomId, seat)]) {
      for (const socket of localSocketsIn(io, channel)) {
        if (options.belowVersion !== undefined && socket.data.version >= options.belowVersion) continue;
        if (options.revoke) socket.data.revoked = true;
        socket.emit('closing', error);
        socket.disconnect(true);
        closed += 1;
      }
    }
  }
  return closed;
}
