import { type RoomEvent, seatsOf, viewEvent } from '../../shared/index.ts';
import type { RoomOutbox, RoomRuntime } from '../room/runtime.ts';
import { localSocketsIn, roomChannel, seatChannel, waitingChannel } from './channels.ts';
import { welcomeFor } from './handshake.ts';
import type { RoomServer } from './io.ts';
import type { PresenceBoard } from './presence.ts';
import { sendSnapshot } from './sync.ts';

/**
 * Fans accepted events out to this process's sockets, each seat receiving its own view (A10–A14).
 * `io.local`: every process folds the shared log itself and serves only its own sockets.
 */
export class SocketOutbox implements RoomOutbox {
  constructor(
    private readonly io: RoomServer,
    private readonly presence: () => PresenceBoard,
    private readonly now: () => number,
  ) {}

  published(room: RoomRuntime, events: RoomEvent[]): void {
    const { roomId, state } = room;
    for (const seat of seatsOf(state.mode)) {
      const channel = this.io.local.to(seatChannel(roomId, seat));
      for (const event of events) channel.emit('event', viewEvent(event, state.mode, seat));
    }
    for (const event of events) {
      if (event.type === 'seatAdmitted') this.admitWaiting(room, event.seat);
      if (event.type === 'paused' && event.kind === 'safety' && state.mode === 'therapy' && event.seat) {
        this.io.local
          .to(seatChannel(roomId, 'therapist'))
          .emit('safetyAlert', { seat: event.seat, seq: event.seq });
      }
    }
  }

  /** Moves a partner's waiting sockets into the room: they get the whole room as a snapshot (A3). */
  private admitWaiting(room: RoomRuntime, seat: 'A' | 'B') {
    const { roomId } = room;
    for (const socket of localSocketsIn(this.io, waitingChannel(roomId, seat))) {
      socket.leave(waitingChannel(roomId, seat));
      socket.join([seatChannel(roomId, seat), roomChannel(roomId)]);
      socket.emit('welcome', welcomeFor(socket.data, true, this.now(), room.state.partners));
      sendSnapshot(socket, room, seat);
    }
    this.presence().admitted(roomId, seat);
  }
}
