import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DOC_CLOSE, type DocRef, exhaustive } from '../../shared/index.ts';
import type { ClusterBus } from '../cluster/bus.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { DocStore, Following, StoredDocUpdate } from '../store/types.ts';
import { AwarenessAcross } from './awarenessAcross.ts';
import { plainDoc } from './plainDoc.ts';
import {
  continuesHistory,
  linkedConsistently,
  replayed,
  replayUsable,
  roundTrips,
  soundStructs,
} from './updateChecks.ts';
import { type AwarenessOwners, awarenessFrame, updateFrame } from './wire.ts';

/** What a live document needs from a connection: a place to send frames. */
export interface DocPeer {
  send(frame: Uint8Array): void;
}

/**
 * Where a change to a live document came from; every update carries one, because it decides what
 * happens next: loaded from the store (nothing), a client's (already stored: relayed to the others),
 * the server's (stored, then relayed). Only origins made here are trusted: a transaction with any
 * other origin is treated as the server's own, so it is stored before it is relayed, never relayed
 * as if it were stored already.
 */
export type UpdateOrigin =
  | { readonly kind: 'store' }
  | { readonly kind: 'server' }
  | { readonly kind: 'peer' }
  | { readonly kind: 'client'; readonly peer: DocPeer };

const KNOWN_ORIGINS = new WeakSet<object>();
function known<T extends UpdateOrigin>(origin: T): T {
  KNOWN_ORIGINS.add(origin);
  return origin;
}
export const FROM_STORE = known({ kind: 'store' } as const);
export const FROM_SERVER = known({ kind: 'server' } as const);
/** Stored by another server instance on the same store (S26): relayed here, never stored again. */
export const FROM_PEER = known({ kind: 'peer' } as const);
export const fromClient = (peer: DocPeer) => known({ kind: 'client', peer } as const);

function originOf(origin: unknown): UpdateOrigin {
  return typeof origin === 'object' && origin !== null && KNOWN_ORIGINS.has(origin)
    ? (origin as UpdateOrigin)
    : FROM_SERVER;
}

/** How a client's update was answered: applied, or refused with the close code and a sentence to show. */
export type Verdict = { ok: true } | { ok: false; code: number; reason: string };

/** The room's byte budget, shared by its documents (D12). */
export interface RoomBudget {
  /** Bytes stored by the room's documents other than `name`. */
  othersBytes(name: string): number;
  /** This document now stores `bytes`. */
  set(name: string, bytes: number): void;
  /**
   * Reads the room's sizes from the store again, where other instances write them too (S29); returns
   * what the store holds for `name`, or undefined when it holds nothing (or keeps no other writer).
   */
  refresh?(name: string): Promise<number | undefined>;
}

export interface LiveDocDeps {
  store: DocStore;
  log: Logger;
  metrics: Metrics;
  docMaxBytes: number;
  roomMaxBytes: number;
  budget: RoomBudget;
  /**
   * The other instances (S27): awareness goes to them and comes from them (S29). Its id names this
   * instance as a lease holder. Without one, the document is alone.
   */
  bus?: ClusterBus;
}

/** Compact at unload once a document has more stored rows than this. */
const COMPACT_ROWS = 50;
/** A compaction's lease (S29): long enough for one compaction, short enough to outlive a crash briefly. */
const COMPACTION_LEASE_MS = 30_000;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * One document in memory. Loaded from storage before anyone is answered; every change stored before
 * it is relayed (D8). A client's update is first applied to a shadow copy: one that throws, or that
 * would take the document or the room past its byte cap, is refused and never stored (D12, D13).
 * Once stored it is applied and relayed, whatever happened to its connection meanwhile. The server's
 * own changes (the record) that fail to store are kept, not relayed, and retried until they are.
 */
export class LiveDoc {
  readonly doc = plainDoc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Every connection of this document, loading or open. */
  readonly peers = new Set<DocPeer>();

