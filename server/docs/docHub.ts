import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  DOC_CLOSE,
  type DocAccess,
  type DocRef,
  docAccess,
  docName,
  LIMITS,
  type RoomEvent,
  type RoomState,
  type Seat,
} from '../../shared/index.ts';
import { type ClusterBus, LocalBus } from '../cluster/bus.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { SESSION_DELETED } from '../room/deleted.ts';
import type { Store } from '../store/types.ts';
import { type AccessCheck, DocConnection, type DocConnectionDeps } from './docConnection.ts';
import { LiveDoc } from './liveDoc.ts';
import { RecordWriter } from './recordWriter.ts';
import { RoomUsage } from './roomUsage.ts';

export interface DocHubOptions {
  store: Store;
  log: Logger;
  metrics: Metrics;
  /** How long a document with nobody connected stays in memory. */
  unloadMs: number;
  /** The last document connection of a room closed. */
  roomReleased: (roomId: string) => void;
  docMaxBytes: number;
  roomMaxBytes: number;
  /** Frames one connection may send per 10 s. */
  docFramesPer10s: number;
  /** The other instances (S27, S29): awareness crosses over it; its id holds leases. Default: none. */
  bus?: ClusterBus;
  /** How long the record's writer lease lasts unrenewed (S29; default `RECORD_LEASE_MS`). */
  recordLeaseMs?: number;
}

/**
 * The room documents this process holds in memory: loaded on the first connection, unloaded a
 * grace period after the last one leaves, written by the record writer when events arrive.
 */
export class DocHub {
  private readonly docs = new Map<string, LiveDoc>();
  /** The same documents by room: every accepted command looks up its own room's, not every room's. */
  private readonly byRoom = new Map<string, Set<LiveDoc>>();
  private readonly records = new Map<string, RecordWriter>();
  private readonly unloading = new Map<string, Promise<Uint8Array | null>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Rooms being erased (E1): their documents are dropped, never written back, and none opens. */
  private readonly erasing = new Set<string>();
  private readonly usage: RoomUsage;
  private readonly connectionDeps: DocConnectionDeps;
  private readonly bus: ClusterBus;
  private stopping = false;

  constructor(private readonly options: DocHubOptions) {
    this.bus = options.bus ?? new LocalBus();
    // One SQLite process writes its data directory alone (S10); on Redis others write the room too.
    this.usage = new RoomUsage(options.store, options.store.kind !== 'sqlite');
    this.connectionDeps = {
      log: options.log,
      metrics: options.metrics,
      // Counted per connection (its id), and a connection lives on one instance: kept in memory even
      // on Redis (S28), where sharing it would add a round trip per frame and nothing else.
      frames: new RateLimiterMemory({ points: options.docFramesPer10s, duration: 10 }),
      // A whole document must fit in one first sync, with room for what follows it.
      maxBufferedBytes: Math.max(2 * options.docMaxBytes, 1024 * 1024),
    };
  }

  /**
   * Takes over an authenticated socket whose seat may `access` the document; `recheck` runs once it
   * has loaded; `early` are the frames that came after the auth message. Refuses (4429) a seat or a
   * document over its connection cap (D14); returns whether it connected.
   */
  connect(
    ws: WebSocket,
    ref: DocRef,
    seat: Seat,
    version: number,
    access: Exclude<DocAccess, 'none'>,
    recheck: AccessCheck,
    early: Uint8Array[],
  ): boolean {
    if (this.erasing.has(ref.roomId)) {
      ws.close(DOC_CLOSE.gone, SESSION_DELETED);
      setTimeout(() => ws.terminate(), 1_000).unref();
      return false;
    }
    const existing = this.docs.get(docName(ref));
    const peers = existing ? [...existing.peers] : [];
    const ofSeat = peers.filter((peer) => peer instanceof DocConnection && peer.seat === seat).length;
    if (peers.length >= LIMITS.docConnectionsPerDoc || ofSeat >= LIMITS.docConnectionsPerSeat) {
      this.options.metrics.connectionsRefused.inc({ endpoint: 'yjs', reason: 'too_many' });
      ws.close(
        DOC_CLOSE.tooMany,
        'Too many open connections to this document. Close other tabs of this room.',
      );
      setTimeout(() => ws.terminate(), 1_000).unref();
      return false;
    }
    const live = this.open(ref);
    new DocConnection(
      ws,
      live,
      seat,
      version,
      access,
      recheck,
      this.connectionDeps,
      () => this.released(live),
      early,
    );
    return true;
  }

  /** Whether this instance writes the room's record now (S29: the holder of its lease). */
  writesRecord(roomId: string): boolean {
    return this.records.get(roomId)?.writes() ?? false;
  }

  /** Whether any document of the room is in memory here (a room stays loaded while it is). */
  holdsRoom(roomId: string): boolean {
    return this.byRoom.has(roomId);
  }

  loadedNames(): string[] {
    return [...this.docs.keys()];
  }

  /** Client updates of a loaded document waiting to be checked and stored (0 when it is not loaded). */
  waitingUpdates(name: string): number {
    return this.docs.get(name)?.waiting() ?? 0;
  }

