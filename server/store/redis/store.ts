import { randomBytes } from 'node:crypto';
import { RESP_TYPES } from 'redis';
import { RoomEvent, type Seat } from '../../../shared/index.ts';
import type { AccountStore } from '../accountTypes.ts';
import { roomOfDoc } from '../sqlite/erasures.ts';
import { endedAtOf } from '../sqlite/retention.ts';
import {
  type AppendResult,
  type AuditEntry,
  type CommandRecord,
  type CommandSeen,
  type Erasure,
  type ErasureRequest,
  type Following,
  NO_OBSERVER,
  type Store,
  type StoreCallOutcome,
  type StoredDocUpdate,
  type StoredRoom,
  type StoreObserver,
} from '../types.ts';
import { StoreUnavailable } from '../unavailable.ts';
import { RedisAccounts } from './accounts.ts';
import {
  COMMAND_TIMEOUT_MS,
  CONNECT_TIMEOUT_MS,
  connectRedis,
  openConnection,
  type RedisClient,
  unavailableOr,
} from './connection.ts';
import { RedisFollowers } from './follower.ts';
import { docKey, ENDED_ROOMS, HEALTH, leaseKey, practiceKeys, roomKeys, TOKEN_SECRET_KEY } from './keys.ts';
import { RedisParts } from './parts.ts';
import { RedisPractice } from './practice.ts';
import { RedisRetention } from './retention.ts';

export { StoreUnavailable };

export interface RedisStoreOptions {
  /** How long a follower's blocked read waits before it is issued again anyway (`follower.ts`). */
  followBlockMs?: number;
  /** How long a call waits for Redis's answer (`connection.ts`, default 5 s). */
  commandTimeoutMs?: number;
  /** How long after a compaction the append-only file is rewritten (default 10 minutes). */
  rewriteAfterCompactionMs?: number;
}

/**
 * A compaction removes text (a deleted draft's words) from the data at once, but from Redis's
 * append-only file only at a rewrite, which costs the whole file: so at most one per this interval
 * after a compaction, by one instance at a time (a lease) — S12 within minutes, not per keystroke.
 */
const REWRITE_AFTER_COMPACTION_MS = 10 * 60_000;

/** How long a readiness answer stands before Redis is probed again (as `SqliteStore` does). */
const PROBE_EVERY_MS = 1000;

/**
 * The shared store of issue 13: several server processes on one Redis. Durability is Redis's:
 * with `appendonly yes` and `appendfsync always` an acknowledged write is in the append-only file,
 * fsynced, before Redis answers (what `tests/support/redisServer.ts` starts). Multi-key writes are
 * Lua scripts (`scripts.ts`), each all or nothing on the Redis side. While Redis is unreachable
 * every call fails at once with `StoreUnavailable`.
 */
export class RedisStore implements Store {
  readonly kind = 'redis';
  readonly parts: RedisParts;
  readonly retention: RedisRetention;
  readonly accounts: AccountStore;
  readonly practice: RedisPractice;
  private readonly followers: RedisFollowers;
  /** Document bytes come back as Buffers, never decoded as text. */
  private readonly bytes;
  private readonly stats = { commits: 0, writes: 0 };
  private readiness = { at: 0, ok: true };
  private readonly commandTimeoutMs: number;
  private readonly rewriteAfterMs: number;
  private rewriteTimer: NodeJS.Timeout | undefined;
  private closing = false;
  /** This store's name as a lease holder (the append-only-file rewrite's turn). */
  private readonly holder = randomBytes(8).toString('hex');
  private observer: StoreObserver = NO_OBSERVER;