  /** The update bytes this document holds in the store, as counted toward the caps (D12). */
  get bytesStored(): number {
    return this.storedBytes;
  }
  readonly awarenessOwners: AwarenessOwners = new Map();
  readonly ready: Promise<void>;
  /** Client writes, server writes and compaction, one at a time, in order. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Client updates waiting to be checked and stored, in the order they arrived. */
  private readonly incoming: Incoming[] = [];
  /** Connections with a refused update: whatever else they sent is refused the same way. */
  private readonly refusedPeers = new WeakMap<DocPeer, Verdict>();
  /** A copy to try client updates on; made on the first write, dropped when a refusal may have spoiled it. */
  private shadow: Y.Doc | null = null;
  /** The highest stored row merged into this document: compaction deletes up to here and no further. */
  private throughId = 0;
  /**
   * What this document handed the store and has not seen come back yet. SQLite hands followers the
   * very objects it was given; Redis reads a copy, often before the store has answered — so a row is
   * recognised as this document's own by identity, then by its bytes, then (once the store answered
   * with ids) by id. Own rows are applied already: not applied, counted or relayed again.
   */
  private readonly pendingOwn = new Set<Uint8Array>();
  private readonly ownIds = new Set<number>();
  /** While the shadow is rebuilt from the store, another instance's rows that arrive meanwhile. */
  private arrivedDuringRebuild: Uint8Array[] | null = null;
  /** The stored rows after `throughId`, as they are stored, by any instance (S26). */
  private following: Following | null = null;
  private storedRows = 0;
  private storedBytes = 0;
  /** The server's own updates not stored yet (the store failed): stored, then relayed, in order. */
  private unsaved: Uint8Array[] = [];
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private destroyed = false;
  /**
   * S29: set by the record's writer — asked before each store of the server's own changes; told
   * when another instance holds the right to write them.
   */
  serverWrites: { mayStore: () => Promise<boolean>; fencedOut: () => void } | null = null;
  private fencedOut = false;
  /** Awareness to and from other instances (S29); null when there are none to tell. */
  private readonly across: AwarenessAcross | null;
  /** Who this document is when it takes a lease (S29): the instance. */
  private readonly holder: string;

