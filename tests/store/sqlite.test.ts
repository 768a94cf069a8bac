import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type SqliteOptions, SqliteStore, StoreOpenError } from '../../server/store/sqlite.ts';
import { eventually } from '../support/eventually.ts';
import { accountContract } from './accountContract.ts';
import { partsContract } from './partsContract.ts';
import {
  createRoomIn,
  eventsFrom,
  roomCreated,
  type StoreUnderTest,
  storeContract,
} from './storeContract.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-store-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, options?: SqliteOptions): SqliteStore {
  const store = new SqliteStore(dir, options);
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

accountContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-store-'));
  const store = new SqliteStore(dir);
  return {
    accounts: store.accounts,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

async function freshSqlite(): Promise<StoreUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-store-'));
  const store = new SqliteStore(dir);
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

storeContract('SqliteStore', freshSqlite);
partsContract('SqliteStore', freshSqlite);

/**
 * Another OS process that opens a store on `DATA_DIR` and says "open" (or prints why it could not
 * and exits 1); told "go" on stdin, it closes the store `CLOSE_AFTER_MS` later and exits.
 */
const HOLDER = `
const { SqliteStore } = await import(process.env.STORE_MODULE);
let store;
try {
  store = new SqliteStore(process.env.DATA_DIR);
} catch (error) {
  process.stdout.write(JSON.stringify({ refused: error.message }) + '\\n');
  process.exit(1);
}
process.stdout.write('open\\n');
process.stdin.once('data', async () => {
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.CLOSE_AFTER_MS)));
  await store.close();
  process.stdout.write('closed\\n');
  process.exit(0);
});
`;

function startHolder(dir: string, closeAfterMs = 0) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', HOLDER], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: {
      PATH: process.env.PATH,
      STORE_MODULE: new URL('../../server/store/sqlite.ts', import.meta.url).href,
      DATA_DIR: dir,
      CLOSE_AFTER_MS: String(closeAfterMs),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  let closed = false;
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => lines.push(text));
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      closed = true;
      resolve(code);
    }),
  );
  /** The first line `wanted` accepts, once the holder has written it. */
  const line = (wanted: (text: string) => boolean) =>
    eventually(() => {
      const found = lines.find(wanted);
      if (found !== undefined) return found;
      const error = new Error(`no such line from the holder yet: ${lines.join(' | ')} ${stderr}`);
      throw closed ? Object.assign(error, { final: true }) : error;
    }, 20_000);
  return { child, exited, line, go: () => child.stdin?.write('go\n') };
}

describe('SqliteStore on disk', () => {
  it('S1 rooms, seat versions, events, commands and the audit survive close and reopen', async () => {
    const dir = tempDir();
    const first = open(dir);
    const roomId = await createRoomIn(first, 'therapy');
    await first.bumpSeatVersion(roomId, 'B');
    await first.append(roomId, 1, eventsFrom(2, 4), {
      seat: 'A',
      commandId: 'cmd-durable-01',
      fingerprint: 'fp',
    });
    await first.audit({ roomId, at: 1, seat: 'A', action: 'command:speak', seq: 5 });
    await first.close();

    const again = open(dir);
    expect(await again.getRoom(roomId)).toMatchObject({
      mode: 'therapy',
      seatVersions: { therapist: 1, A: 1, B: 2 },
    });
    expect(await again.read(roomId, 1)).toEqual([roomCreated(roomId, 'therapy'), ...eventsFrom(2, 4)]);
    expect((await again.findCommand(roomId, 'A', 'cmd-durable-01'))?.seq).toBe(5);
    expect(await again.readAudit(roomId)).toEqual([
      { roomId, at: 1, seat: 'A', action: 'command:speak', seq: 5 },
    ]);
    expect(await again.append(roomId, 5, eventsFrom(6, 1), null)).toEqual({ ok: true });
  });

  it('S10 a second store on the same data directory is refused while the first is open, naming the directory and the process', async () => {
    const dir = tempDir();
    const first = open(dir);
    const roomId = await createRoomIn(first, 'practice');

    let refusal: unknown;
    try {
      open(dir, { lockWaitMs: 0 });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StoreOpenError);
    expect((refusal as Error).message).toContain(dir);
    expect((refusal as Error).message).toContain(`pid ${process.pid}`);

    // The first store goes on as if nothing happened; once it is closed, the directory is free.
    expect(await first.append(roomId, 1, eventsFrom(2, 1), null)).toEqual({ ok: true });
    await first.close();
    const second = open(dir);
    expect(await second.read(roomId, 1)).toEqual([roomCreated(roomId, 'practice'), ...eventsFrom(2, 1)]);
  });

  it('S10 another OS process cannot open the data directory this one holds; it is told which pid holds it', async () => {
    const dir = tempDir();
    const mine = open(dir);
    const roomId = await createRoomIn(mine, 'practice');

    const other = startHolder(dir);
    const line = await other.line((text) => text.startsWith('{'));
    expect(await other.exited).toBe(1);
    const { refused } = JSON.parse(line) as { refused: string };
    expect(refused).toContain(dir);
    expect(refused).toContain(`pid ${process.pid}`);
    expect(await mine.append(roomId, 1, eventsFrom(2, 1), null)).toEqual({ ok: true });
  });

  it('S10 a store opened while another process is closing the directory waits for it, then opens', async () => {
    const dir = tempDir();
    const setup = open(dir);
    const roomId = await createRoomIn(setup, 'practice');
    await setup.close();

    const other = startHolder(dir, 300);
    await other.line((text) => text === 'open');
    other.go(); // it lets go 300 ms from now, while this open is already waiting
    const store = open(dir);
    expect(await store.read(roomId, 1)).toEqual([roomCreated(roomId, 'practice')]);
    await other.line((text) => text === 'closed');
  });

  it('S11 the store creates its directory 0700 and its files 0600, whatever the umask', async () => {
    const base = tempDir();
    const dir = join(base, 'nested', 'data');
    const previous = process.umask(0o022);
    try {
      const store = open(dir);
      await createRoomIn(store);
    } finally {
      process.umask(previous);
    }
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect(mode(dir)).toBe('700');
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['dialogue-room.sqlite', 'dialogue-room.sqlite-wal']));
    for (const file of files) expect(mode(join(dir, file)), file).toBe('600');
  });

  it('S12 text deleted by compaction is in no file of the data directory after a checkpoint', async () => {
    const dir = tempDir();
    const store = open(dir);
    const name = `${await createRoomIn(store, 'practice')}/draft/A`;
    const secret = 'a-distinctive-deleted-draft-5f3c9a';
    const kept = 'the words that stay';
    // Typed a piece at a time, as a draft is: many rows, each holding the text so far.
    let last = 0;
    for (let i = 1; i <= secret.length; i++) {
      last = await store.appendDocUpdate(name, new TextEncoder().encode(`${kept} ${secret.slice(0, i)}`));
    }
    const everything = () => Buffer.concat(readdirSync(dir).map((file) => readFileSync(join(dir, file))));
    expect(everything().includes(secret)).toBe(true); // the test can see it when it is there

    await store.replaceDoc(name, new TextEncoder().encode(kept), last);
    await store.checkpoint();
    const bytes = everything();
    expect(bytes.includes(kept)).toBe(true);
    expect(bytes.includes(secret)).toBe(false);
    expect(bytes.includes(secret.slice(0, 12))).toBe(false);
    expect((await store.loadDoc(name)).map((row) => row.update)).toEqual([new TextEncoder().encode(kept)]);
  });
});