  private constructor(
    private readonly client: RedisClient,
    options: RedisStoreOptions,
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS;
    this.rewriteAfterMs = options.rewriteAfterCompactionMs ?? REWRITE_AFTER_COMPACTION_MS;
    this.bytes = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    this.followers = new RedisFollowers(client, options.followBlockMs, () => this.observer.roundTrip());
    this.accounts = new RedisAccounts(
      (run) => this.call(run),
      (writes) => this.wrote(writes),
    );
    this.practice = new RedisPractice(
      (run) => this.call(run),
      (writes) => this.wrote(writes),
    );
    this.parts = new RedisParts(
      (run) => this.call(run),
      (writes) => this.wrote(writes),
    );
    this.retention = new RedisRetention((run) => this.call(run), this.practice);
  }

  /**
   * The store's main connection, shared with the rate limiters (S28): short, non-blocking commands
   * only — a blocking one (`XREAD BLOCK`, `BLPOP`…) would hold every store call queued behind it.
   * Its calls fail at once while Redis is away (nothing is queued offline, `connection.ts`).
   */
  get redis(): RedisClient {
    return this.client;
  }

  /** Connects to `url`; throws `StoreUnavailable` when Redis does not answer in time. */
  static async open(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
    const client = connectRedis(url);
    await openConnection(client);
    return new RedisStore(client, options);
  }

  async createRoom(room: StoredRoom, firstEvents: RoomEvent[]): Promise<void> {
    inOrder(firstEvents, 0);
    const keys = roomKeys(room.roomId);
    const seats = Object.entries(room.seatVersions);
    await this.call((c) =>
      c.createRoom(
        [keys.room, keys.events, keys.erasures],
        [
          room.mode,
          room.createdAt,
          seats.length,
          ...seats.flatMap(([seat, version]) => [seat, version ?? 1]),
          ...eventArgs(firstEvents),
        ],
      ),
    );
    this.wrote(1);
  }

  async getRoom(roomId: string): Promise<StoredRoom | null> {
    const fields = await this.call((c) => c.hGetAll(roomKeys(roomId).room));
    if (fields.mode === undefined) return null;
    const seatVersions: StoredRoom['seatVersions'] = {};
    for (const [field, value] of Object.entries(fields)) {
      if (field.startsWith('seat:')) seatVersions[field.slice(5) as Seat] = Number(value);
    }
    return {
      roomId,
      mode: fields.mode as StoredRoom['mode'],
      createdAt: Number(fields.createdAt),
      seatVersions,
    };
  }

  async bumpSeatVersion(roomId: string, seat: Seat): Promise<number> {
    const version = await this.call((c) => c.bumpSeat([roomKeys(roomId).room], [seat]));
    this.wrote(1);
    return Number(version);
  }

  async append(
    roomId: string,
    expectedSeq: number,
    events: RoomEvent[],
    command: CommandRecord | null,
  ): Promise<AppendResult> {
    inOrder(events, expectedSeq);
    const keys = roomKeys(roomId);
    const endedAt = endedAtOf(events);
    // The retention index lives in another slot, so it cannot join the script: it is written first,
    // as a hint that retention checks against the room itself (retention.ts).
    if (endedAt !== null) await this.call((c) => c.zAdd(ENDED_ROOMS, { score: endedAt, value: roomId }));
    const reply = (await this.call((c) =>
      c.append(
        [keys.room, keys.events, keys.commands],
        [
          expectedSeq,
          command ? commandField(command.seat, command.commandId) : '',
          command?.fingerprint ?? '',
          endedAt ?? '',
          ...eventArgs(events),
        ],
      ),
    )) as string[];
    this.wrote(1);
    const [outcome, detail = ''] = reply;
    if (outcome === 'conflict') return { ok: false, reason: 'conflict', headSeq: Number(detail) };
    if (outcome === 'duplicate') return { ok: false, reason: 'duplicate', ...commandSeen(detail) };
    return { ok: true };
  }

