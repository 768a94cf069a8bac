import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocRef } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { DocStore } from '../store/types.ts';
import { type AwarenessOwners, awarenessFrame, updateFrame } from './wire.ts';

/** Where an update came from (style.md: every update carries its origin). */
export const ORIGIN = {
  /** Loaded from storage: never stored again. */
  store: Symbol('store'),
  /** Written by the server itself (the record, or state carried over from a failed unload). */
  server: Symbol('server'),
} as const;

/** What a live document needs from a connection: a place to send frames. */
export interface DocPeer {
  send(frame: Uint8Array): void;
}

/**
 * One document in memory. Loaded from storage before anyone is answered; every change stored before
 * it is relayed (D8): a client's update by its connection before it is applied, the server's own
 * here before it is sent on. A failed write keeps the change in memory, is not relayed, and marks the
 * document so its full state is written when it unloads.
 */
export class LiveDoc {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Every connection of this document, loading or open. */
  readonly peers = new Set<DocPeer>();
  readonly awarenessOwners: AwarenessOwners = new Map();
  readonly ready: Promise<void>;
  private writes: Promise<unknown> = Promise.resolve();
  private storedUpdates = 0;
  private writeFailed = false;

  constructor(
    readonly name: string,
    readonly ref: DocRef,
    private readonly docStore: DocStore,
    private readonly log: Logger,
    /** Runs after loading and before the first peer is answered (the record catches up here). */
    prepare: (live: LiveDoc) => Promise<void>,
    /** An earlier instance finishing its unload; it hands over any state it could not store. */
    previous: Promise<Uint8Array | null>,
  ) {
    this.awareness.setLocalState(null); // the server is not a participant
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.changed(update, origin));
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
      const frame = awarenessFrame(this.awareness, [...added, ...updated, ...removed]);
      for (const peer of this.peers) peer.send(frame);
    });
    this.ready = previous.then((carried) => this.load(carried)).then(() => prepare(this));
  }

  private async load(carried: Uint8Array | null) {
    const updates = await this.docStore.loadDoc(this.name);
    this.storedUpdates = updates.length;
    this.doc.transact(() => {
      for (const update of updates) Y.applyUpdate(this.doc, update, ORIGIN.store);
    }, ORIGIN.store);
    // What an earlier instance could not store is stored now (and relayed) like the server's own.
    if (carried) Y.applyUpdate(this.doc, carried, ORIGIN.server);
  }

  /** Stores a client's update, in order with every other write of this document. */
  store(update: Uint8Array): Promise<void> {
    const write = this.writes.then(() => this.docStore.appendDocUpdate(this.name, update));
    this.writes = write.then(
      () => {
        this.storedUpdates += 1;
      },
      () => undefined,
    );
    return write;
  }

  private changed(update: Uint8Array, origin: unknown) {
    if (origin === ORIGIN.store) return;
    if (origin !== ORIGIN.server) return this.relay(update, origin); // a client's: stored already
    this.store(update).then(
      () => this.relay(update, origin),
      (error) => {
        this.writeFailed = true;
        this.log.error({ doc: this.ref.kind, roomId: this.ref.roomId, err: error }, 'doc update not stored');
      },
    );
  }

  private relay(update: Uint8Array, origin: unknown) {
    const frame = updateFrame(update);
    for (const peer of this.peers) if (peer !== origin) peer.send(frame);
  }

  /** Waits for pending writes; compacts many small updates (or a failed write) into one. Throws if it cannot. */
  async flush(): Promise<void> {
    await this.writes;
    if (this.writeFailed || this.storedUpdates > 50) {
      await this.docStore.replaceDoc(this.name, Y.encodeStateAsUpdate(this.doc));
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
