import { z } from 'zod';
import { exhaustive, Presence, type PresenceStatus, Seat } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import { PresenceBoard } from '../socket/presence.ts';
import type { ClusterBus } from './bus.ts';
import { type InstanceLiveness, LIVENESS_TTL_MS } from './liveness.ts';

/** How often an instance repeats its view of every room it holds (one message for all of them). */
export const PRESENCE_BEAT_MS = 2_000;
/** Another instance's view not heard again within this many beats is dropped (a killed instance). */
const BEATS_TO_EXPIRE = 3;

/** The stronger status wins the merge: online anywhere, else waiting, else reconnecting, else offline. */
const RANK: Record<PresenceStatus, number> = { offline: 0, reconnecting: 1, waiting: 2, online: 3 };

type Seats = Presence['seats'];

/** One instance's open sockets per seat of a room (the seat connection cap across instances, S31). */
const SeatCounts = z.partialRecord(Seat, z.number().int().min(0));
type SeatCounts = z.infer<typeof SeatCounts>;

/**
 * What instances say to each other about presence, on the bus (S27): `view` is one instance's own
 * view of one room (no seats: it holds the room no more), on the room's channel, when it changes or
 * when asked; `ask` is sent by an instance that starts holding a room; `beat` repeats every room the
 * sender holds, on one channel for all rooms, so a lost message costs one beat and a killed
 * instance's views expire. `sockets` (S31) is the sender's count of open sockets per seat, in a view
 * and per room in a beat; optional, so an instance of the version before reads these messages and is
 * read (it counts the cap alone).
 */
const PresenceMessage = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('view'),
    room: z.string(),
    seats: Presence.shape.seats,
    sockets: SeatCounts.optional(),
  }),
  z.object({ t: z.literal('ask'), room: z.string() }),
  z.object({
    t: z.literal('beat'),
    rooms: z.record(z.string(), Presence.shape.seats),
    sockets: z.record(z.string(), SeatCounts).optional(),
  }),
]);
type PresenceMessage = z.infer<typeof PresenceMessage>;

const BEAT_CHANNEL = 'presence';
const roomChannel = (roomId: string) => `presence:${roomId}`;

export interface ClusterPresenceHooks {
  /** The merged presence of the room changed: tell this instance's sockets of it. */
  changed(roomId: string, presence: Presence): void;
  /**
   * The seat's grace ran out here and no instance has it connected or in grace any more: pause the
   * round (T33). Two instances may both decide so; the engine turns the second into no event.
   */
  lost(roomId: string, seat: Seat): void;
  /** Nobody is connected to the room on this instance and every grace period here is over. */
  empty(roomId: string): void;
}

export interface ClusterPresenceOptions {
  bus: ClusterBus;
  /** Asked whether an instance that went silent is gone (S31); renewed for this one on every beat. */
  liveness: InstanceLiveness;
  graceMs: number;
  log: Logger;
  beatMs?: number;
  now?: () => number;
}

interface RemoteView {
  seats: Seats;
  heardAt: number;
}

/** Another instance's last count of its sockets in one room. */
interface RemoteCounts {
  sockets: SeatCounts;
  heardAt: number;
}

/** A seat shown `reconnecting` here because the instance that had it went away (`adopted`). */
interface Adoption {
  timer: NodeJS.Timeout;
  /** The instance that had it. */
  from: string;
  /**
   * Its view was dropped because it went silent, not because it said goodbye: whether it is gone is
   * asked when the grace runs out (S31), not taken from the silence.
   */
  silent: boolean;
  /**
   * Not asked before: a key's life after the drop, so a killed instance's key is gone by then even
   * if its last renewal landed late, however short the grace. On `now`, which must be the clock the
   * timers run on (Date.now, faked with them in tests).
   */
  askFrom: number;
}

/**
 * Presence across the instances sharing one Redis (S30). Each instance counts its own sockets
 * (`PresenceBoard`), tells the others its view of every room it holds, and shows its sockets the merge
 * of all views. On SQLite the bus is silent and the merge is this instance's view alone.
 */
