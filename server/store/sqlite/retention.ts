import type Database from 'better-sqlite3';
import type { RoomEvent } from '../../../shared/index.ts';
import type { RetentionPolicy, RetentionStore, RoomToErase } from '../types.ts';

/**
 * When a room ended, kept on the room itself so retention (E3) finds ended rooms without reading
 * their logs. Databases made before this column get it, filled from their `ended` events, once.
 */
export function migrateEndedAt(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('rooms')").all();
  if (!columns.some((column) => column.name === 'ended_at')) {
    db.transaction(() => {
      db.exec('ALTER TABLE rooms ADD COLUMN ended_at INTEGER');
      db.exec(`UPDATE rooms SET ended_at = (
        SELECT json_extract(body, '$.at') FROM events
        WHERE events.room_id = rooms.room_id AND json_extract(body, '$.type') = 'ended'
      )`);
    })();
  }
  db.exec('CREATE INDEX IF NOT EXISTS rooms_ended ON rooms(ended_at) WHERE ended_at IS NOT NULL');
}

/** The moment a batch of events ends the session, if it does. */
export function endedAtOf(events: RoomEvent[]): number | null {
  return events.find((event) => event.type === 'ended')?.at ?? null;
}

export class SqliteRetention implements RetentionStore {
  readonly markEnded;

  constructor(private readonly db: Database.Database) {
    migrateEndedAt(db);
    this.markEnded = db.prepare<[number, string]>('UPDATE rooms SET ended_at = ? WHERE room_id = ?');
  }

  async roomsToErase(now: number, policy: RetentionPolicy, limit: number): Promise<RoomToErase[]> {
    // A room a couple owns is the couple's record, kept until the therapist deletes it; the check
    // holds from the moment the couples' tables are in this database.
    const owned = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'room_owners'")
      .get();
    const ended = this.db
      .prepare<[number, number], { room_id: string }>(
        `SELECT room_id FROM rooms WHERE ended_at IS NOT NULL AND ended_at < ?${
          owned ? ' AND NOT EXISTS (SELECT 1 FROM room_owners o WHERE o.room_id = rooms.room_id)' : ''
        } ORDER BY ended_at LIMIT ?`,
      )
      .all(now - policy.exportWindowMs, limit);
    return ended.map((row) => ({ roomId: row.room_id, why: 'ended' as const }));
  }
}
