import type Database from 'better-sqlite3';

/**
 * Part D (issue 11 §8, I42): the therapist's confidentiality text for a couple, a column of its own on
 * `couples`, so it is deleted with the couple's row (E1, E2) and read with it. Databases made before
 * the column get it here, once, empty (`NULL`: no text yet).
 */
export function migrateCoupleTerms(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('couples')").all();
  if (!columns.some((column) => column.name === 'confidentiality')) {
    db.exec('ALTER TABLE couples ADD COLUMN confidentiality TEXT');
  }
}
