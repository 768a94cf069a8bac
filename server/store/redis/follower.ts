import { RoomEvent } from '../../../shared/index.ts';
import type { Following } from '../types.ts';
import type { RedisClient } from './connection.ts';
import { roomKeys } from './keys.ts';

interface Follower {
  roomId: string;
  /** The last seq handed to `onEvents`. */
  lastSeq: number;
  onEvents: (events: RoomEvent[]) => void;
}

/** The most a stream gives per read; a longer backlog comes in several reads, in order. */
const BATCH = 500;
/**
 * A blocked read returns this often even when nothing happens: a backstop, not the way changes of
 * the followed set arrive (CLIENT UNBLOCK is). 0 blocks until something comes.
 */
export const BLOCK_MS = 5000;
/** After a failed read (Redis down), how long before the next try. */
const RETRY_MS = 200;

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
  ) {}

  follow(roomId: string, afterSeq: number, onEvents: (events: RoomEvent[]) => void): Following {
    const follower: Follower = { roomId, lastSeq: afterSeq, onEvents };
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
      const from = new Map<string, { roomId: string; lastSeq: number }>();
      for (const follower of this.followers) {
        const key = roomKeys(follower.roomId).events;
        const known = from.get(key);
        if (!known || follower.lastSeq < known.lastSeq) from.set(key, follower);
      }
      const keys = [...from.keys()];
      const ids = keys.map((key) => `${from.get(key)?.lastSeq ?? 0}-0`);
      try {
        const blocking = await this.connection();
        this.blockingId ??= Number(await blocking.sendCommand(['CLIENT', 'ID']));
        // The set changed while the connection was being made ready: no read was there to
        // interrupt, so this one would name the old set. From here to the send nothing awaits.
        if (generation !== this.generation) continue;
        this.readingGeneration = generation;
        const reply = await blocking.sendCommand([
          'XREAD',
          'COUNT',
          String(BATCH),
          'BLOCK',
          String(this.blockMs),
          'STREAMS',
          ...keys,
          ...ids,
        ]);
        this.readingGeneration = null;
        for (const [key, entries] of streamsOf(reply)) {
          const roomId = from.get(key)?.roomId;
          if (roomId !== undefined) this.deliver(roomId, entries);
        }
      } catch {
        this.readingGeneration = null;
        if (!this.closed) await sleep(RETRY_MS);
      }
    }
  }

  private deliver(roomId: string, entries: [string, string[]][]) {
    const events = entries.map(([, fields]) => RoomEvent.parse(JSON.parse(fields[1] ?? 'null')));
    for (const follower of this.followers) {
      if (follower.roomId !== roomId) continue;
      const fresh = events.filter((event) => event.seq > follower.lastSeq);
      const last = fresh.at(-1);
      if (!last) continue;
      follower.lastSeq = last.seq;
      try {
        follower.onEvents(fresh);
      } catch {
        // A follower's own failure is its business; the others still get their events.
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

type StreamEntries = [string, string[]][];

/** XREAD's answer: a map of stream to entries under RESP3 (node-redis's default), pairs under RESP2. */
function streamsOf(reply: unknown): [string, StreamEntries][] {
  if (reply === null || typeof reply !== 'object') return [];
  if (Array.isArray(reply)) return reply as [string, StreamEntries][];
  if (reply instanceof Map) return [...reply.entries()] as [string, StreamEntries][];
  return Object.entries(reply as Record<string, StreamEntries>);
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