export class ClusterPresence {
  private readonly board: PresenceBoard;
  /** Per room this instance holds: the other instances' views, by instance id. */
  private readonly remote = new Map<string, Map<string, RemoteView>>();
  /** Seats seen anywhere while this instance holds the room: `offline` once gone, never absent again. */
  private readonly seen = new Map<string, Set<Seat>>();
  /** The merged presence last told to this instance's sockets, per room (as JSON). */
  private readonly told = new Map<string, string>();
  /**
   * Seats an instance held when it went away (stopped, or silent past its beats) and no other has:
   * shown `reconnecting` for a grace period of this instance's, then `offline` and, if that instance
   * is gone, lost (T33, S31): it said goodbye, or went silent and its liveness key has expired.
   * Silence alone is not enough: an instance that stopped hearing the bus would see every other
   * instance go silent and pause every room it holds.
   */
  private readonly adopted = new Map<string, Map<Seat, Adoption>>();
  /** Seats whose grace ran out here while another instance still had them: decided once it no longer does. */
  private readonly lostHere = new Map<string, Set<Seat>>();
  /**
   * Per room, held here or not, the other instances' last counts of their sockets (S31): a handshake
   * here counts them against the seat's cap, so a room is kept even where no socket of it is open.
   */
  private readonly counts = new Map<string, Map<string, RemoteCounts>>();
  /** The counts last sent per room held here (as JSON), so a change of count alone is sent too. */
  private readonly sentCounts = new Map<string, string>();
  /** Whether the last beat listed any room: one beat with none follows, so the others drop its counts. */
  private beatHadRooms = false;
  /**
   * The rooms held when the server began to stop, with this instance's last view of each: repeated
   * in every beat while the sockets close, and told goodbye once they have.
   */
  private leaving = new Map<string, Seats>();
  private readonly subscriptions = new Map<string, () => void>();
  private readonly stopBeats: () => void;
  private readonly beat: NodeJS.Timeout;
  private readonly beatMs: number;
  private readonly now: () => number;
  /** After `stop()` (the server stops) sockets closing are not counted: nobody is told of them. */
  private stopped = false;

  constructor(
    private readonly options: ClusterPresenceOptions,
    private readonly hooks: ClusterPresenceHooks,
  ) {
    this.beatMs = options.beatMs ?? PRESENCE_BEAT_MS;
    this.now = options.now ?? Date.now;
    this.board = new PresenceBoard(options.graceMs, {
      changed: (roomId, view) => this.localChanged(roomId, view),
      lost: (roomId, seat) => this.graceOver(roomId, seat),
      empty: (roomId) => this.release(roomId),
    });
    this.stopBeats = options.bus.subscribe(BEAT_CHANNEL, (message, from) => this.heard(message, from));
    this.beat = setInterval(() => this.tick(), this.beatMs);
    this.beat.unref();
  }

  /** Returns whether the room's sockets were told of a change (else the caller tells its socket). */
  connected(roomId: string, seat: Seat, waiting: boolean): boolean {
    if (this.stopped) return false;
    this.lostHere.get(roomId)?.delete(seat);
    const told = this.board.connected(roomId, seat, waiting);
    this.sendCountsIfChanged(roomId);
    return told;
  }

  admitted(roomId: string, seat: Seat): void {
    if (this.stopped) return;
    this.board.admitted(roomId, seat);
  }

  disconnected(roomId: string, seat: Seat): void {
    if (this.stopped) return;
    this.board.disconnected(roomId, seat);
    this.sendCountsIfChanged(roomId);
  }

  /**
   * The seat's open sockets on the other instances, as each last said (S31): with this instance's own,
   * what the seat's connection cap counts. At most once on the bus and sent on change and every beat,
   * so connections opened elsewhere within the last moment (up to a beat) may be missing from it.
   */
  connectionsElsewhere(roomId: string, seat: Seat): number {
    let total = 0;
    for (const counts of this.counts.get(roomId)?.values() ?? []) total += counts.sockets[seat] ?? 0;
    return total;
  }