  /** Client connections to documents on this instance, loading or open (the metrics, S28). */
  connectionCount(): number {
    let count = 0;
    for (const live of this.docs.values()) {
      for (const peer of live.peers) if (peer instanceof DocConnection) count++;
    }
    return count;
  }

  /** The stored update bytes of the documents in memory here (the metrics, S28). */
  storedBytes(): number {
    let bytes = 0;
    for (const live of this.docs.values()) bytes += live.bytesStored;
    return bytes;
  }

  /** How many connections a loaded document has, loading or open (0 when it is not loaded). */
  connectionsTo(name: string): number {
    return this.docs.get(name)?.peers.size ?? 0;
  }

  private open(ref: DocRef): LiveDoc {
    const name = docName(ref);
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
    const existing = this.docs.get(name);
    if (existing) return existing;
    const { store, log, metrics, docMaxBytes, roomMaxBytes } = this.options;
    const previous = this.unloading.get(name) ?? Promise.resolve(null);
    // The room's byte use is read from the store before the document loads, so its cap holds at once.
    const loading = Promise.all([previous, this.usage.load(ref.roomId)]).then(([carried]) => carried);
    const budget = this.usage.budget(ref.roomId);
    const deps = { store, log, metrics, docMaxBytes, roomMaxBytes, budget, bus: this.bus };
    const live = new LiveDoc(name, ref, deps, (doc) => this.prepare(doc), loading);
    this.add(live);
    return live;
  }

  /** The record catches up with the log before its first reader is answered. */
  private async prepare(live: LiveDoc) {
    if (live.ref.kind !== 'record') return;
    // Dropped while it loaded (its room was erased): no writer is left behind for it.
    if (this.docs.get(live.name) !== live) return;
    // A catch-up that fails (the store or the lease out of reach) is retried on the writer's beat;
    // the readers are answered with what is stored meanwhile, rather than the load failing for good.
    await this.startWriter(live)
      .catchUp()
      .catch((error) =>
        this.options.log.error({ roomId: live.ref.roomId, err: error }, 'record catch-up failed'),
      );
  }

  private startWriter(live: LiveDoc): RecordWriter {
    const { store, recordLeaseMs } = this.options;
    const fencedOut = () => this.reload(live);
    const writer = new RecordWriter(live, store, store, this.bus.instanceId, fencedOut, recordLeaseMs);
    this.records.set(live.ref.roomId, writer);
    return writer;
  }

  /**
   * S29: this copy of the record holds entries another instance writes now: it leaves memory without
   * being written back, and its readers reconnect (1001) to a copy loaded afresh from the store.
   */
  private reload(live: LiveDoc) {
    if (this.docs.get(live.name) !== live) return;
    clearTimeout(this.timers.get(live.name));
    this.timers.delete(live.name);
    this.remove(live);
    if (this.records.get(live.ref.roomId)?.live === live) this.records.delete(live.ref.roomId);
    for (const peer of [...live.peers]) {
      if (peer instanceof DocConnection) peer.refuse(DOC_CLOSE.goingAway, 'The record is reloading.');
    }
    live.peers.clear();
    live.destroy();
    if (!this.holdsRoom(live.ref.roomId)) this.options.roomReleased(live.ref.roomId);
  }

  /**
   * After accepted events: the record follows; connections — open or still loading — whose access
   * the events took away (a link re-issued, a draft no longer shared) are closed, and those that may
   * now only read (the session ended) refuse their next change.
   */
  eventsAccepted(roomId: string, state: RoomState, events: RoomEvent[] = []): void {
    void this.records
      .get(roomId)
      ?.catchUp(events)
      .catch((error) => this.options.log.error({ roomId, err: error }, 'record catch-up failed'));
    this.closeWhere(
      roomId,
      (peer) => docAccess(peer.live.ref, peer.seat, state) === 'none',
      'Your access to this document has changed.',
    );
    for (const live of this.byRoom.get(roomId) ?? []) {
      for (const peer of live.peers) {
        if (peer instanceof DocConnection && docAccess(live.ref, peer.seat, state) === 'read')
          peer.readOnly();
      }
    }
  }

  /** Closes the document connections of a seat whose token is below `version` (its link was re-issued). */
  closeSeat(roomId: string, seat: Seat, version: number): void {
    this.closeWhere(
      roomId,
      (peer) => peer.seat === seat && peer.version < version,
      'This link was replaced.',
    );
  }

  /** Closes every document connection of a room whose session is past its export window (A15). */
  closeRoom(roomId: string): void {
    this.closeWhere(roomId, () => true, 'This session has ended and is no longer available.', DOC_CLOSE.gone);
  }