  constructor(
    readonly name: string,
    readonly ref: DocRef,
    private readonly deps: LiveDocDeps,
    /** Runs after loading and before the first peer is answered (the record catches up here). */
    prepare: (live: LiveDoc) => Promise<void>,
    /** An earlier instance finishing its unload; it hands over any state it could not store. */
    previous: Promise<Uint8Array | null>,
  ) {
    this.awareness.setLocalState(null); // the server is not a participant
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.changed(update, originOf(origin)));
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange) => {
      const frame = awarenessFrame(this.awareness, [...added, ...updated, ...removed]);
      for (const peer of this.peers) peer.send(frame);
    });
    this.across = deps.bus ? new AwarenessAcross(name, this.awareness, this.awarenessOwners, deps.bus) : null;
    this.holder = deps.bus?.instanceId ?? `doc-${Math.random().toString(36).slice(2)}`;
    this.ready = previous
      .then((carried) => this.load(carried))
      .then(() => prepare(this))
      .then(() => this.across?.ask());
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Replays the stored updates, one by one in the order they were applied — never a re-encoding of
   * them, which a hostile update can make differ. One that throws (or is malformed, D13) is set aside
   * — kept in the store, out of the document, logged without content and counted — and the document
   * loads without it. The shadow of a document clients write is built from the same replay.
   */
  private async load(carried: Uint8Array | null) {
    const rows = await this.deps.store.loadDoc(this.name);
    // The check's replay is the shadow's replay: built once, kept for a document clients write.
    const { bad, replay } = replayUsable(rows.map((row) => row.update));
    for (const [index, row] of rows.entries()) {
      if (bad.includes(index)) await this.deps.store.setAsideDocUpdate(this.name, row.id);
    }
    if (bad.length > 0) {
      this.deps.metrics.docUpdatesSetAside.inc(bad.length);
      this.deps.log.warn(
        { doc: this.ref.kind, roomId: this.ref.roomId, setAside: bad.length },
        'stored document updates did not apply; set aside, document loaded without them',
      );
    }
    const kept = rows.filter((_, index) => !bad.includes(index));
    for (const row of kept) Y.applyUpdate(this.doc, row.update, FROM_STORE);
    // The record is written by the server alone: only documents clients write need a shadow.
    if (this.ref.kind !== 'record') this.shadow = replay;
    else replay.destroy();
    this.throughId = rows.at(-1)?.id ?? 0;
    this.storedRows = kept.length;
    this.storedBytes = kept.reduce((sum, row) => sum + row.update.length, 0);
    this.deps.budget.set(this.name, this.storedBytes);
    // What an earlier instance could not store is stored now (and relayed) like the server's own.
    if (carried) Y.applyUpdate(this.doc, carried, FROM_SERVER);
    this.following = this.deps.store.followDoc(this.name, this.throughId, (rows) => this.arrived(rows));
  }

  /**
   * S26: rows stored after `throughId`, in id order, whoever stored them. This document's own were
   * applied already; another instance's are applied here — to the shadow too, so the next client
   * update is checked against them — and relayed to this instance's peers, never stored again.
   * `throughId` only ever moves here, so a compaction deletes no row this document has not applied,
   * whichever instance stored it.
   */
  private arrived(rows: StoredDocUpdate[]): void {
    if (this.destroyed) return;
    for (const row of rows) {
      if (row.id <= this.throughId) continue;
      this.throughId = row.id;
      if (this.isOwn(row)) continue;
      this.storedRows += 1;
      this.storedBytes += row.update.length;
      this.deps.budget.set(this.name, this.storedBytes);
      try {
        Y.applyUpdate(this.doc, row.update, FROM_PEER);
        if (this.shadow) Y.applyUpdate(this.shadow, row.update);
        else this.arrivedDuringRebuild?.push(row.update);
      } catch (error) {
        // Checked where it was written; one that throws anyway is set aside, as at load (D13), so no
        // compaction merges around it and deletes it.
        this.deps.metrics.docWritesRefused.inc({ reason: 'peer_update_failed' });
        this.deps.log.warn(
          { doc: this.ref.kind, roomId: this.ref.roomId, err: error },
          "another instance's stored update did not apply; set aside",
        );
        void this.deps.store
          .setAsideDocUpdate(this.name, row.id)
          .catch((failed) =>
            this.deps.log.error(
              { doc: this.ref.kind, roomId: this.ref.roomId, err: failed },
              'set-aside failed',
            ),
          );
      }
    }
    // An own row another instance's compaction merged before this one read it never comes back.
    for (const id of this.ownIds) if (id <= this.throughId) this.ownIds.delete(id);
  }

  /**
   * Applies every row stored so far that the follower has not handed over yet, so the document is
   * at the head of its stored rows (the record's new writer reads its last seq from it, S29).
   */
  async followToHead(): Promise<void> {
    const rows = await this.deps.store.loadDoc(this.name);
    this.arrived(rows.filter((row) => row.id > this.throughId));
  }

  private isOwn(row: StoredDocUpdate): boolean {
    if (this.pendingOwn.delete(row.update)) return true;
    for (const mine of this.pendingOwn) {
      if (Buffer.from(mine.buffer, mine.byteOffset, mine.byteLength).equals(row.update)) {
        this.pendingOwn.delete(mine);
        return true;
      }
    }
    return this.ownIds.delete(row.id);
  }

  /**
   * Stores this document's own rows through `write`, so that they are recognised when they come
   * back (S26): pending until the store answers, then known by id if they have not come back yet.
   */
  private async storeOwn(updates: Uint8Array[], write: () => Promise<number[]>): Promise<number[]> {
    for (const update of updates) this.pendingOwn.add(update);
    let ids: number[] | null = null;
    try {
      ids = await write();
      return ids;
    } finally {
      for (const [index, update] of updates.entries()) {
        if (!this.pendingOwn.delete(update)) continue; // came back already
        const id = ids?.[index];
        if (id !== undefined && id > this.throughId) this.ownIds.add(id);
      }
    }
  }

  /**
   * A client's update, from a seat that may write: tried on the shadow, checked against the caps,
   * stored, then applied and relayed (D8, D12, D13). Refusals change nothing. Updates that arrive
   * while earlier ones are being stored are checked in order and stored together, in one write (S19).
   */
  accept(update: Uint8Array, origin: UpdateOrigin & { kind: 'client' }): Promise<Verdict> {
    return new Promise<Verdict>((resolve) => {
      this.incoming.push({ update, origin, resolve });
      if (this.incoming.length === 1) void this.serial(() => this.acceptIncoming());
    });
  }

  /**
   * Takes what has arrived, in order: each update is checked on the shadow, which then holds it; the
   * ones that pass are stored as one write, then applied and relayed. A refusal that spoiled the
   * shadow ends the group (the shadow is rebuilt from the store, so what passed is stored first).
   */
  private async acceptIncoming(): Promise<void> {
    while (this.incoming.length > 0) {
      const group: Incoming[] = [];
      let groupBytes = 0;
      let compacted: Uint8Array | null = null;
      // Only where others write (no extra turn otherwise: a connection's next frame keeps its place).
      if (this.deps.budget.refresh) await this.refreshBudget();
      while (this.incoming.length > 0 && compacted === null) {
        const item = this.incoming.shift() as Incoming;
        const { peer } = item.origin;
        // Nothing a connection sent after its refusal is stored: it is closed, with that reason.
        const earlier = this.refusedPeers.get(peer);
        if (earlier) {
          item.resolve(earlier);
          continue;
        }
        const checked = await this.check(item.update, groupBytes);
        if ('refused' in checked) {
          this.refusedPeers.set(peer, checked.refused);
          item.resolve(checked.refused);
          if (this.shadow === null) break;
          continue;
        }
        group.push(item);
        groupBytes += item.update.length;
        // At the edge the whole document (this group included) is stored compacted instead.
        compacted = checked.compacted;
      }
      if (group.length === 0) continue;
      try {
        if (!compacted || !(await this.storeCompacted(compacted))) {
          const updates = group.map((item) => item.update);
          await this.storeOwn(updates, () => this.deps.store.appendDocUpdates(this.name, updates));
          for (const item of group) this.stored(item.update.length);
        }
      } catch (error) {
        this.deps.log.error(
          { doc: this.ref.kind, roomId: this.ref.roomId, err: error },
          'doc update not stored',
        );
        // The shadow holds the group: rebuilt from the store next time.
        for (const item of group) {
          const refused = this.refuse(DOC_CLOSE.internal, 'Could not save; reconnecting.', 'store_failed');
          this.refusedPeers.set(item.origin.peer, refused);
          item.resolve(refused);
        }
        continue;
      }
      for (const item of group) {
        Y.applyUpdate(this.doc, item.update, item.origin);
        item.resolve({ ok: true });
      }
    }
  }

  /**
   * One update checked on the shadow (which keeps it when it passes) and against the caps, counting
   * `pendingBytes` not stored yet. At the edge, the compacted document to store instead, if its
   * encoding replays faithfully.
   */
  private async check(
    update: Uint8Array,
    pendingBytes: number,
  ): Promise<{ refused: Verdict } | { compacted: Uint8Array | null }> {
    // Decoded once; the three checks read the same structs (none of them changes them).
    const structs = soundStructs(update);
    if (structs === null) {
      this.deps.metrics.docWritesRefused.inc({ reason: 'malformed' });
      return { refused: { ok: false, code: DOC_CLOSE.badMessage, reason: 'This change could not be read.' } };
    }
    const shadow = await this.shadowDoc();
    if (!continuesHistory(shadow, update, structs)) {
      this.deps.metrics.docWritesRefused.inc({ reason: 'malformed' });
      return { refused: { ok: false, code: DOC_CLOSE.badMessage, reason: 'This change could not be read.' } };
    }
    try {
      Y.applyUpdate(shadow, update);
      if (!linkedConsistently(shadow, update, structs)) throw new Error('linked across lists');
    } catch {
      return { refused: this.refuse(DOC_CLOSE.badMessage, 'This change could not be read.', 'malformed') };
    }
    const othersBytes = this.deps.budget.othersBytes(this.name);
    const projected = this.storedBytes + pendingBytes + update.length;
    if (projected <= this.deps.docMaxBytes && othersBytes + projected <= this.deps.roomMaxBytes) {
      return { compacted: null };
    }
    // Stored bytes overstate the document until it is compacted: measure it exactly at the edge.
    const compacted = Y.encodeStateAsUpdate(shadow);
    if (compacted.length > this.deps.docMaxBytes)
      return { refused: this.refuse(DOC_CLOSE.tooLarge, fullSentence(this.ref), 'doc_full') };
    if (othersBytes + compacted.length > this.deps.roomMaxBytes)
      return { refused: this.refuse(DOC_CLOSE.tooLarge, "This room's documents are full.", 'room_full') };
    return { compacted: roundTrips(compacted) ? compacted : null };
  }

  /**
   * D12 across instances (S29): the room's sizes as the store holds them now, since other instances
   * write this room's documents (and compact them) too. A store that cannot answer leaves the sizes
   * as they were known; the write that follows fails the same way, or is checked on those.
   */
  private async refreshBudget(): Promise<void> {
    const stored = await this.deps.budget.refresh?.(this.name).catch(() => undefined);
    if (stored === undefined) return;
    this.storedBytes = stored;
    this.deps.budget.set(this.name, stored);
  }

  /** Client updates that arrived and wait to be checked and stored (a slow disk shows here first). */
  waiting(): number {
    return this.incoming.length;
  }

  private refuse(code: number, reason: string, metric: string): Verdict {
    // The shadow may hold the refused update (or half of it): rebuilt from the store next time.
    this.shadow?.destroy();
    this.shadow = null;
    this.deps.metrics.docWritesRefused.inc({ reason: metric });
    return { ok: false, code, reason };
  }

  /**
   * The document as its stored updates replay, to try a client's update on. Rebuilt from the store
   * (not re-encoded from the document) after a refusal spoiled it, so it stays the same replay.
   */
  private async shadowDoc(): Promise<Y.Doc> {
    if (!this.shadow) {
      // Another instance's rows that arrive while the store is read may be missing from what it
      // returns: they are applied after (twice is harmless; missing one would let a compaction of
      // this shadow delete it).
      this.arrivedDuringRebuild = [];
      try {
        const rows = await this.deps.store.loadDoc(this.name);
        const shadow = replayed([...rows.map((row) => row.update), ...this.unsaved]);
        for (const update of this.arrivedDuringRebuild) Y.applyUpdate(shadow, update);
        this.shadow = shadow;
      } finally {
        this.arrivedDuringRebuild = null;
      }
    }
    return this.shadow;
  }

  /** Counts a row this document stored itself (its id is the follower's business, S26). */
  private stored(bytes: number) {
    this.storedRows += 1;
    this.storedBytes += bytes;
    this.deps.budget.set(this.name, this.storedBytes);
  }

  /**
   * Replaces every row merged so far with `merged`, which holds them all (and maybe more) — under the
   * document's compaction lease (S29). False, having written nothing, while another instance
   * compacts it: this one skips the compaction (nothing is lost either way: the watermark, S26).
   */
  private async storeCompacted(merged: Uint8Array): Promise<boolean> {
    const lease = `${this.name}#compaction`;
    if (!(await this.deps.store.lease(lease, this.holder, COMPACTION_LEASE_MS))) {
      this.deps.log.debug(
        { doc: this.ref.kind, roomId: this.ref.roomId },
        'compacting elsewhere; skipped here',
      );
      return false;
    }
    try {
      const through = this.throughId;
      await this.storeOwn([merged], async () => [
        await this.deps.store.replaceDoc(this.name, merged, through),
      ]);
      this.storedRows = 1;
      this.storedBytes = merged.length;
      this.deps.budget.set(this.name, this.storedBytes);
      return true;
    } finally {
      await this.deps.store.releaseLease(lease, this.holder).catch(() => undefined);
    }
  }

  /** The server's unsaved changes as one plain row. */
  private async storeUnsavedRow(): Promise<void> {
    if (this.unsaved.length === 0) return;
    const rest = Y.mergeUpdates(this.unsaved);
    await this.storeOwn([rest], async () => [await this.deps.store.appendDocUpdate(this.name, rest)]);
    this.stored(rest.length);
  }

  private changed(update: Uint8Array, origin: UpdateOrigin) {
    switch (origin.kind) {
      case 'store':
        return;
      case 'client':
        // Stored before it was applied; the shadow had it first.
        return this.relay(update, origin.peer);
      case 'peer':
        // Stored by another instance; the shadow has it too.
        return this.relay(update, null);
      case 'server':
        if (this.shadow) Y.applyUpdate(this.shadow, update);
        this.unsaved.push(update);
        // Later changes wait behind earlier unsaved ones, so the store never holds a later without an earlier.
        if (this.unsaved.length === 1) void this.saveUnsaved();
        return;
      default:
        return exhaustive(origin, 'update origin');
    }
  }

  private saveUnsaved(): Promise<void> {
    return this.serial(async () => {
      if (this.unsaved.length === 0 || this.destroyed) return;
      const count = this.unsaved.length;
      const merged = Y.mergeUpdates(this.unsaved);
      try {
        if (!(await this.mayStoreServerChanges())) return;
        await this.storeOwn([merged], async () => [await this.deps.store.appendDocUpdate(this.name, merged)]);
        this.stored(merged.length);
      } catch (error) {
        this.deps.log.error(
          { doc: this.ref.kind, roomId: this.ref.roomId, retryMs: this.retryMs, err: error },
          'doc update not stored; retrying',
        );
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => void this.saveUnsaved(), this.retryMs);
        this.retryTimer.unref();
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        return;
      }
      this.retryMs = RETRY_FIRST_MS;
      this.unsaved.splice(0, count);
      this.relay(merged, null);
      if (this.unsaved.length > 0) void this.saveUnsaved();
    });
  }

  /**
   * S29: whether the server's own changes may be stored now (the record's writer lease, renewed
   * here). When another instance writes them, the unsaved ones are dropped — stored they would be
   * written twice — and the document is fenced out: never stored from again, the hub reloads it.
   * Throws when the lease cannot be asked (the caller retries, as for a failed write).
   */
  private async mayStoreServerChanges(): Promise<boolean> {
    if (this.fencedOut) return false;
    // A record's server changes are stored only under its lease: before the writer (and its lease)
    // is attached, they wait (S29).
    if (!this.serverWrites) return this.ref.kind !== 'record';
    if (await this.serverWrites.mayStore()) return true;
    this.fenceOut();
    return false;
  }

  /** Whether the server's own changes wait to be stored (applied here, relayed nowhere yet). */
  hasUnsaved(): boolean {
    return this.unsaved.length > 0;
  }

  /** S29: what is unsaved here must never be stored; this copy is dropped and loaded afresh. */
  fenceOut(): void {
    if (this.fencedOut) return;
    this.fencedOut = true;
    this.unsaved = [];
    clearTimeout(this.retryTimer);
    this.deps.log.warn(
      { doc: this.ref.kind, roomId: this.ref.roomId },
      'another instance may write this document now; unsaved changes dropped, reloading',
    );
    this.serverWrites?.fencedOut();
  }

  private relay(update: Uint8Array, except: DocPeer | null) {
    const frame = updateFrame(update);
    for (const peer of this.peers) if (peer !== except) peer.send(frame);
  }

  /**
   * Waits for pending writes; compacts many small updates (or the server's unsaved changes) into one
   * row, deleting only the rows it merged. Throws if it cannot: the caller keeps the document.
   */
  flush(): Promise<void> {
    return this.serial(async () => {
      if (this.fencedOut || (this.unsaved.length === 0 && this.storedRows <= COMPACT_ROWS)) return;
      // A fenced-out document holds changes that must never be stored, not even merged (S29).
      if (this.unsaved.length > 0 && !(await this.mayStoreServerChanges())) return;
      const merged = Y.encodeStateAsUpdate(this.doc);
      if (!roundTrips(merged)) {
        // Hostile updates can leave a document whose encoding does not replay as it is: its rows do.
        this.deps.metrics.docWritesRefused.inc({ reason: 'compaction_skipped' });
        this.deps.log.warn({ doc: this.ref.kind, roomId: this.ref.roomId }, 'compaction skipped: rows kept');
        await this.storeUnsavedRow();
      } else if (!(await this.storeCompacted(merged))) {
        await this.storeUnsavedRow();
      }
      this.unsaved = [];
      clearTimeout(this.retryTimer);
    });
  }

  destroy(): void {
    this.destroyed = true;
    this.following?.stop();
    this.across?.stop();
    clearTimeout(this.retryTimer);
    this.shadow?.destroy();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function fullSentence(ref: DocRef): string {
  switch (ref.kind) {
    case 'notes':
      return 'These notes are full.';
    case 'therapist-notes':
      return 'Your private notes are full.';
    case 'draft':
      return 'This draft is full.';
    case 'record':
      return 'The record is full.';
    default:
      return exhaustive(ref, 'document');
  }
}

interface Incoming {
  update: Uint8Array;
  origin: UpdateOrigin & { kind: 'client' };
  resolve: (verdict: Verdict) => void;
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
