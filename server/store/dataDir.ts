import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../log.ts';
import { DataDirInUseError, reasonOf, StoreOpenError } from './openError.ts';

/**
 * The data directory holds clinical content: only the server's own user may read it (S11), and
 * only one process may use it at a time (S10).
 */

export const DB_FILE = 'dialogue-room.sqlite';
const LOCK_FILE = 'server.lock';
const PID_FILE = 'server.pid';

/** Every file the server keeps here (`token-secret` is written by `tokens.ts`). */
const OWN_FILES = [
  DB_FILE,
  `${DB_FILE}-wal`,
  `${DB_FILE}-shm`,
  `${DB_FILE}-journal`,
  `${LOCK_FILE}-journal`, // left by an earlier version of the lock
  'token-secret',
  LOCK_FILE,
  PID_FILE,
];

/** Creates the directory 0700, or takes group and other access away from an existing one. */
export function prepareDataDir(dir: string, log?: Logger): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (error) {
    throw new StoreOpenError(
      `Cannot use the data directory ${dir} (${reasonOf(error)}): set DATA_DIR to a directory this user can create or write.`,
    );
  }
  tighten(dir, 0o700, log);
}

/** Takes group and other access away from every file the server keeps in `dir`, saying what changed. */
export function tightenFiles(dir: string, log?: Logger): void {
  for (const name of OWN_FILES) tighten(join(dir, name), 0o600, log);
}

/** Creates `file` empty with mode 0600 if it does not exist, so SQLite never creates it 0644. */
export function createPrivately(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function tighten(path: string, allowed: number, log?: Logger): void {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return; // not there: nothing to fix
  }
  if ((mode & ~allowed) === 0) return;
  const now = mode & allowed;
  const octal = (value: number) => value.toString(8);
  try {
    chmodSync(path, now);
    log?.warn({ path, was: octal(mode), now: octal(now) }, 'file mode tightened');
  } catch (error) {
    log?.error({ path, mode: octal(mode), err: error }, 'file mode could not be tightened');
  }
}

/**
 * An exclusive lock on the data directory, held by the kernel for as long as this process keeps it:
 * a SQLite lock on `server.lock` (Node has no flock), so a `kill -9` releases it and no stale lock
 * file can block the next start. The database itself stays in ordinary WAL mode, so a backup tool
 * (`sqlite3 … .backup`) can still read it while the server runs.
 */
export class DataDirLock {
  private constructor(
    private readonly dir: string,
    private readonly db: Database.Database,
  ) {}

  /**
   * Waits up to `waitMs` for another process to let go (a restart overlapping the old process's
   * shutdown), then refuses with a line naming the directory and, when known, the holder's pid.
   */
  static acquire(dir: string, waitMs: number): DataDirLock {
    const file = join(dir, LOCK_FILE);
    let db: Database.Database | undefined;
    try {
      createPrivately(file);
      db = new Database(file);
      db.pragma(`busy_timeout = ${Math.max(0, Math.round(waitMs))}`);
      db.pragma('journal_mode = MEMORY'); // it holds no data: no journal file next to it
      db.pragma('locking_mode = EXCLUSIVE');
      // In EXCLUSIVE locking mode the lock a write transaction takes is kept until the connection closes.
      db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      db?.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        const pid = holderPid(dir);
        throw new DataDirInUseError(
          `The data directory ${dir} is in use by another process${pid ? ` (pid ${pid})` : ''}: only one server may use a data directory. Stop that process first, or give this one another DATA_DIR.`,
        );
      }
      throw new StoreOpenError(
        `Cannot lock the data directory ${dir} with ${file} (${reasonOf(error)}): check that this user can write there, or move ${file} aside.`,
      );
    }
    writeFileSync(join(dir, PID_FILE), `${process.pid}\n`, { mode: 0o600 });
    return new DataDirLock(dir, db);
  }

  release(): void {
    if (!this.db.open) return;
    const pidFile = join(this.dir, PID_FILE);
    try {
      if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) unlinkSync(pidFile);
    } catch {
      // already gone: nothing to tidy
    }
    this.db.close();
  }
}

/** The pid the holder wrote after taking the lock, for the refusal message; null if unreadable. */
function holderPid(dir: string): number | null {
  try {
    const text = readFileSync(join(dir, PID_FILE), 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}