  /**
   * The room is being erased (E1): every connection of it is closed 4410, its documents leave memory
   * without being written back, and a write-back already under way is waited for (whatever it
   * stores, the erasure that follows removes). Until `erased(roomId)` no document of it opens.
   */
  async eraseRoom(roomId: string): Promise<void> {
    this.erasing.add(roomId);
    const lives = [...(this.byRoom.get(roomId) ?? [])];
    for (const live of lives) {
      clearTimeout(this.timers.get(live.name));
      this.timers.delete(live.name);
      this.remove(live);
    }
    for (const live of lives) {
      for (const peer of [...live.peers]) {
        if (peer instanceof DocConnection) peer.refuse(DOC_CLOSE.gone, SESSION_DELETED);
      }
      live.peers.clear();
      live.destroy();
    }
    const writer = this.records.get(roomId);
    void writer
      ?.stop()
      .then(() => writer.release())
      .catch(() => undefined);
    this.records.delete(roomId);
    this.usage.forget(roomId);
    const prefix = `${roomId}/`;
    const unloads = [...this.unloading].filter(([name]) => name.startsWith(prefix));
    await Promise.all(unloads.map(([, done]) => done.catch(() => null)));
  }

  /** The erasure is done: the room's id is unknown from now on, like any id the store does not hold. */
  erased(roomId: string): void {
    this.erasing.delete(roomId);
  }

  private closeWhere(
    roomId: string,
    matches: (peer: DocConnection) => boolean,
    reason: string,
    code: number = DOC_CLOSE.unauthorized,
  ) {
    for (const live of this.byRoom.get(roomId) ?? []) {
      for (const peer of [...live.peers]) {
        if (peer instanceof DocConnection && matches(peer)) peer.refuse(code, reason);
      }
    }
  }

  private released(live: LiveDoc) {
    if (this.stopping || live.peers.size > 0 || this.docs.get(live.name) !== live) return;
    const timer = setTimeout(() => void this.unload(live), this.options.unloadMs);
    timer.unref();
    this.timers.set(live.name, timer);
  }

  /**
   * Writes the document out and drops it from memory. If the write fails nothing is dropped: the
   * document stays (and tries again later), or, when someone reconnected meanwhile, its unsaved state
   * is handed to the new instance, which stores it.
   */
  private unload(live: LiveDoc): Promise<Uint8Array | null> {
    this.timers.delete(live.name);
    if (live.peers.size > 0 || this.docs.get(live.name) !== live) return Promise.resolve(null);
    this.remove(live);
    const { roomId, kind } = live.ref;
    const done = (async (): Promise<Uint8Array | null> => {
      await live.ready.catch(() => undefined);
      const writer = kind === 'record' ? this.records.get(roomId) : undefined;
      // No more record writes from here; what was written is stored under the lease, then given up.
      if (writer) await writer.stop();
      try {
        await live.flush();
        await writer?.release();
      } catch (error) {
        if (this.erasing.has(roomId)) {
          live.destroy();
          return null;
        }
        this.options.log.error({ doc: kind, roomId, err: error }, 'doc flush failed; kept in memory');
        if (!this.docs.has(live.name) && !this.stopping) {
          this.add(live);
          if (writer)
            void this.startWriter(live)
              .catchUp()
              .catch(() => undefined);
          this.released(live);
          return null;
        }
        // The record is never carried: its unsaved entries are rewritten from the log by whichever
        // instance holds its lease (S29); carried, they would be stored with no lease checked and
        // could land twice, beside what the holder wrote meanwhile.
        const carried = kind === 'record' ? null : Y.encodeStateAsUpdate(live.doc);
        live.destroy();
        return carried;
      }
      if (kind === 'record' && !this.docs.has(live.name) && this.records.get(roomId) === writer)
        this.records.delete(roomId);
      live.destroy();
      return null;
    })();
    this.unloading.set(live.name, done);
    void done.finally(() => {
      if (this.unloading.get(live.name) === done) this.unloading.delete(live.name);
      if (!this.holdsRoom(roomId)) this.options.roomReleased(roomId);
    });
    return done;
  }

  private add(live: LiveDoc) {
    this.docs.set(live.name, live);
    this.options.metrics.docsLoaded.set(this.docs.size);
    const room = this.byRoom.get(live.ref.roomId) ?? new Set<LiveDoc>();
    room.add(live);
    this.byRoom.set(live.ref.roomId, room);
  }

  private remove(live: LiveDoc) {
    this.docs.delete(live.name);
    this.options.metrics.docsLoaded.set(this.docs.size);
    const room = this.byRoom.get(live.ref.roomId);
    room?.delete(live);
    if (room?.size === 0) {
      this.byRoom.delete(live.ref.roomId);
      this.usage.forget(live.ref.roomId);
    }
  }

  /** Shutdown: refuses further frames, lets every connection finish what it received, writes everything out. */
  async close(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const all = [...this.docs.values()];
    const connections = all.flatMap((live) => [...live.peers].filter((p) => p instanceof DocConnection));
    for (const connection of connections) connection.refuse(DOC_CLOSE.goingAway, 'The server is restarting.');
    await Promise.all(connections.map((connection) => connection.drained()));
    for (const live of all) live.peers.clear();
    await Promise.all([...all.map((live) => this.unload(live)), ...this.unloading.values()]);
  }
}