  async read(roomId: string, fromSeq: number, limit = Number.MAX_SAFE_INTEGER): Promise<RoomEvent[]> {
    if (limit <= 0) return [];
    const start = `${Math.max(0, Math.floor(fromSeq))}-0`;
    const count = limit < Number.MAX_SAFE_INTEGER ? { COUNT: limit } : undefined;
    const entries = await this.call((c) => c.xRange(roomKeys(roomId).events, start, '+', count));
    // Parsed on the way out, as SqliteStore does: a corrupted entry fails loudly here.
    return (entries ?? []).map((entry) => RoomEvent.parse(JSON.parse(String(entry.message.e))));
  }

  async findCommand(roomId: string, seat: Seat, commandId: string): Promise<CommandSeen | null> {
    const seen = await this.call((c) => c.hGet(roomKeys(roomId).commands, commandField(seat, commandId)));
    return seen ? commandSeen(seen) : null;
  }

  follow(roomId: string, afterSeq: number, onEvents: (events: RoomEvent[]) => void): Following {
    return this.followers.follow(roomId, afterSeq, onEvents);
  }

  followDoc(name: string, afterId: number, onRows: (rows: StoredDocUpdate[]) => void): Following {
    return this.followers.followDoc(name, afterId, onRows);
  }

  async audit(entry: AuditEntry): Promise<void> {
    const keys = roomKeys(entry.roomId);
    const line = JSON.stringify({
      at: entry.at,
      seat: entry.seat,
      action: entry.action,
      seq: entry.seq ?? null,
      code: entry.code ?? null,
    });
    await this.call((c) => c.audit([keys.audit, keys.erasures], [line]));
    this.wrote(1);
  }

  async readAudit(roomId: string): Promise<AuditEntry[]> {
    const lines = await this.call((c) => c.lRange(roomKeys(roomId).audit, 0, -1));
    return lines.map((line) => {
      const row = JSON.parse(line) as Omit<AuditEntry, 'roomId' | 'seq' | 'code'> & {
        seq: number | null;
        code: string | null;
      };
      return {
        roomId,
        at: row.at,
        seat: row.seat,
        action: row.action,
        ...(row.seq === null ? {} : { seq: row.seq }),
        ...(row.code === null ? {} : { code: row.code }),
      };
    });
  }

  async loadDoc(name: string): Promise<StoredDocUpdate[]> {
    const entries = await this.call(() => this.bytes.xRange(docKey(name), '-', '+'));
    return (entries ?? []).map((entry) => ({
      id: idOf(String(entry.id)),
      update: new Uint8Array(entry.message.u as unknown as Buffer),
    }));
  }

  async appendDocUpdate(name: string, update: Uint8Array): Promise<number> {
    const [id] = await this.appendDocUpdates(name, [update]);
    if (id === undefined) throw new Error('the update was not stored');
    return id;
  }

  async appendDocUpdates(name: string, updates: Uint8Array[]): Promise<number[]> {
    if (updates.length === 0) return [];
    const ids = (await this.call((c) =>
      c.appendDoc(docKeys(name), [name, updates.length, ...updates.map((update) => Buffer.from(update))]),
    )) as number[];
    this.wrote(updates.length);
    return ids.map(Number);
  }

  async replaceDoc(name: string, merged: Uint8Array, throughId: number): Promise<number> {
    const id = await this.call((c) =>
      c.replaceDoc(docKeys(name), [name, Math.floor(throughId), Buffer.from(merged)]),
    );
    this.wrote(1);
    this.rewriteSoon();
    return Number(id);
  }

  /** Schedules one rewrite of the append-only file after a compaction (`REWRITE_AFTER_COMPACTION_MS`). */
  private rewriteSoon() {
    if (this.rewriteTimer || this.closing) return;
    this.rewriteTimer = setTimeout(() => {
      // Another instance rewriting in the same interval covers this one's compactions too.
      const turn = 'aof/#rewrite';
      void this.lease(turn, this.holder, this.rewriteAfterMs)
        .then(async (mine) => {
          if (mine) await this.checkpoint();
          return mine;
        })
        .catch(() => false) // Redis away: tried again after another interval
        .then((done) => {
          this.rewriteTimer = undefined;
          // Another instance's rewrite may have begun before this one's compaction: wait for the next turn.
          if (!done) this.rewriteSoon();
        });
    }, this.rewriteAfterMs);
    this.rewriteTimer.unref();
  }

