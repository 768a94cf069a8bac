import type { WebSocket } from 'ws';
import {
  type DocAccess,
  type DocRef,
  docAccess,
  docName,
  type RoomState,
  type Seat,
} from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import { DocConnection } from './docConnection.ts';
import { LiveDoc } from './liveDoc.ts';
import { RecordWriter } from './recordWriter.ts';
import { CLOSE } from './wire.ts';

export interface DocHubOptions {
  store: Store;
  log: Logger;
  /** How long a document with nobody connected stays in memory. */
  unloadMs: number;
}

/**
 * The room documents this process holds in memory: loaded on the first connection, unloaded a
 * grace period after the last one leaves, written by the record writer when events arrive.
 */
export class DocHub {
  private readonly docs = new Map<string, LiveDoc>();
  private readonly records = new Map<string, RecordWriter>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: DocHubOptions) {}

  /** Takes over an upgraded socket whose seat may `access` the document. */
  connect(ws: WebSocket, ref: DocRef, seat: Seat, access: Exclude<DocAccess, 'none'>): DocConnection {
    const live = this.open(ref);
    return new DocConnection(ws, live, seat, access, this.options.log, () => this.released(live));
  }

  private open(ref: DocRef): LiveDoc {
    const name = docName(ref);
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
    const existing = this.docs.get(name);
    if (existing) return existing;
    const { store, log } = this.options;
    const previous = this.unloading.get(name) ?? Promise.resolve();
    const live = new LiveDoc(name, ref, store, log, (doc) => this.prepare(doc), previous);
    this.docs.set(name, live);
    return live;
  }

  /** The record catches up with the log before its first reader is answered. */
  private async prepare(live: LiveDoc) {
    if (live.ref.kind !== 'record') return;
    const writer = new RecordWriter(live, this.options.store);
    this.records.set(live.ref.roomId, writer);
    await writer.catchUp();
  }

  /**
   * After accepted events: the record follows, and connections whose access the events changed
   * (a link re-issued, drafts hidden) are closed.
   */
  eventsAccepted(roomId: string, state: RoomState): void {
    void this.records
      .get(roomId)
      ?.catchUp()
      .catch((error) => this.options.log.error({ roomId, err: error }, 'record catch-up failed'));
    for (const live of this.docs.values()) {
      if (live.ref.roomId !== roomId) continue;
      for (const peer of [...live.peers]) {
        if (peer instanceof DocConnection && docAccess(live.ref, peer.seat, state) === 'none') {
          peer.refuse(CLOSE.accessChanged, 'Your access to this document has changed.');
        }
      }
    }
  }

  /** Closes every document connection of a seat (its link was re-issued). */
  closeSeat(roomId: string, seat: Seat): void {
    for (const live of this.docs.values()) {
      if (live.ref.roomId !== roomId) continue;
      for (const peer of [...live.peers]) {
        if (peer instanceof DocConnection && peer.seat === seat)
          peer.refuse(CLOSE.accessChanged, 'This link was replaced.');
      }
    }
  }

  loadedNames(): string[] {
    return [...this.docs.keys()];
  }

  private released(live: LiveDoc) {
    if (live.peers.size > 0 || this.docs.get(live.name) !== live) return;
    const timer = setTimeout(() => this.unload(live), this.options.unloadMs);
    timer.unref();
    this.timers.set(live.name, timer);
  }

  private unload(live: LiveDoc): Promise<void> {
    this.timers.delete(live.name);
    if (live.peers.size > 0) return Promise.resolve();
    this.docs.delete(live.name);
    if (live.ref.kind === 'record') this.records.delete(live.ref.roomId);
    const done = live.ready
      .catch(() => undefined)
      .then(() => live.flush())
      .catch((error) => this.options.log.error({ doc: live.ref.kind, err: error }, 'doc flush failed'))
      .finally(() => {
        live.destroy();
        if (this.unloading.get(live.name) === done) this.unloading.delete(live.name);
      });
    this.unloading.set(live.name, done);
    return done;
  }

  /** Shutdown: closes every connection and writes every document out. */
  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const all = [...this.docs.values()];
    for (const live of all)
      for (const peer of [...live.peers])
        if (peer instanceof DocConnection) peer.ws.close(1001, 'server stopping');
    for (const live of all) for (const peer of [...live.peers]) live.peers.delete(peer);
    await Promise.all([...all.map((live) => this.unload(live)), ...this.unloading.values()]);
  }
}