  holdsRoom(roomId: string): boolean {
    return this.board.holdsRoom(roomId);
  }

  /** What a client is shown: every instance's view of the room, merged. */
  snapshot(roomId: string): Presence {
    const seats: Seats = { ...this.board.localView(roomId).seats };
    for (const view of this.remote.get(roomId)?.values() ?? []) {
      for (const seat of Seat.options) {
        const theirs = view.seats[seat];
        const ours = seats[seat];
        if (theirs && (!ours || RANK[theirs] > RANK[ours])) seats[seat] = theirs;
      }
    }
    for (const seat of this.adopted.get(roomId)?.keys() ?? []) {
      const status = seats[seat];
      if (!status || RANK[status] < RANK.reconnecting) seats[seat] = 'reconnecting';
    }
    const seen = this.seen.get(roomId);
    const ordered: Seats = {};
    for (const seat of Seat.options) {
      const status = seats[seat] ?? (seen?.has(seat) ? 'offline' : undefined);
      if (status) ordered[seat] = status;
    }
    return { seats: ordered };
  }

  /**
   * The server begins to stop: nothing is decided or counted here any more. The others are not told
   * yet — `goodbye()`, once this instance's sockets are closed: told now, they would start the
   * seats' grace (S31) while the clients are still connected here, not yet asked to reconnect. Until
   * then the beat goes on, with the last views and no sockets: the others keep the seats online
   * (their views of this instance do not expire, its liveness key is renewed), and count none of
   * its sockets against the cap, as those are being closed (S8).
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const roomId of this.board.roomIds()) this.leaving.set(roomId, this.board.localView(roomId).seats);
    this.board.clear();
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.subscriptions.clear();
    this.stopBeats();
    this.remote.clear();
    this.told.clear();
    this.seen.clear();
    this.counts.clear();
    this.sentCounts.clear();
    for (const seats of this.adopted.values()) for (const { timer } of seats.values()) clearTimeout(timer);
    this.adopted.clear();
    this.lostHere.clear();
    this.tick();
  }

  /**
   * Tells the others this instance holds nothing any more, and stops beating (after `stop()`; once).
   * Published without waiting: the bus is closed after a round trip on the store (the liveness key's
   * delete), which the publisher's connection has sent it before.
   */
  goodbye(): void {
    if (!this.stopped) return;
    clearInterval(this.beat);
    for (const roomId of this.leaving.keys()) this.publishView(roomId, {});
    // Instances that do not hold those rooms heard no goodbye: an empty beat drops its counts there.
    if (this.leaving.size > 0 || this.beatHadRooms)
      this.send(BEAT_CHANNEL, { t: 'beat', rooms: {}, sockets: {} });
    this.leaving.clear();
    this.beatHadRooms = false;
  }

  /** `stop()` and `goodbye()` at once. */
  clear(): void {
    this.stop();
    this.goodbye();
  }

  private localChanged(roomId: string, view: Presence): boolean {
    if (!this.subscriptions.has(roomId)) {
      this.subscriptions.set(
        roomId,
        this.options.bus.subscribe(roomChannel(roomId), (message, from) => this.heard(message, from)),
      );
      // The others' views now, rather than at their next beat (a lost answer costs one beat).
      this.send(roomChannel(roomId), { t: 'ask', room: roomId });
    }
    this.publishView(roomId, view.seats);
    return this.refresh(roomId);
  }

  /** The seat's grace period here ran out: it is lost, unless another instance still has it. */
  private graceOver(roomId: string, seat: Seat) {
    let seats = this.lostHere.get(roomId);
    if (!seats) {
      seats = new Set();
      this.lostHere.set(roomId, seats);
    }
    seats.add(seat);
    if (!this.decideLost(roomId).includes(seat)) {
      this.options.log.info(
        { roomId, seat },
        'grace over here; the seat is on another instance, which decides',
      );
    }
  }

