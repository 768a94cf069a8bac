import type Database from 'better-sqlite3';
import { PartEdit, type PartnerSeat } from '../../../shared/index.ts';
import type { PartsStore } from '../partsTypes.ts';

export const PARTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS part_edits (
  couple_id TEXT NOT NULL,
  partner TEXT NOT NULL,
  part_key TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (couple_id, partner, part_key)
) WITHOUT ROWID;
`;

/** The SQLite side of `PartsStore`; an edit is kept as its JSON, checked again when read. */
export class SqliteParts implements PartsStore {
  private readonly stmt;

  constructor(
    db: Database.Database,
    private readonly observed: <T>(write: () => T) => T,
  ) {
    db.exec(PARTS_SCHEMA);
    this.stmt = {
      all: db.prepare<[string], { partner: string; body: string }>(
        'SELECT partner, body FROM part_edits WHERE couple_id = ? ORDER BY updated_at',
      ),
      save: db.prepare(
        'INSERT INTO part_edits (couple_id, partner, part_key, body, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (couple_id, partner, part_key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at',
      ),
      deleteAll: db.prepare('DELETE FROM part_edits WHERE couple_id = ?'),
    };
  }

  async partEdits(coupleId: string): Promise<Record<PartnerSeat, PartEdit[]>> {
    const out: Record<PartnerSeat, PartEdit[]> = { A: [], B: [] };
    for (const row of this.stmt.all.all(coupleId)) {
      const edit = PartEdit.safeParse(JSON.parse(row.body));
      if (edit.success && (row.partner === 'A' || row.partner === 'B')) out[row.partner].push(edit.data);
    }
    return out;
  }

  async savePartEdit(coupleId: string, partner: PartnerSeat, edit: PartEdit, at: number): Promise<void> {
    this.observed(() => this.stmt.save.run(coupleId, partner, edit.key, JSON.stringify(edit), at));
  }

  async deletePartEdits(coupleId: string): Promise<void> {
    this.observed(() => this.stmt.deleteAll.run(coupleId));
  }
}
