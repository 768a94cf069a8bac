import { type Mode, type RoomEvent, type Seat, seatsOf, viewEvent } from '../../shared/index.ts';
import type { ClusterPresence } from '../cluster/clusterPresence.ts';
import type { RoomOutbox, RoomRuntime } from '../room/runtime.ts';
import { localSocketsIn, roomChannel, seatChannel, waitingChannel } from './channels.ts';
import { welcomeFor } from './handshake.ts';
import type { RoomServer } from './io.ts';
import { sendSnapshot } from './sync.ts';

/**
 * Fans accepted events out to this process's sockets, each seat receiving its own view (A10–A14).
 * `io.local`: every process folds the shared log itself and serves only its own sockets.
 */
export class SocketOutbox implements RoomOutbox {
  constructor(
    private readonly io: RoomServer,
    private readonly presence: () => ClusterPresence,
    private readonly now: () => number,
  ) {}

  published(room: RoomRuntime, events: RoomEvent[]): void {
    const { roomId, state } = room;
    const seats = seatsOf(state.mode).map((seat) => ({ seat, channel: seatChannel(roomId, seat) }));
    for (const event of events) {
      // One emit per distinct view, to every seat that has it: socket.io encodes a broadcast once
      // for all its sockets, so an event every seat may read is serialised once, not once per seat.
      // Each socket still gets the room's events in order: they are emitted one event at a time.
      for (const { view, channels } of distinctViews(event, state.mode, seats)) {
        this.io.local.to(channels).emit('event', view);
      }
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

/**
 * The seats' views of `event`, each with the channels of the seats that receive it. A view that is
 * the event itself (nothing hidden) is one group; stand-ins that hide something are grouped by their
 * content, so both partners' identical `private` stand-in is one emit too.
 */
export function distinctViews(
  event: RoomEvent,
  mode: Mode,
  seats: { seat: Seat; channel: string }[],
): { view: RoomEvent; channels: string[] }[] {
  const groups = new Map<unknown, { view: RoomEvent; channels: string[] }>();
  for (const { seat, channel } of seats) {
    const view = viewEvent(event, mode, seat);
    const key = view === event ? event : JSON.stringify(view);
    const group = groups.get(key);
    if (group) group.channels.push(channel);
    else groups.set(key, { view, channels: [channel] });
  }
  return [...groups.values()];
}
