import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocRef } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../store/types.ts';
import { awarenessFrame, updateFrame } from './wire.ts';

/** Where an update came from (style.md: every update carries its origin). */
export const ORIGIN = {
  /** Loaded from storage: never stored again. */
  store: Symbol('store'),
  /** Written by the server itself (the record). */
  server: Symbol('server'),
} as const;

/** What a live document needs from a connection: a place to send frames. */
export interface DocPeer {
  send(frame: Uint8Array): void;
}

/**
 * One document in memory: loaded from storage before anyone is answered, every change stored, then
 * relayed to the other connections. A failed write keeps the change in memory and marks the
 * document so the full state is written when it unloads.
 */
export class LiveDoc {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<DocPeer>();
  readonly ready: Promise<void>;
  private writes: Promise<void> = Promise.resolve();
  private storedUpdates = 0;
  private writeFailed = false;

  constructor(
    readonly name: string,
    readonly ref: DocRef,
    private readonly store: DocStore,
    private readonly log: Logger,
    /** Runs after loading and before the first peer is answered (the record catches up here). */
    prepare: (live: LiveDoc) => Promise<void>,
    /** Resolves when an earlier instance of this document has finished unloading. */
    previous: Promise<void>,
  ) {
    this.awareness.setLocalState(null); // the server is not a participant
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.changed(update, origin));
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
      const frame = awarenessFrame(this.awareness, [...added, ...updated, ...removed]);
      for (const peer of this.peers) peer.send(frame);
    });
    this.ready = previous.then(() => this.load()).then(() => prepare(this));
  }

  private async load() {
    const updates = await this.store.loadDoc(this.name);
    this.storedUpdates = updates.length;
    this.doc.transact(() => {
      for (const update of updates) Y.applyUpdate(this.doc, update, ORIGIN.store);
    }, ORIGIN.store);
  }

  private changed(update: Uint8Array, origin: unknown) {
    if (origin === ORIGIN.store) return;
    // SQLite writes inside this call, so the change is durable before it is relayed below.
    this.writes = this.writes
      .then(() => this.store.appendDocUpdate(this.name, update))
      .then(() => {
        this.storedUpdates += 1;
      })
      .catch((error) => {
        this.writeFailed = true;
        this.log.error({ doc: this.ref.kind, roomId: this.ref.roomId, err: error }, 'doc update not stored');
      });
    const frame = updateFrame(update);
    for (const peer of this.peers) if (peer !== origin) peer.send(frame);
  }

  /** Waits for pending writes; compacts many small updates (or a failed write) into one. */
  async flush(): Promise<void> {
    await this.writes;
    if (this.writeFailed || this.storedUpdates > 50) {
      await this.store.replaceDoc(this.name, Y.encodeStateAsUpdate(this.doc));
      this.writeFailed = false;
      this.storedUpdates = 1;
    }
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
