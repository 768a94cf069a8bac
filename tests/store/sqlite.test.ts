import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { createRoomIn, eventsFrom, roomCreated, storeContract } from './storeContract.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-store-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string): SqliteStore {
  const store = new SqliteStore(dir);
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

storeContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-store-'));
  const store = new SqliteStore(dir);
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

/**
 * A second OS process that appends `count` events to one room as fast as it can, catching up on
 * every conflict the way `RoomRuntime` does. Waits for "go" on stdin so both writers start together.
 */
const WRITER = `
const { SqliteStore } = await import(process.env.STORE_MODULE);
const store = new SqliteStore(process.env.DATA_DIR);
const { ROOM_ID: roomId, WRITER: writer, SEAT: seat } = process.env;
const count = Number(process.env.COUNT);
process.stdout.write('ready\\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
let head = (await store.read(roomId, 1)).at(-1).seq;
let written = 0;
let conflicts = 0;
while (written < count) {
  const seq = head + 1;
  const event = { type: 'floorRequested', seq, at: seq, actor: seat, seat, topic: writer + ' #' + written };
  const result = await store.append(roomId, head, [event], { seat, commandId: writer + '-' + written, fingerprint: 'fp' });
  if (result.ok) {
    written += 1;
    head = seq;
  } else if (result.reason === 'conflict') {
    conflicts += 1;
    head = result.headSeq;
  } else {
    throw new Error('unexpected ' + JSON.stringify(result));
  }
}
await store.close();
process.stdout.write(JSON.stringify({ written, conflicts }) + '\\n');
`;

function startWriter(dir: string, roomId: string, writer: string, seat: 'A' | 'B', count: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: {
      PATH: process.env.PATH,
      STORE_MODULE: new URL('../../server/store/sqlite.ts', import.meta.url).href,
      DATA_DIR: dir,
      ROOM_ID: roomId,
      WRITER: writer,
      SEAT: seat,
      COUNT: String(count),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      if (line === 'ready') resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`writer ${writer} exited (${code}) before ready: ${stderr}`)),
    );
  });
  const done = new Promise<{ written: number; conflicts: number }>((resolve, reject) => {
    child.once('exit', (code) => {
      const last = lines.at(-1);
      if (code === 0 && last) resolve(JSON.parse(last));
      else reject(new Error(`writer ${writer} exited with ${code}: ${stderr}`));
    });
  });
  done.catch(() => undefined); // awaited below; keep an early failure from being unhandled
  return { ready, done, go: () => child.stdin?.end('go\n') };
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

  it('S2 two stores on one data directory cannot both append at the same seq', async () => {
    const dir = tempDir();
    const one = open(dir);
    const two = open(dir);
    const roomId = await createRoomIn(one, 'practice');

    expect(
      await one.append(roomId, 1, eventsFrom(2, 1, 'one'), {
        seat: 'A',
        commandId: 'cmd-proc-0001',
        fingerprint: 'fp',
      }),
    ).toEqual({
      ok: true,
    });
    // `two` has not seen seq 2 and tries to write it too.
    expect(await two.append(roomId, 1, eventsFrom(2, 1, 'two'), null)).toEqual({
      ok: false,
      reason: 'conflict',
      headSeq: 2,
    });
    // A retry that lands on the other process is still applied once (A4).
    expect(
      await two.append(roomId, 2, eventsFrom(3, 1, 'one'), {
        seat: 'A',
        commandId: 'cmd-proc-0001',
        fingerprint: 'fp',
      }),
    ).toEqual({
      ok: false,
      reason: 'duplicate',
      seq: 2,
      fingerprint: 'fp',
    });
    const expected = [roomCreated(roomId, 'practice'), ...eventsFrom(2, 1, 'one')];
    expect(await one.read(roomId, 1)).toEqual(expected);
    expect(await two.read(roomId, 1)).toEqual(expected);
  });

  it('S2 two OS processes racing to append to one room leave one gap-free log with every write once', async () => {
    const dir = tempDir();
    const setup = open(dir);
    const roomId = await createRoomIn(setup, 'practice');
    const count = 60;
    const writers = [
      startWriter(dir, roomId, 'one', 'A', count),
      startWriter(dir, roomId, 'two', 'B', count),
    ];
    await Promise.all(writers.map((writer) => writer.ready));
    for (const writer of writers) writer.go();
    const results = await Promise.all(writers.map((writer) => writer.done));
    expect(results.map((result) => result.written)).toEqual([count, count]);

    const log = await setup.read(roomId, 1);
    expect(log.map((event) => event.seq)).toEqual(Array.from({ length: 2 * count + 1 }, (_, i) => i + 1));
    const topics = log.flatMap((event) => (event.type === 'floorRequested' ? [event.topic] : []));
    for (const writer of ['one', 'two']) {
      // Each writer's events are all there, once, in the order it wrote them.
      expect(topics.filter((topic) => topic.startsWith(`${writer} #`))).toEqual(
        Array.from({ length: count }, (_, i) => `${writer} #${i}`),
      );
    }
    expect(await setup.findCommand(roomId, 'A', `one-${count - 1}`)).not.toBeNull();
    expect(await setup.findCommand(roomId, 'B', `two-${count - 1}`)).not.toBeNull();
  });
});