  /** Tells this instance's sockets the merged presence if it changed; then decides waiting losses. */
  private refresh(roomId: string): boolean {
    this.endAdoptions(roomId);
    const merged = this.snapshot(roomId);
    if (this.board.holdsRoom(roomId)) {
      const seen = this.seen.get(roomId) ?? new Set<Seat>();
      for (const seat of Seat.options) if (merged.seats[seat]) seen.add(seat);
      this.seen.set(roomId, seen);
    }
    const json = JSON.stringify(merged);
    let changed = false;
    if (this.board.holdsRoom(roomId) && this.told.get(roomId) !== json) {
      this.told.set(roomId, json);
      this.hooks.changed(roomId, merged);
      changed = true;
    }
    this.decideLost(roomId);
    return changed;
  }

  /**
   * A seat lost here pauses the round only once no other instance has it online, waiting or in its
   * grace period: a phone that came back through another instance is not lost, and an instance whose
   * grace runs out later decides then.
   */
  private decideLost(roomId: string): Seat[] {
    const seats = this.lostHere.get(roomId);
    const lost: Seat[] = [];
    if (!seats) return lost;
    for (const seat of [...seats]) {
      const statuses = [...(this.remote.get(roomId)?.values() ?? [])].map(
        (view) => view.seats[seat] ?? 'offline',
      );
      // Back on another instance: nothing is pending here any more. Kept pending, a seat that moved
      // would be paused by this instance when that one later goes quiet, alive or not (S31: a
      // silent instance's seats pause the round only once it is found gone).
      if (statuses.some((status) => status === 'online' || status === 'waiting')) {
        seats.delete(seat);
        continue;
      }
      if (statuses.includes('reconnecting')) continue; // in its grace there: decided when it ends
      seats.delete(seat);
      lost.push(seat);
      this.hooks.lost(roomId, seat);
    }
    if (seats.size === 0) this.lostHere.delete(roomId);
    return lost;
  }

  private release(roomId: string) {
    this.publishView(roomId, {});
    this.subscriptions.get(roomId)?.();
    this.subscriptions.delete(roomId);
    this.remote.delete(roomId);
    this.told.delete(roomId);
    this.seen.delete(roomId);
    this.sentCounts.delete(roomId);
    for (const { timer } of this.adopted.get(roomId)?.values() ?? []) clearTimeout(timer);
    this.adopted.delete(roomId);
    this.lostHere.delete(roomId);
    this.hooks.empty(roomId);
  }

  private heard(raw: Uint8Array, from: string) {
    let message: PresenceMessage;
    try {
      const parsed = PresenceMessage.safeParse(JSON.parse(Buffer.from(raw).toString('utf8')));
      if (!parsed.success) throw new Error('not a presence message');
      message = parsed.data;
    } catch {
      this.options.log.warn({ from }, 'unreadable presence message dropped');
      return;
    }
    switch (message.t) {
      case 'view':
        this.heardCounts(message.room, from, message.sockets);
        this.heardView(message.room, from, message.seats);
        return;
      case 'ask':
        if (this.board.holdsRoom(message.room))
          this.publishView(message.room, this.board.localView(message.room).seats);
        return;
      case 'beat':
        // A beat lists every room the sender holds: its counts of any other room are gone.
        for (const [roomId, views] of this.counts) {
          if (roomId in message.rooms || !views.delete(from)) continue;
          if (views.size === 0) this.counts.delete(roomId);
        }
        for (const [roomId, seats] of Object.entries(message.rooms)) {
          this.heardCounts(roomId, from, message.sockets?.[roomId]);
          this.heardView(roomId, from, seats);
        }
        return;
      default:
        return exhaustive(message, 'presence message');
    }
  }

  /** Another instance's count of its sockets in a room (`undefined`: it does not send counts). */
  private heardCounts(roomId: string, from: string, sockets: SeatCounts | undefined) {
    let views = this.counts.get(roomId);
    if (sockets === undefined || Object.keys(sockets).length === 0) {
      views?.delete(from);
      if (views?.size === 0) this.counts.delete(roomId);
      return;
    }
    if (!views) {
      views = new Map();
      this.counts.set(roomId, views);
    }
    views.set(from, { sockets, heardAt: this.now() });
  }

