import { RESP_TYPES } from 'redis';
import { RoomEvent } from '../../../shared/index.ts';
import type { Following, StoredDocUpdate } from '../types.ts';
import type { RedisClient } from './connection.ts';
import { docKey, roomKeys } from './keys.ts';

/** One stream entry as read: its numeric id (`<n>-0`) and its fields' raw bytes. */
interface Entry {
  id: number;
  fields: Buffer[];
}

interface Follower {
  /** The stream followed: a room's events, or a document's updates. */
  key: string;
  /** The last id handed over (a room's seq, a document row's id). */
  lastId: number;
  deliver: (entries: Entry[]) => void;
}

/** The most a stream gives per read; a longer backlog comes in several reads, in order. */
const BATCH = 500;
/**
 * A blocked read returns this often even when nothing happens: a backstop, not the way changes of
 * the followed set arrive (CLIENT UNBLOCK is). 0 blocks until something comes.
 */
export const BLOCK_MS = 5000;
/**
 * After a failed read (Redis down, or up and still loading its files: `-LOADING`), how long before
 * the next try — here and in the socket.io adapter's read loop (`server/cluster/adapterClient.ts`, S32).
 */
export const READ_RETRY_MS = 200;

/**
 * Follows rooms' event streams with ONE blocking connection per store: `XREAD BLOCK` over every
 * followed room's stream from the last seq handed out. When the set of followed rooms changes,
 * `CLIENT UNBLOCK` (sent on the store's main connection) ends the blocked read so the next one
 * names the new set. Appends by any writer on the same Redis arrive, in order, each once.
 */
export class RedisFollowers {
  private readonly followers = new Set<Follower>();
  private blocking: RedisClient | null = null;
  private blockingId: number | null = null;
  private running: Promise<void> | null = null;
  /** Bumped on every change of the set; a read issued for an older one is interrupted. */
  private generation = 0;
  private readingGeneration: number | null = null;
  private closed = false;

  constructor(
    private readonly main: RedisClient,
    private readonly blockMs = BLOCK_MS,
    /** Hears of each request sent to Redis here (the metrics' round trips). */
    private readonly roundTrip: () => void = () => {},
  ) {}

  follow(roomId: string, afterSeq: number, onEvents: (events: RoomEvent[]) => void): Following {
    return this.add(roomKeys(roomId).events, afterSeq, (entries) =>
      onEvents(entries.map((entry) => RoomEvent.parse(JSON.parse(String(entry.fields[1]))))),
    );
  }

  /** A document's stored updates after `afterId`, by any writer (its compactions' merged rows too). */
  followDoc(name: string, afterId: number, onRows: (rows: StoredDocUpdate[]) => void): Following {
    return this.add(docKey(name), afterId, (entries) =>
      onRows(entries.map((entry) => ({ id: entry.id, update: new Uint8Array(entry.fields[1] ?? []) }))),
    );
  }

  private add(key: string, afterId: number, deliver: (entries: Entry[]) => void): Following {
    const follower: Follower = { key, lastId: afterId, deliver };
    this.followers.add(follower);
    this.changed();
    return {
      stop: () => {
        if (this.followers.delete(follower)) this.changed();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.followers.clear();
    this.blocking?.destroy();
    this.blocking = null;
    await this.running;
  }

  private changed() {
    if (this.closed) return;
    this.generation++;
    if (this.running) {
      void this.interrupt(this.generation);
      return;
    }
    if (this.followers.size === 0) return;
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.followers.size > 0) this.changed();
    });
  }

  /**
   * Ends a read issued for an older set of rooms. An UNBLOCK that reaches Redis before the read
   * does finds nothing blocked: it is tried again until the read has been interrupted or answered.
   */
  private async interrupt(wanted: number) {
    while (!this.closed && this.readingGeneration !== null && this.readingGeneration < wanted) {
      const id = this.blockingId;
      if (id === null) return;
      try {
        this.roundTrip();
        if (Number(await this.main.sendCommand(['CLIENT', 'UNBLOCK', String(id)])) === 1) return;
      } catch {
        return; // Redis is down: the read fails too, and the next one names the current set.
      }
      await sleep(5);
    }
  }

  private async run() {
    while (!this.closed && this.followers.size > 0) {
      const generation = this.generation;
      // Each stream is read from the lowest id any of its followers holds.
      const from = new Map<string, number>();
      for (const follower of this.followers) {
        const known = from.get(follower.key);
        if (known === undefined || follower.lastId < known) from.set(follower.key, follower.lastId);
      }
      const keys = [...from.keys()];
      const ids = keys.map((key) => `${from.get(key) ?? 0}-0`);
      try {
        const blocking = await this.connection();
        this.blockingId ??= Number(await blocking.sendCommand(['CLIENT', 'ID']));
        // The set changed while the connection was being made ready: no read was there to
        // interrupt, so this one would name the old set. From here to the send nothing awaits.
        if (generation !== this.generation) continue;
        this.readingGeneration = generation;
        this.roundTrip();
        // Raw bytes: a document's updates are binary, never text.
        const reply = await blocking.sendCommand(
          ['XREAD', 'COUNT', String(BATCH), 'BLOCK', String(this.blockMs), 'STREAMS', ...keys, ...ids],
          { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } },
        );
        this.readingGeneration = null;
        for (const [key, entries] of streamsOf(reply)) this.deliver(String(key), entries);
      } catch {
        this.readingGeneration = null;
        if (!this.closed) await sleep(READ_RETRY_MS);
      }
    }
  }

  private deliver(key: string, raw: RawEntries) {
    const entries = raw.map(([id, fields]) => ({ id: idOf(String(id)), fields: fields.map(asBuffer) }));
    for (const follower of this.followers) {
      if (follower.key !== key) continue;
      const fresh = entries.filter((entry) => entry.id > follower.lastId);
      const last = fresh.at(-1);
      if (!last) continue;
      follower.lastId = last.id;
      try {
        follower.deliver(fresh);
      } catch {
        // A follower's own failure is its business; the others still get theirs.
      }
    }
  }

  private async connection(): Promise<RedisClient> {
    if (this.blocking) return this.blocking;
    const blocking = this.main.duplicate();
    blocking.on('error', () => {});
    // A reconnected connection has a new id: ask again before the next read.
    blocking.on('ready', () => {
      this.blockingId = null;
    });
    this.blocking = blocking;
    try {
      await blocking.connect();
    } catch (error) {
      if (this.blocking === blocking) this.blocking = null;
      blocking.destroy();
      throw error;
    }
    return blocking;
  }
}

type RawEntries = [Buffer | string, (Buffer | string)[]][];

/** XREAD's answer: pairs of stream and entries under RESP2 (what the store's client speaks), a map under RESP3. */
function streamsOf(reply: unknown): [Buffer | string, RawEntries][] {
  if (reply === null || typeof reply !== 'object') return [];
  if (Array.isArray(reply)) return reply as [Buffer | string, RawEntries][];
  if (reply instanceof Map) return [...reply.entries()] as [Buffer | string, RawEntries][];
  return Object.entries(reply as Record<string, RawEntries>);
}

/** `<n>-0` → n: every stream here is written with explicit ids of that shape. */
function idOf(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}

function asBuffer(value: Buffer | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value) : value;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
