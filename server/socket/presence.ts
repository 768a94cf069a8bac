import type { Presence, PresenceStatus, Seat } from '../../shared/index.ts';

interface SeatPresence {
  sockets: number;
  waiting: boolean;
  status: PresenceStatus;
  grace?: NodeJS.Timeout;
}

export interface PresenceHooks {
  /** This instance's view of the room changed; returns whether the room's sockets were told. */
  changed(roomId: string, presence: Presence): boolean;
  /** The grace period ran out with the seat still gone (T33). */
  lost(roomId: string, seat: Seat): void;
  /** Nobody is connected to the room any more and every grace period is over. */
  empty(roomId: string): void;
}

/**
 * Who is connected to this instance, per room and seat. A seat that drops is `reconnecting` for the
 * grace period, so a blinking wifi moves nothing; after it, `offline`. What the clients see is this
 * view merged with the other instances' (`server/cluster/clusterPresence.ts`, S30).
 */
export class PresenceBoard {
  private readonly rooms = new Map<string, Map<Seat, SeatPresence>>();

  constructor(
    private readonly graceMs: number,
    private readonly hooks: PresenceHooks,
  ) {}

  /** Returns whether the room's sockets were told of a change (else the caller tells its socket). */
  connected(roomId: string, seat: Seat, waiting: boolean): boolean {
    const entry = this.entry(roomId, seat);
    clearTimeout(entry.grace);
    entry.grace = undefined;
    entry.sockets += 1;
    entry.waiting = waiting;
    return this.set(roomId, entry, waiting ? 'waiting' : 'online');
  }

  admitted(roomId: string, seat: Seat): void {
    const entry = this.rooms.get(roomId)?.get(seat);
    if (!entry || entry.sockets === 0) return;
    entry.waiting = false;
    this.set(roomId, entry, 'online');
  }

  disconnected(roomId: string, seat: Seat): void {
    const entry = this.entry(roomId, seat);
    entry.sockets = Math.max(0, entry.sockets - 1);
    if (entry.sockets > 0) return;
    if (entry.waiting) {
      this.set(roomId, entry, 'offline');
      this.maybeEmpty(roomId);
      return;
    }
    this.set(roomId, entry, 'reconnecting');
    entry.grace = setTimeout(() => {
      entry.grace = undefined;
      this.set(roomId, entry, 'offline');
      this.hooks.lost(roomId, seat);
      this.maybeEmpty(roomId);
    }, this.graceMs);
    entry.grace.unref();
  }

  holdsRoom(roomId: string): boolean {
    return this.rooms.has(roomId);
  }

  /** The rooms this instance has sockets or grace periods in. */
  roomIds(): IterableIterator<string> {
    return this.rooms.keys();
  }

  /** This instance's own view of the room (its sockets and grace periods only). */
  localView(roomId: string): Presence {
    const seats: Presence['seats'] = {};
    for (const [seat, entry] of this.rooms.get(roomId) ?? []) seats[seat] = entry.status;
    return { seats };
  }

  /** This instance's open sockets per seat of the room, seats with none left out (S8 across instances). */
  localCounts(roomId: string): Partial<Record<Seat, number>> {
    const counts: Partial<Record<Seat, number>> = {};
    for (const [seat, entry] of this.rooms.get(roomId) ?? [])
      if (entry.sockets > 0) counts[seat] = entry.sockets;
    return counts;
  }

  /** Stops every grace timer (server shutdown). */
  clear(): void {
    for (const room of this.rooms.values()) for (const entry of room.values()) clearTimeout(entry.grace);
    this.rooms.clear();
  }

  private maybeEmpty(roomId: string) {
    const room = this.rooms.get(roomId);
    if (!room) return;
    for (const entry of room.values()) if (entry.sockets > 0 || entry.grace) return;
    this.rooms.delete(roomId);
    this.hooks.empty(roomId);
  }

  private entry(roomId: string, seat: Seat): SeatPresence {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = new Map();
      this.rooms.set(roomId, room);
    }
    let entry = room.get(seat);
    if (!entry) {
      entry = { sockets: 0, waiting: false, status: 'offline' };
      room.set(seat, entry);
    }
    return entry;
  }

  /** Returns whether the room's sockets were told of a change. */
  private set(roomId: string, entry: SeatPresence, status: PresenceStatus): boolean {
    if (entry.status === status) return false;
    entry.status = status;
    return this.hooks.changed(roomId, this.localView(roomId));
  }
}