  private heardView(roomId: string, from: string, seats: Seats) {
    // Another instance's view matters only for rooms this one holds (its sockets are the audience).
    if (!this.board.holdsRoom(roomId)) return;
    let views = this.remote.get(roomId);
    if (!views) {
      views = new Map();
      this.remote.set(roomId, views);
    }
    if (Object.keys(seats).length === 0) this.forget(roomId, from, false);
    else views.set(from, { seats, heardAt: this.now() });
    this.refresh(roomId);
  }

  /**
   * Drops another instance's view of the room: it let go of the room or stopped (a goodbye), or went
   * `silent`. Seats it still had connected or in grace, which no instance has now, are adopted
   * (`adopted`): they show `reconnecting` for a grace period starting now, while their clients find
   * another instance. A seat whose grace had run out here already, waiting for that instance's
   * (`lostHere`), is decided at once after a goodbye; after silence it is adopted too, so its loss
   * waits for the answer on whether that instance is gone (S31).
   */
  private forget(roomId: string, from: string, silent: boolean) {
    const views = this.remote.get(roomId);
    const gone = views?.get(from);
    views?.delete(from);
    if (!gone || !this.board.holdsRoom(roomId)) return;
    const lostHere = this.lostHere.get(roomId);
    for (const seat of Seat.options) {
      const status = gone.seats[seat];
      if ((status !== 'online' && status !== 'reconnecting') || this.heldAnywhere(roomId, seat)) continue;
      if (lostHere?.has(seat)) {
        if (!silent) continue;
        lostHere.delete(seat);
        if (lostHere.size === 0) this.lostHere.delete(roomId);
      }
      let seats = this.adopted.get(roomId);
      if (!seats) {
        seats = new Map();
        this.adopted.set(roomId, seats);
      }
      if (seats.has(seat)) continue;
      const timer = setTimeout(() => void this.adoptionOver(roomId, seat, adoption), this.options.graceMs);
      timer.unref();
      const adoption: Adoption = { timer, from, silent, askFrom: this.now() + LIVENESS_TTL_MS };
      seats.set(seat, adoption);
    }
  }

  /**
   * An adopted seat's grace ran out and nobody has it back: `offline`, and lost as if the grace had
   * run out on a socket of this instance's (T33; `decideLost` still waits for any instance holding
   * it) — if the instance that had it is gone. After a goodbye it is; after silence, only if its
   * liveness key has expired (S31). Alive, or no answer (Redis away, one instance alone): not lost —
   * this instance may be the one that went deaf, and pausing on a guess would stop every room it holds.
   */
  private async adoptionOver(roomId: string, seat: Seat, adoption: Adoption) {
    // Still this adoption, the seat not back anywhere (`endAdoptions` ends it), nor the room let go of.
    const current = () => !this.stopped && this.adopted.get(roomId)?.get(seat) === adoption;
    if (!current()) return;
    if (adoption.silent) {
      // Kept adopted (`reconnecting`) until the answer, so a seat back meanwhile ends it.
      const early = adoption.askFrom - this.now();
      if (early > 0) await new Promise((resolve) => setTimeout(resolve, early).unref());
      if (!current()) return;
      const gone = await this.isGone(adoption.from);
      if (!current()) return;
      this.endAdoption(roomId, seat);
      if (!gone) return;
    } else {
      this.endAdoption(roomId, seat);
    }
    if (this.heldAnywhere(roomId, seat)) return;
    this.options.log.info(
      { roomId, seat, silent: adoption.silent },
      'the seat of a gone instance is not back after the grace',
    );
    this.graceOver(roomId, seat);
  }

  /** The seat is no longer adopted: shown `offline` unless some instance has it. */
  private endAdoption(roomId: string, seat: Seat) {
    const seats = this.adopted.get(roomId);
    seats?.delete(seat);
    if (seats?.size === 0) this.adopted.delete(roomId);
    this.refresh(roomId);
  }