  async setAsideDocUpdate(name: string, id: number): Promise<void> {
    const keys = roomKeys(roomOfDoc(name));
    await this.call((c) => c.setAside([docKey(name), keys.docBytes, keys.aside], [name, id, Date.now()]));
    this.wrote(1);
  }

  async docSizes(roomId: string): Promise<Map<string, number>> {
    const sizes = await this.call((c) => c.hGetAll(roomKeys(roomId).docBytes));
    return new Map(Object.entries(sizes).map(([name, bytes]) => [name, Number(bytes)]));
  }

  async eraseRoom(roomId: string, erasure: ErasureRequest): Promise<boolean> {
    const keys = roomKeys(roomId);
    const { kind = 'room', byKind, byId, at } = erasure;
    const record = JSON.stringify({ kind, subjectId: roomId, byKind, byId, at } satisfies Erasure);
    // The couple's side of the room lives in the practice slot, so it is a step of its own, first:
    // if the room's own step then fails, the call fails and erasing again finishes it.
    await this.practice.forgetRoom(roomId, 'all');
    const existed = await this.call((c) =>
      c.eraseRoom(
        [
          keys.room,
          keys.events,
          keys.commands,
          keys.audit,
          keys.docs,
          keys.docBytes,
          keys.docIds,
          keys.aside,
          keys.erasures,
        ],
        [keys.docPrefix, record],
      ),
    );
    this.wrote(1);
    await this.call((c) => c.zRem(ENDED_ROOMS, roomId));
    // E1: the room's bytes are still in the append-only file's history until it is rewritten.
    await this.checkpoint();
    return Number(existed) === 1;
  }

  async erasuresOf(subjectId: string): Promise<Erasure[]> {
    const [asRoom, asCouple] = await this.call((c) =>
      Promise.all([
        c.lRange(roomKeys(subjectId).erasures, 0, -1),
        c.lRange(practiceKeys.erasures(subjectId), 0, -1),
      ]),
    );
    return [...asRoom, ...asCouple].map((line) => JSON.parse(line) as Erasure);
  }

