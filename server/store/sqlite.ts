import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { RoomEvent, type Seat } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { AccountStore } from './accountTypes.ts';
import { DataDirLock, DB_FILE, prepareDataDir, tightenFiles } from './dataDir.ts';
import { LocalDocFollowers, LocalFollowers } from './localFollowers.ts';
import { cannotUse, openDatabase } from './openDatabase.ts';
import { StoreOpenError } from './openError.ts';
import type { PartsStore } from './partsTypes.ts';
import type { PracticeStore } from './practiceTypes.ts';
import { SqliteAccounts } from './sqlite/accounts.ts';
import { SqliteErasures } from './sqlite/erasures.ts';
import type { WriteStats } from './sqlite/groupCommit.ts';
import { docRowInserter, type EventRow, type HotWrite } from './sqlite/hotWrites.ts';
import { SqliteParts } from './sqlite/parts.ts';
import { SqlitePractice } from './sqlite/practice.ts';
import { PRACTICE_SCHEMA } from './sqlite/practiceSchema.ts';
import { endedAtOf, SqliteRetention } from './sqlite/retention.ts';
import { SqliteWriter } from './sqlite/writer.ts';
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
  type StoredDocUpdate,
  type StoredRoom,
  type StoreObserver,
} from './types.ts';

export { StoreOpenError };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  room_id TEXT PRIMARY KEY,
  mode TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS seats (
  room_id TEXT NOT NULL REFERENCES rooms(room_id),
  seat TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (room_id, seat)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  room_id TEXT NOT NULL REFERENCES rooms(room_id),
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (room_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS commands (
  room_id TEXT NOT NULL,
  seat TEXT NOT NULL,
  command_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  PRIMARY KEY (room_id, seat, command_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  seat TEXT,
  action TEXT NOT NULL,
  seq INTEGER,
  code TEXT
);
CREATE INDEX IF NOT EXISTS audit_room ON audit(room_id, id);
CREATE TABLE IF NOT EXISTS doc_updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  update_bytes BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_doc ON doc_updates(doc, id);
CREATE TABLE IF NOT EXISTS doc_updates_set_aside (
  id INTEGER PRIMARY KEY,
  doc TEXT NOT NULL,
  update_bytes BLOB NOT NULL,
  set_aside_at INTEGER NOT NULL
);
`;

/** A one-row table the readiness probe writes: a real write, through the same WAL and fsync (S13). */
const HEALTH_SCHEMA = `
CREATE TABLE IF NOT EXISTS health (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  probed_at INTEGER NOT NULL
);
`;

/** How long a readiness answer (or an observed write failure) stands before the store is probed again. */
const PROBE_EVERY_MS = 1000;
/** Rooms whose seat versions stay in memory: well above the rooms one process serves at once. */
const ROOMS_CACHED = 10_000;

export interface SqliteOptions {
  /** Where the store says what it fixed or found on opening: paths and modes, never content. */
  log?: Logger;
  /** How long to wait for another process to let go of the data directory (default 3 s). */
  lockWaitMs?: number;
}

/**
 * The embedded default store. WAL with `synchronous = FULL`: a commit is on disk before `append`
 * resolves, so an acknowledged command survives `kill -9` and power loss alike (S1). One process
 * holds the data directory at a time (S10); its files are the server user's alone (S11).
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly accounts: AccountStore;
  readonly parts: PartsStore;
  readonly retention: SqliteRetention;
  private readonly erasures: SqliteErasures;
  readonly practice: PracticeStore;
  private readonly db: Database.Database;
  private readonly lock: DataDirLock;
  private readonly stmt;
  private readonly probe;
  private readiness = { at: 0, ok: true };
  private observer: StoreObserver = NO_OBSERVER;
  private readonly leases = new Map<string, { holder: string; until: number }>();
  /**
   * Rooms as last read, by id: every socket handshake and document connection reads its room's seat
   * versions (A5), twice for a document, and a reconnect storm brings thousands at once. Only this
   * process writes the data directory (S10), and the two writes that change what is cached — a seat's
   * new version, an erasure — replace or drop the entry in the same synchronous step as the row.
   */
  private readonly rooms = new LRUCache<string, StoredRoom>({ max: ROOMS_CACHED });
  /** Rooms, appends, document updates and audit lines: written in groups on the writer thread (S19). */
  private readonly writer: SqliteWriter;
  /** Compaction's one row, on this thread (an erased room's documents take none, E1). */
  private readonly insertDoc: (name: string, update: Uint8Array) => number;
  private readonly followers = new LocalFollowers((roomId, fromSeq) => this.read(roomId, fromSeq));
  private readonly docFollowers = new LocalDocFollowers((name) => this.loadDoc(name));

  /** Throws a `StoreOpenError` (one plain line) when the directory or the database cannot be used. */
  constructor(dataDir: string, options: SqliteOptions = {}) {
    const { log } = options;
    prepareDataDir(dataDir, log);
    this.lock = DataDirLock.acquire(dataDir, options.lockWaitMs ?? 3000);
    const file = join(dataDir, DB_FILE);
    try {
      tightenFiles(dataDir, log);
      this.db = openDatabase(file, log);
      try {
        this.db.exec(SCHEMA);
        this.db.exec(HEALTH_SCHEMA);
        this.db.exec(PRACTICE_SCHEMA);
        this.accounts = new SqliteAccounts(this.db, (write) => this.observed(write));
        this.parts = new SqliteParts(this.db, (write) => this.observed(write));
        this.erasures = new SqliteErasures(this.db);
        this.retention = new SqliteRetention(this.db);
        this.practice = new SqlitePractice(this.db, (write) => this.observed(write));
      } catch (error) {
        this.db.close();
        throw cannotUse(file, error);
      }
    } catch (error) {
      this.lock.release();
      throw error;
    }
    this.writer = new SqliteWriter(file, (error) => {
      if (isStorageFailure(error)) this.readiness = { at: Date.now(), ok: false };
    });
    this.insertDoc = docRowInserter(this.db);
    this.probe = this.db.prepare(
      'INSERT INTO health (id, probed_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at',
    );
    this.stmt = {
      room: this.db.prepare<[string], { mode: string; created_at: number }>(
        'SELECT mode, created_at FROM rooms WHERE room_id = ?',
      ),
      seats: this.db.prepare<[string], { seat: string; version: number }>(
        'SELECT seat, version FROM seats WHERE room_id = ?',
      ),
      bumpSeat: this.db.prepare<[string, string], { version: number }>(
        'UPDATE seats SET version = version + 1 WHERE room_id = ? AND seat = ? RETURNING version',
      ),
      readEvents: this.db.prepare<[string, number, number], { body: string }>(
        'SELECT body FROM events WHERE room_id = ? AND seq >= ? ORDER BY seq LIMIT ?',
      ),
      findCommand: this.db.prepare<[string, string, string], CommandSeen>(
        'SELECT seq, fingerprint FROM commands WHERE room_id = ? AND seat = ? AND command_id = ?',
      ),
      loadDoc: this.db.prepare<[string], { id: number; update_bytes: Buffer }>(
        'SELECT id, update_bytes FROM doc_updates WHERE doc = ? ORDER BY id',
      ),
      deleteDocThrough: this.db.prepare('DELETE FROM doc_updates WHERE doc = ? AND id <= ?'),
      setAside: this.db.prepare(
        'INSERT INTO doc_updates_set_aside (id, doc, update_bytes, set_aside_at) SELECT id, doc, update_bytes, ? FROM doc_updates WHERE doc = ? AND id = ?',
      ),
      deleteDocUpdate: this.db.prepare('DELETE FROM doc_updates WHERE doc = ? AND id = ?'),
      // Names are `<roomId>/<doc>`: a range on the index rather than LIKE, which would scan.
      docSizes: this.db.prepare<[string, string], { doc: string; bytes: number }>(
        'SELECT doc, SUM(LENGTH(update_bytes)) AS bytes FROM doc_updates WHERE doc >= ? AND doc < ? GROUP BY doc',
      ),
      readAudit: this.db.prepare<
        [string],
        {
          room_id: string;
          at: number;
          seat: string | null;
          action: string;
          seq: number | null;
          code: string | null;
        }
      >('SELECT room_id, at, seat, action, seq, code FROM audit WHERE room_id = ? ORDER BY id'),
    };
  }

  async createRoom(room: StoredRoom, firstEvents: RoomEvent[]): Promise<void> {
    await this.timed({ op: 'createRoom', room, events: firstEvents.map(eventRow) });
    this.followers.appended(room.roomId);
  }

  async getRoom(roomId: string): Promise<StoredRoom | null> {
    const cached = this.rooms.get(roomId);
    if (cached) return { ...cached, seatVersions: { ...cached.seatVersions } };
    const row = this.stmt.room.get(roomId);
    if (!row) return null;
    const seatVersions: StoredRoom['seatVersions'] = {};
    for (const seat of this.stmt.seats.all(roomId)) seatVersions[seat.seat as Seat] = seat.version;
    const room = { roomId, mode: row.mode as StoredRoom['mode'], createdAt: row.created_at, seatVersions };
    this.rooms.set(roomId, { ...room, seatVersions: { ...seatVersions } });
    return room;
  }

  async bumpSeatVersion(roomId: string, seat: Seat): Promise<number> {
    await this.writer.flush();
    try {
      const row = this.observed(() => this.stmt.bumpSeat.get(roomId, seat));
      if (!row) throw new Error('no such seat');
      return row.version;
    } finally {
      this.rooms.delete(roomId);
    }
  }

  async append(
    roomId: string,
    expectedSeq: number,
    events: RoomEvent[],
    command: CommandRecord | null,
  ): Promise<AppendResult> {
    // The writer runs it inside its group's transaction, which holds the write lock: the head it
    // reads cannot move before it inserts (S2).
    const result: AppendResult = await this.timed({
      op: 'append',
      roomId,
      expectedSeq,
      events: events.map(eventRow),
      command,
      endedAt: endedAtOf(events),
    });
    if (result.ok) this.followers.appended(roomId, events);
    return result;
  }

  /**
   * In-process: this store object is the database's only writer (S10), so its own commits are every
   * append there is. Another process cannot open the same data directory to be followed.
   */
  follow(roomId: string, afterSeq: number, onEvents: (events: RoomEvent[]) => void): Following {
    return this.followers.follow(roomId, afterSeq, onEvents);
  }

  async read(roomId: string, fromSeq: number, limit = Number.MAX_SAFE_INTEGER): Promise<RoomEvent[]> {
    // Parsed on the way out: a corrupted row fails loudly here rather than as a wrong room state later.
    return this.stmt.readEvents
      .all(roomId, fromSeq, limit)
      .map((row) => RoomEvent.parse(JSON.parse(row.body)));
  }

  async findCommand(roomId: string, seat: Seat, commandId: string): Promise<CommandSeen | null> {
    return this.stmt.findCommand.get(roomId, seat, commandId) ?? null;
  }

  /** Rides the next commit (S19): the audit trail never costs a commit of its own on the hot path. */
  async audit(entry: AuditEntry): Promise<void> {
    await this.writer.write({ op: 'audit', entry }, true);
  }

  async readAudit(roomId: string): Promise<AuditEntry[]> {
    // Lines still waiting for a commit are part of the trail already.
    await this.writer.flush();
    return this.stmt.readAudit.all(roomId).map((row) => ({
      roomId: row.room_id,
      at: row.at,
      seat: row.seat as AuditEntry['seat'],
      action: row.action,
      ...(row.seq === null ? {} : { seq: row.seq }),
      ...(row.code === null ? {} : { code: row.code }),
    }));
  }

  async loadDoc(name: string): Promise<StoredDocUpdate[]> {
    return this.stmt.loadDoc
      .all(name)
      .map((row) => ({ id: row.id, update: new Uint8Array(row.update_bytes) }));
  }

  async appendDocUpdate(name: string, update: Uint8Array): Promise<number> {
    const id: number = await this.timed({ op: 'appendDoc', name, update });
    this.docFollowers.stored(name, [{ id, update }]);
    return id;
  }

  async appendDocUpdates(name: string, updates: Uint8Array[]): Promise<number[]> {
    const ids: number[] = await this.timed({ op: 'appendDocs', name, updates });
    this.docFollowers.stored(
      name,
      ids.map((id, index) => ({ id, update: updates[index] as Uint8Array })),
    );
    return ids;
  }

  followDoc(name: string, afterId: number, onRows: (rows: StoredDocUpdate[]) => void): Following {
    return this.docFollowers.followDoc(name, afterId, onRows);
  }

  /** What the group commit has done: commits and the writes they carried (the metrics read these). */
  writeStats(): WriteStats {
    return { ...this.writer.stats };
  }

  observe(observer: StoreObserver): void {
    this.observer = observer;
  }

  async replaceDoc(name: string, merged: Uint8Array, throughId: number): Promise<number> {
    // After every update asked for before it, so it can replace them (writes land in the order asked).
    await this.writer.flush();
    const id = this.observed(() =>
      this.db
        .transaction(() => {
          this.stmt.deleteDocThrough.run(name, throughId);
          return this.insertDoc(name, merged);
        })
        .immediate(),
    );
    this.docFollowers.stored(name, [{ id, update: merged }]);
    // S12: the merged rows' old pages leave the WAL now (Redis's file is rewritten on erasure only).
    await this.checkpoint();
    return id;
  }

  async setAsideDocUpdate(name: string, id: number): Promise<void> {
    await this.writer.flush();
    this.observed(() =>
      this.db
        .transaction(() => {
          this.stmt.setAside.run(Date.now(), name, id);
          this.stmt.deleteDocUpdate.run(name, id);
        })
        .immediate(),
    );
  }

  async docSizes(roomId: string): Promise<Map<string, number>> {
    // '0' is the character after '/', so the range holds exactly the names under `<roomId>/`.
    const rows = this.stmt.docSizes.all(`${roomId}/`, `${roomId}0`);
    return new Map(rows.map((row) => [row.doc, row.bytes]));
  }

  async eraseRoom(roomId: string, erasure: ErasureRequest): Promise<boolean> {
    // What was asked for before is stored first, and so erased with the rest (E1).
    await this.writer.flush();
    try {
      return this.observed(() => this.erasures.eraseRoom(roomId, erasure));
    } finally {
      this.rooms.delete(roomId);
    }
  }

  async erasuresOf(subjectId: string): Promise<Erasure[]> {
    return this.erasures.erasuresOf(subjectId);
  }

  /**
   * True when a real write goes through now (S13): a one-row update, committed and synced like any
   * other. Answers stand for a second, so a busy /readyz costs at most one write a second; a write
   * that failed in the meantime counts as a failed probe.
   */
  async ready(): Promise<boolean> {
    if (!this.db.open) return false;
    const now = Date.now();
    if (now - this.readiness.at < PROBE_EVERY_MS) return this.readiness.ok;
    let ok = true;
    try {
      this.probe.run(now);
    } catch {
      ok = false;
    }
    this.readiness = { at: now, ok };
    return ok;
  }

  /**
   * Moves everything in the WAL into the database and empties the WAL (S12). With `secure_delete`,
   * what was deleted before this call is then in no file of the data directory any more: call it
   * after removing content (compaction).
   */
  async checkpoint(): Promise<void> {
    this.observed(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
  }

  /**
   * One process writes a data directory (S10), so a lease is a note in memory: it matters only when
   * two document hubs share this store object (tests), and there it behaves as Redis's does.
   */
  async lease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const held = this.leases.get(name);
    if (held && held.holder !== holder && held.until > now) return false;
    this.leases.set(name, { holder, until: now + ttlMs });
    return true;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  async close(): Promise<void> {
    await this.writer.close();
    if (this.db.open) {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        this.db.close();
      }
    }
    this.lock.release();
  }

  /** Runs a write on this thread; if the disk refuses it, /readyz says so at once rather than at the next probe. */
  private observed<T>(write: () => T): T {
    const started = performance.now();
    try {
      const result = write();
      this.observer.called((performance.now() - started) / 1000, 'ok');
      return result;
    } catch (error) {
      const storage = isStorageFailure(error);
      this.observer.called((performance.now() - started) / 1000, storage ? 'unavailable' : 'error');
      if (storage) this.readiness = { at: Date.now(), ok: false };
      throw error;
    }
  }

  /** A hot-path write on the writer thread, timed from asking to the commit that holds it (S19). */
  private async timed<T>(write: HotWrite): Promise<T> {
    const started = performance.now();
    try {
      const result = await this.writer.write<T>(write);
      this.observer.called((performance.now() - started) / 1000, 'ok');
      return result;
    } catch (error) {
      const outcome = isStorageFailure(error) ? 'unavailable' : 'error';
      this.observer.called((performance.now() - started) / 1000, outcome);
      throw error;
    }
  }
}

function eventRow(event: RoomEvent): EventRow {
  return [event.seq, JSON.stringify(event)];
}

/** Failures of the disk or the file, not of the data: a full disk, an I/O error, a read-only file. */
function isStorageFailure(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? '');
  return [
    'SQLITE_IOERR',
    'SQLITE_FULL',
    'SQLITE_READONLY',
    'SQLITE_CORRUPT',
    'SQLITE_CANTOPEN',
    'SQLITE_NOTADB',
  ].some((prefix) => code.startsWith(prefix));
}