  /**
   * Whether a silent instance is gone (S31): asked each time, as an instance cut off from Redis for a
   * while lets its key expire and sets it again when it is back.
   */
  private async isGone(from: string): Promise<boolean> {
    const alive = await this.options.liveness.alive(from);
    if (alive === false) {
      this.options.log.info({ from }, 'a silent instance is gone: its seats count as disconnected');
      return true;
    }
    this.options.log.info(
      { from, alive },
      alive
        ? 'a silent instance is alive: its seats do not pause the round'
        : 'cannot tell whether a silent instance is alive: its seats do not pause the round',
    );
    return false;
  }

  /** Ends the adopted grace of seats that are back, here or on another instance. */
  private endAdoptions(roomId: string) {
    const seats = this.adopted.get(roomId);
    if (!seats) return;
    for (const [seat, { timer }] of seats) {
      if (!this.heldAnywhere(roomId, seat)) continue;
      clearTimeout(timer);
      seats.delete(seat);
    }
    if (seats.size === 0) this.adopted.delete(roomId);
  }

  /** Whether this instance or another has the seat connected or in its grace period. */
  private heldAnywhere(roomId: string, seat: Seat): boolean {
    const views = [
      this.board.localView(roomId).seats,
      ...[...(this.remote.get(roomId)?.values() ?? [])].map((view) => view.seats),
    ];
    return views.some((seats) => (seats[seat] ?? 'offline') !== 'offline');
  }

  /** One beat: repeat every room held here in one message, and drop views not heard again in time. */
  private tick() {
    this.options.liveness.renew();
    if (this.stopped) {
      // Draining (`stop()`): the last views, no sockets, nothing expired or decided here.
      const sockets = Object.fromEntries([...this.leaving.keys()].map((roomId) => [roomId, {}]));
      if (this.leaving.size > 0)
        this.send(BEAT_CHANNEL, { t: 'beat', rooms: Object.fromEntries(this.leaving), sockets });
      return;
    }
    const rooms: Record<string, Seats> = {};
    const sockets: Record<string, SeatCounts> = {};
    for (const roomId of this.board.roomIds()) {
      rooms[roomId] = this.board.localView(roomId).seats;
      sockets[roomId] = this.board.localCounts(roomId);
    }
    const hasRooms = Object.keys(rooms).length > 0;
    if (hasRooms || this.beatHadRooms) this.send(BEAT_CHANNEL, { t: 'beat', rooms, sockets });
    this.beatHadRooms = hasRooms;
    const oldest = this.now() - BEATS_TO_EXPIRE * this.beatMs;
    // A count not repeated within three beats goes with its instance's view: stopped or killed.
    for (const [roomId, views] of this.counts) {
      for (const [from, counts] of views) if (counts.heardAt < oldest) views.delete(from);
      if (views.size === 0) this.counts.delete(roomId);
    }
    for (const [roomId, views] of this.remote) {
      let dropped = false;
      for (const [from, view] of views) {
        if (view.heardAt >= oldest) continue;
        this.forget(roomId, from, true);
        dropped = true;
        this.options.log.info({ roomId, from }, 'presence of a silent instance expired');
      }
      if (dropped) this.refresh(roomId);
    }
  }

  private publishView(roomId: string, seats: Seats) {
    // No seats: the room is let go of here (or the server stops), so no sockets either.
    const sockets = Object.keys(seats).length === 0 ? {} : this.board.localCounts(roomId);
    if (this.board.holdsRoom(roomId)) this.sentCounts.set(roomId, JSON.stringify(sockets));
    this.send(roomChannel(roomId), { t: 'view', room: roomId, seats, sockets });
  }

  /** A socket opened or closed with no change of status: the others' count of the cap hears it now. */
  private sendCountsIfChanged(roomId: string) {
    if (!this.board.holdsRoom(roomId)) return;
    if (this.sentCounts.get(roomId) === JSON.stringify(this.board.localCounts(roomId))) return;
    this.publishView(roomId, this.board.localView(roomId).seats);
  }

  private send(channel: string, message: PresenceMessage) {
    this.options.bus.publish(channel, Buffer.from(JSON.stringify(message)));
  }
}
