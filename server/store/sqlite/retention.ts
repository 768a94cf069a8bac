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
  private readonly stmt;

  constructor(db: Database.Database) {
    migrateEndedAt(db);
    this.stmt = {
      ended: db.prepare<[number, number], { room_id: string; at: number }>(
        `SELECT room_id, ended_at AS at FROM rooms WHERE ended_at IS NOT NULL AND ended_at < ?
         AND NOT EXISTS (SELECT 1 FROM room_owners o WHERE o.room_id = rooms.room_id)
         ORDER BY ended_at LIMIT ?`,
      ),
      practice: db.prepare<[number, number], { room_id: string; at: number }>(
        `SELECT o.room_id, o.created_at AS at FROM room_owners o
         WHERE o.kind = 'practice' AND o.created_at < ?
         AND (SELECT COUNT(*) FROM practice_shares s WHERE s.room_id = o.room_id AND s.shared = 1) < 2
         ORDER BY o.created_at LIMIT ?`,
      ),
    };
  }

  async roomsToErase(now: number, policy: RetentionPolicy, limit: number): Promise<RoomToErase[]> {
    // A room a couple owns is the couple's record, kept until the therapist deletes it — except a
    // practice the partners did not both share with their therapist, erased after RETENTION_PRACTICE_DAYS.
    const ended = this.stmt.ended.all(now - policy.exportWindowMs, limit);
    const practice = this.stmt.practice.all(now - policy.practiceMs, limit);
    return [
      ...ended.map((row) => ({ roomId: row.room_id, why: 'ended' as const, at: row.at })),
      ...practice.map((row) => ({ roomId: row.room_id, why: 'practice' as const, at: row.at })),
    ]
      .sort((x, y) => x.at - y.at)
      .slice(0, limit)
      .map(({ roomId, why }) => ({ roomId, why }));
  }
}
