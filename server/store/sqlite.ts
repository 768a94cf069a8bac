import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RoomEvent, type Seat } from '../../shared/index.ts';
import type {
  AppendResult,
  AuditEntry,
  CommandRecord,
  CommandSeen,
  Store,
  StoredDocUpdate,
  StoredRoom,
} from './types.ts';

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

/**
 * The embedded default store. WAL with `synchronous = FULL`: a commit is on disk before `append`
 * resolves, so an acknowledged command survives `kill -9` and power loss alike (S1).
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'dialogue-room.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // Several processes may share a data directory (a restart overlapping a shutdown): wait, don't fail.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.stmt = {
      insertRoom: this.db.prepare('INSERT INTO rooms (room_id, mode, created_at) VALUES (?, ?, ?)'),
      insertSeat: this.db.prepare('INSERT INTO seats (room_id, seat, version) VALUES (?, ?, ?)'),
      room: this.db.prepare<[string], { mode: string; created_at: number }>(
        'SELECT mode, created_at FROM rooms WHERE room_id = ?',
      ),
      seats: this.db.prepare<[string], { seat: string; version: number }>(
        'SELECT seat, version FROM seats WHERE room_id = ?',
      ),
      bumpSeat: this.db.prepare<[string, string], { version: number }>(
        'UPDATE seats SET version = version + 1 WHERE room_id = ? AND seat = ? RETURNING version',
      ),
      head: this.db.prepare<[string], { head: number | null }>(
        'SELECT MAX(seq) AS head FROM events WHERE room_id = ?',
      ),
      insertEvent: this.db.prepare('INSERT INTO events (room_id, seq, body) VALUES (?, ?, ?)'),
      readEvents: this.db.prepare<[string, number, number], { body: string }>(
        'SELECT body FROM events WHERE room_id = ? AND seq >= ? ORDER BY seq LIMIT ?',
      ),
      findCommand: this.db.prepare<[string, string, string], CommandSeen>(
        'SELECT seq, fingerprint FROM commands WHERE room_id = ? AND seat = ? AND command_id = ?',
      ),
      insertCommand: this.db.prepare(
        'INSERT INTO commands (room_id, seat, command_id, seq, fingerprint) VALUES (?, ?, ?, ?, ?)',
      ),
      insertAudit: this.db.prepare(
        'INSERT INTO audit (room_id, at, seat, action, seq, code) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      loadDoc: this.db.prepare<[string], { id: number; update_bytes: Buffer }>(
        'SELECT id, update_bytes FROM doc_updates WHERE doc = ? ORDER BY id',
      ),
      appendDoc: this.db.prepare('INSERT INTO doc_updates (doc, update_bytes) VALUES (?, ?)'),
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
    this.db
      .transaction(() => {
        this.stmt.insertRoom.run(room.roomId, room.mode, room.createdAt);
        for (const [seat, version] of Object.entries(room.seatVersions)) {
          this.stmt.insertSeat.run(room.roomId, seat, version);
        }
        for (const event of firstEvents)
          this.stmt.insertEvent.run(room.roomId, event.seq, JSON.stringify(event));
      })
      .immediate();
  }

  async getRoom(roomId: string): Promise<StoredRoom | null> {
    const row = this.stmt.room.get(roomId);
    if (!row) return null;
    const seatVersions: StoredRoom['seatVersions'] = {};
    for (const seat of this.stmt.seats.all(roomId)) seatVersions[seat.seat as Seat] = seat.version;
    return { roomId, mode: row.mode as StoredRoom['mode'], createdAt: row.created_at, seatVersions };
  }

  async bumpSeatVersion(roomId: string, seat: Seat): Promise<number> {
    const row = this.stmt.bumpSeat.get(roomId, seat);
    if (!row) throw new Error('no such seat');
    return row.version;
  }

  async append(
    roomId: string,
    expectedSeq: number,
    events: RoomEvent[],
    command: CommandRecord | null,
  ): Promise<AppendResult> {
    // IMMEDIATE takes the write lock first, so the head we read cannot move before we insert (S2).
    return this.db
      .transaction((): AppendResult => {
        if (command) {
          const done = this.stmt.findCommand.get(roomId, command.seat, command.commandId);
          if (done) return { ok: false, reason: 'duplicate', seq: done.seq, fingerprint: done.fingerprint };
        }
        const head = this.stmt.head.get(roomId)?.head ?? 0;
        if (head !== expectedSeq) return { ok: false, reason: 'conflict', headSeq: head };
        for (const event of events) this.stmt.insertEvent.run(roomId, event.seq, JSON.stringify(event));
        const last = events.at(-1);
        if (command && last) {
          this.stmt.insertCommand.run(roomId, command.seat, command.commandId, last.seq, command.fingerprint);
        }
        return { ok: true };
      })
      .immediate();
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

  async audit(entry: AuditEntry): Promise<void> {
    this.stmt.insertAudit.run(
      entry.roomId,
      entry.at,
      entry.seat,
      entry.action,
      entry.seq ?? null,
      entry.code ?? null,
    );
  }

  async readAudit(roomId: string): Promise<AuditEntry[]> {
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
    return Number(this.stmt.appendDoc.run(name, Buffer.from(update)).lastInsertRowid);
  }

  async replaceDoc(name: string, merged: Uint8Array, throughId: number): Promise<number> {
    return this.db
      .transaction(() => {
        this.stmt.deleteDocThrough.run(name, throughId);
        return Number(this.stmt.appendDoc.run(name, Buffer.from(merged)).lastInsertRowid);
      })
      .immediate();
  }

  async setAsideDocUpdate(name: string, id: number): Promise<void> {
    this.db
      .transaction(() => {
        this.stmt.setAside.run(Date.now(), name, id);
        this.stmt.deleteDocUpdate.run(name, id);
      })
      .immediate();
  }

  async docSizes(roomId: string): Promise<Map<string, number>> {
    // '0' is the character after '/', so the range holds exactly the names under `<roomId>/`.
    const rows = this.stmt.docSizes.all(`${roomId}/`, `${roomId}0`);
    return new Map(rows.map((row) => [row.doc, row.bytes]));
  }

  async healthy(): Promise<boolean> {
    return this.db.prepare('SELECT 1 AS one').get() !== undefined;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
