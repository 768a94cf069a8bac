import type Database from 'better-sqlite3';
import type { Erasure, ErasureRequest } from '../types.ts';

/**
 * "Deleted by whom, when" (E2), never content: the columns of design10's `erasures`. A room's row
 * also keeps its id erased: the store refuses to write anything for it again (E1).
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS erasures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('room', 'couple', 'practice')),
  subject_id TEXT NOT NULL,
  by_kind TEXT NOT NULL CHECK (by_kind IN ('therapist', 'partner', 'retention', 'operator')),
  by_id TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS erasures_subject ON erasures(subject_id);
`;

/** True for a room id that was erased: a write that would bring a row of it back is not made. */
export const ERASED_ROOM = `EXISTS (SELECT 1 FROM erasures WHERE subject_id = ? AND kind IN ('room', 'practice'))`;

/** The range of document names `<roomId>/…`: '0' is the character after '/'. */
export function docRange(roomId: string): [string, string] {
  return [`${roomId}/`, `${roomId}0`];
}

/** The room id a document name `<roomId>/<doc>` belongs to. */
export function roomOfDoc(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

/**
 * Erasure in SQLite (E1): one transaction deletes every row of the room, then a TRUNCATE checkpoint
 * moves the overwritten pages (`secure_delete`, `openDatabase.ts`) into the database file and
 * empties the WAL, so no file of the data directory holds the room's bytes any more.
 */
export class SqliteErasures {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.stmt = {
      deletes: [
        'DELETE FROM seats WHERE room_id = ?',
        'DELETE FROM events WHERE room_id = ?',
        'DELETE FROM commands WHERE room_id = ?',
        'DELETE FROM audit WHERE room_id = ?',
        // The couple's side of the room (practice.ts): whose it was, the partners' share choices, the note.
        'DELETE FROM room_owners WHERE room_id = ?',
        'DELETE FROM practice_shares WHERE room_id = ?',
        'DELETE FROM practice_notes WHERE room_id = ?',
      ].map((sql) => db.prepare<[string]>(sql)),
      docDeletes: [
        'DELETE FROM doc_updates WHERE doc >= ? AND doc < ?',
        'DELETE FROM doc_updates_set_aside WHERE doc >= ? AND doc < ?',
      ].map((sql) => db.prepare<[string, string]>(sql)),
      deleteRoom: db.prepare<[string]>('DELETE FROM rooms WHERE room_id = ?'),
      record: db.prepare(
        'INSERT INTO erasures (kind, subject_id, by_kind, by_id, at) VALUES (?, ?, ?, ?, ?)',
      ),
      list: db.prepare<
        [string],
        {
          kind: Erasure['kind'];
          subject_id: string;
          by_kind: Erasure['byKind'];
          by_id: string | null;
          at: number;
        }
      >('SELECT kind, subject_id, by_kind, by_id, at FROM erasures WHERE subject_id = ? ORDER BY id'),
    };
  }

  eraseRoom(roomId: string, erasure: ErasureRequest): boolean {
    const existed = this.db
      .transaction(() => {
        for (const statement of this.stmt.deletes) statement.run(roomId);
        for (const statement of this.stmt.docDeletes) statement.run(...docRange(roomId));
        const gone = this.stmt.deleteRoom.run(roomId).changes > 0;
        if (gone) {
          const { kind = 'room', byKind, byId, at } = erasure;
          this.stmt.record.run(kind, roomId, byKind, byId, at);
        }
        return gone;
      })
      .immediate();
    this.emptyWal();
    return existed;
  }

  erasuresOf(subjectId: string): Erasure[] {
    return this.stmt.list.all(subjectId).map((row) => ({
      kind: row.kind,
      subjectId: row.subject_id,
      byKind: row.by_kind,
      byId: row.by_id,
      at: row.at,
    }));
  }

  /**
   * The deleted rows' old pages are still in the WAL until a checkpoint copies the overwritten ones
   * over them and the WAL is cut to nothing. This process is the database's only user (S10), so a
   * checkpoint that could not finish is a fault, not something to wait for.
   */
  private emptyWal() {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[];
    if (result && (result.busy !== 0 || result.log > 0)) {
      throw new Error('the WAL could not be emptied after an erasure');
    }
  }
}
