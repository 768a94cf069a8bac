import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from '../log.ts';
import { createPrivately } from './dataDir.ts';
import { reasonOf, StoreOpenError } from './openError.ts';

/** The WAL is cut back to this after a checkpoint, so it does not keep old pages around at full size. */
const JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024;

/**
 * Opens the database file and checks it can be used, before anything is served (S15). A file
 * that is damaged, not a database, or not a file at all stops the start with one plain line
 * naming it and what to do, instead of a stack trace and a restart loop.
 */
export function openDatabase(file: string, log?: Logger): Database.Database {
  const kind = fileKind(file);
  if (kind === 'directory') {
    throw new StoreOpenError(
      `The database ${file} is a directory, not a file: move it aside to start with an empty database.`,
    );
  }
  if (kind === 'empty') {
    // SQLite reads an empty file as an empty database; an empty file where data was expected is worth a look.
    log?.warn({ file }, 'the database file is empty (0 bytes): starting with an empty database');
  }
  let db: Database.Database | undefined;
  try {
    if (kind === 'missing') createPrivately(file);
    db = new Database(file);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal mode is ${String(mode)}, not wal`);
    connectionPragmas(db);
    // Reads every page once: a truncated or damaged file is found now, not in the middle of a session.
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
    // What an earlier life left in the WAL (it may have been killed) is folded in and the WAL emptied.
    db.pragma('wal_checkpoint(TRUNCATE)');
    return db;
  } catch (error) {
    db?.close();
    throw cannotUse(file, error);
  }
}

/** The settings every connection to the database needs — the server's and the writer thread's alike. */
export function connectionPragmas(db: Database.Database): void {
  db.pragma('busy_timeout = 5000');
  // Durable before `append` resolves: a commit is on disk, not in a cache (S1).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Deleted rows are overwritten with zeros, not left in free space (S12).
  db.pragma('secure_delete = ON');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
}

function fileKind(file: string): 'missing' | 'directory' | 'empty' | 'file' {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return 'directory';
    return stat.size === 0 ? 'empty' : 'file';
  } catch {
    return 'missing';
  }
}

/** One line for the operator: which file, what SQLite said, what to do about it. */
export function cannotUse(file: string, error: unknown): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const reason = reasonOf(error);
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreOpenError(
      `The database ${file} is damaged or not a database (${reason}): restore it from a backup, or move it aside (with its -wal file) to start with an empty database.`,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'EACCES') {
    return new StoreOpenError(
      `Cannot open the database ${file} for writing (${reason}): check that it is a file this user can read and write, in a directory it can write.`,
    );
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_FULL') || code === 'ENOSPC') {
    return new StoreOpenError(
      `Cannot write the database ${file} (${reason}): check the free space and the disk, then start again.`,
    );
  }
  return new StoreOpenError(`Cannot use the database ${file} (${reason}).`);
}
