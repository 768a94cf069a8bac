import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSeat } from '../support/clients.ts';
import { createRoom as createRoomOn, type Room } from '../support/roomApi.ts';
import {
  exitOf,
  kill9,
  REPO_ROOT,
  type ServerProcess,
  spawnServerProcess,
  startServerProcess,
  tempDir,
} from '../support/serverProcess.ts';

/**
 * The data directory as an operator meets it, with real server processes: who may read it (S11),
 * one process at a time (S10), and what a start does with a database it cannot use (S15).
 */

const DB = 'dialogue-room.sqlite';

const createRoom = (server: ServerProcess) => createRoomOn(server.url, 'practice');

/** The room is there and its seat can join: a connection gets its welcome. */
async function expectRoomServed(server: ServerProcess, room: Room) {
  const client = openSeat(server.url, room.token('A'));
  await client.connected();
  expect(client.welcome).toMatchObject({ roomId: room.roomId, seat: 'A' });
}

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

function modesIn(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, modeOf(join(dir, name))]));
}

/** What a start refused with: exit code 1 and one plain line (no stack) naming `mentions`. */
async function expectRefusedStart(server: ServerProcess, ...mentions: string[]): Promise<string> {
  const { code } = await exitOf(server);
  const stderr = server.stderr();
  expect(code, stderr).toBe(1);
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  const line = lines[0] as string;
  expect(line).not.toMatch(/^\s+at |Error:|SqliteError/);
  for (const mention of mentions) expect(line).toContain(mention);
  return line;
}

/**
 * A data directory as an earlier version left it after a crash: created under the usual umask
 * (directory 0755, files 0644), with a WAL and its index still beside the database.
 */
function dataDirLeftOpen(dir: string, secret: string) {
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'token-secret'), `${secret}\n`, { mode: 0o644 });
  const crash = spawnSync(
    process.execPath,
    [
      '-e',
      `const Database = require('better-sqlite3');
       const db = new Database(process.env.FILE);
       db.pragma('journal_mode = WAL');
       db.exec('CREATE TABLE IF NOT EXISTS rooms (room_id TEXT PRIMARY KEY, mode TEXT NOT NULL, created_at INTEGER NOT NULL)');
       process.kill(process.pid, 'SIGKILL');`,
    ],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH, FILE: join(dir, DB) } },
  );
  expect(crash.signal).toBe('SIGKILL');
  for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o644);
  expect(modesIn(dir)).toEqual({
    [DB]: '644',
    [`${DB}-wal`]: '644',
    [`${DB}-shm`]: '644',
    'token-secret': '644',
  });
}

describe('file modes of the data directory (S11)', () => {
  it('S11 a new data directory is 0700 and every file in it 0600', async () => {
    const dataDir = join(tempDir(), 'data'); // not there yet: the server creates it
    const server = await startServerProcess(dataDir, { TOKEN_SECRET: '' });
    await createRoom(server); // so the WAL holds something

    expect(modeOf(dataDir)).toBe('700');
    const modes = modesIn(dataDir);
    expect(Object.keys(modes)).toEqual(expect.arrayContaining([DB, `${DB}-wal`, 'token-secret']));
    for (const [name, mode] of Object.entries(modes)) expect(mode, name).toBe('600');
  });

  it('S11 an existing 0755 directory with 0644 files is tightened at start, and the log says what was fixed', async () => {
    const dataDir = join(tempDir(), 'data');
    const secret = randomBytes(36).toString('base64url');
    dataDirLeftOpen(dataDir, secret);

    const server = await startServerProcess(dataDir, { TOKEN_SECRET: '' });
    await createRoom(server);

    expect(modeOf(dataDir)).toBe('700');
    for (const [name, mode] of Object.entries(modesIn(dataDir))) expect(mode, name).toBe('600');
    const fixed = server.logs.filter((line) => line.msg === 'file mode tightened');
    expect(fixed.map((line) => [line.path, line.was, line.now])).toEqual(
      expect.arrayContaining([
        [dataDir, '755', '700'],
        [join(dataDir, DB), '644', '600'],
        [join(dataDir, `${DB}-wal`), '644', '600'],
        [join(dataDir, `${DB}-shm`), '644', '600'],
        [join(dataDir, 'token-secret'), '644', '600'],
      ]),
    );
    expect(JSON.stringify(server.logs)).not.toContain(secret);
  });
});

describe('one process per data directory (S10)', () => {
  it('S10 a second server on the same DATA_DIR exits with one line naming the directory and the pid holding it; the first keeps serving; after kill -9 a new one starts', async () => {
    const dataDir = tempDir();
    const first = await startServerProcess(dataDir);
    const room = await createRoom(first);

    const second = spawnServerProcess(dataDir);
    const line = await expectRefusedStart(second, dataDir, String(first.child.pid));
    expect(second.logs.some((log) => typeof log.port === 'number')).toBe(false);

    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    await createRoom(first);
    await expectRoomServed(first, room);
    expect(line).not.toContain(room.roomId);

    await kill9(first);
    const third = await startServerProcess(dataDir);
    await expectRoomServed(third, room);
  });
});

describe('a database the server cannot use at start (S15)', () => {
  it('S15 garbage bytes where the database should be: exit 1, one line naming the file and what to do', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, DB), randomBytes(64 * 1024));
    const line = await expectRefusedStart(spawnServerProcess(dataDir), join(dataDir, DB));
    expect(line).toMatch(/backup/);
    expect(line).toMatch(/move it aside/);
  });

  it('S15 a truncated copy of a real database: exit 1, one line naming the file and what to do', async () => {
    const dataDir = tempDir();
    const server = await startServerProcess(dataDir);
    for (let i = 0; i < 30; i++) await createRoom(server);
    server.child.kill('SIGTERM');
    expect(await exitOf(server)).toEqual({ code: 0, signal: null });
    const file = join(dataDir, DB);
    truncateSync(file, Math.floor(statSync(file).size / 2) + 1000);

    const line = await expectRefusedStart(spawnServerProcess(dataDir), file);
    expect(line).toMatch(/backup/);
  });

  it('S15 a directory where the database file should be: exit 1, one line naming it', async () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, DB));
    await expectRefusedStart(spawnServerProcess(dataDir), join(dataDir, DB));
  });

  it('S15 a zero-byte database starts empty, with a warning naming the file', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, DB), '');
    const server = await startServerProcess(dataDir);
    const room = await createRoom(server);
    await expectRoomServed(server, room);
    expect(server.logs).toContainEqual(
      expect.objectContaining({ level: 40, file: join(dataDir, DB), msg: expect.stringMatching(/empty/) }),
    );
  });
});