  async lease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const held = await this.call((c) => c.lease([leaseKey(name)], [holder, Math.max(1, Math.floor(ttlMs))]));
    return Number(held) === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.call((c) => c.releaseLease([leaseKey(name)], [holder]));
  }

  /**
   * S12 for Redis: rewrites the append-only file from the data as it is now and waits until the
   * rewrite is done, so what was deleted before the call is in no file any more.
   */
  async checkpoint(): Promise<void> {
    // Each step has the command timeout; the rewrite itself may take as long as the data needs.
    const persistence = () => this.call((c) => c.info('persistence'));
    if (!/aof_enabled:1/.test(await persistence())) return;
    const settled = async () => {
      for (;;) {
        const info = await persistence();
        if (/aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    for (;;) {
      const started = await this.call((c) =>
        c.bgRewriteAof().then(
          () => true,
          (error: unknown) => {
            if (!/already in progress/i.test(String(error))) throw error;
            return false;
          },
        ),
      );
      await settled();
      // A rewrite that was already running (another instance's erasure) may have read the data
      // before this deletion: only one this call started counts.
      if (started) return;
    }
  }

  writeStats(): { commits: number; writes: number } {
    return { ...this.stats };
  }

  observe(observer: StoreObserver): void {
    this.observer = observer;
  }

  /**
   * The secret seat tokens are signed with, when the operator set none: made once by whichever
   * instance asks first (SET NX) and read by all, as a single server keeps its own in DATA_DIR. It is
   * no weaker there: whoever can read this Redis can read every room anyway.
   */
  async sharedTokenSecret(): Promise<string> {
    const made = randomBytes(48).toString('base64url');
    return this.call(async (c) => {
      await c.set(TOKEN_SECRET_KEY, made, { condition: 'NX' });
      const kept = await c.get(TOKEN_SECRET_KEY);
      if (typeof kept !== 'string' || kept.length < 32)
        throw new Error('the shared token secret is unreadable');
      return kept;
    });
  }

  /**
   * True when a real write goes through now (S13): one key set, through the append-only file like
   * any other write. Answers stand for a second; while the connection is down it is false at once.
   */
  async ready(): Promise<boolean> {
    if (!this.client.isReady) return false;
    const now = Date.now();
    if (now - this.readiness.at < PROBE_EVERY_MS) return this.readiness.ok;
    let timer: NodeJS.Timeout | undefined;
    this.observer.roundTrip();
    const ok = await Promise.race([
      this.client.set(HEALTH, String(now)).then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), CONNECT_TIMEOUT_MS / 4);
      }),
    ]);
    clearTimeout(timer);
    this.readiness = { at: now, ok };
    return ok;
  }

  /** Lets what is in flight finish, for at most the command timeout; then the connection is cut. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.rewriteTimer);
    await this.followers.close();
    let timer: NodeJS.Timeout | undefined;
    if (this.client.isOpen) {
      await Promise.race([
        this.client.close().catch(() => {}),
        new Promise((resolve) => {
          timer = setTimeout(resolve, this.commandTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    if (this.client.isOpen) this.client.destroy();
  }

  /**
   * Runs one Redis call: a connection failure, or no answer within the command timeout, becomes
   * `StoreUnavailable`, and /readyz hears of it. A script that timed out was applied wholly or not
   * at all (it is atomic on Redis): a retried command finds its id if it was (A4).
   */
  private async call<T>(run: (client: RedisClient) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    let outcome: StoreCallOutcome = 'ok';
    // One call is one request to Redis (a script, or a command): the checkpoint's polls are calls each.
    this.observer.roundTrip();
    const silence = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailable(new Error(`Redis did not answer in ${this.commandTimeoutMs} ms`))),
        this.commandTimeoutMs,
      );
    });
    try {
      return await Promise.race([run(this.client), silence]);
    } catch (error) {
      const mapped = unavailableOr(error);
      outcome = mapped instanceof StoreUnavailable ? 'unavailable' : 'error';
      if (mapped instanceof StoreUnavailable) this.readiness = { at: Date.now(), ok: false };
      throw mapped;
    } finally {
      clearTimeout(timer);
      this.observer.called((performance.now() - started) / 1000, outcome);
    }
  }

  /** One round trip that carried `writes` writes (S19's gauges: writes / commits). */
  private wrote(writes: number) {
    this.stats.commits++;
    this.stats.writes += writes;
  }
}

/** Events must follow the head one by one: checked before the script, which cannot undo a half. */
function inOrder(events: RoomEvent[], afterSeq: number) {
  events.forEach((event, i) => {
    if (event.seq !== afterSeq + 1 + i) throw new Error('events must follow the head seq one by one');
  });
}

function eventArgs(events: RoomEvent[]): (string | number)[] {
  return [events.length, ...events.flatMap((event) => [event.seq, JSON.stringify(event)])];
}

function commandField(seat: Seat, commandId: string): string {
  return `${seat}:${commandId}`;
}

/** `<seq>:<fingerprint>`; the fingerprint may hold colons of its own. */
function commandSeen(stored: string): CommandSeen {
  const colon = stored.indexOf(':');
  return { seq: Number(stored.slice(0, colon)), fingerprint: stored.slice(colon + 1) };
}

function idOf(streamId: string): number {
  return Number(streamId.slice(0, streamId.indexOf('-')));
}

function docKeys(name: string): string[] {
  const keys = roomKeys(roomOfDoc(name));
  return [docKey(name), keys.docs, keys.docBytes, keys.docIds, keys.erasures];
}
