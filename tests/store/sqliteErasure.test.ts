import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../server/store/dataDir.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { RoomEvent } from '../../shared/index.ts';
import { erasureContract } from './erasureContract.ts';
import { CREATED_AT, createRoomIn } from './storeContract.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-erase-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string): SqliteStore {
  const store = new SqliteStore(dir);
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

erasureContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-erase-'));
  const store = new SqliteStore(dir);
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

/** Every byte of every file in the directory. */
const everything = (dir: string) =>
  Buffer.concat(readdirSync(dir).map((file) => readFileSync(join(dir, file))));

const HOUR = 3_600_000;
const POLICY = { exportWindowMs: 72 * HOUR, practiceMs: 90 * 24 * HOUR };

function ended(seq: number, at: number): RoomEvent {
  return RoomEvent.parse({ type: 'ended', seq, at, actor: 'A' });
}

describe('SqliteStore erasure on disk', () => {
  it('E1 an erased room’s words are in no file of the data directory, a neighbour’s still are', async () => {
    const dir = tempDir();
    const store = open(dir);
    const marker = `marker-${randomUUID()}`;
    const kept = `kept-${randomUUID()}`;
    const roomId = await createRoomIn(store, 'practice');
    const other = await createRoomIn(store, 'practice');
    for (const [id, text] of [
      [roomId, marker],
      [other, kept],
    ] as const) {
      const event = RoomEvent.parse({
        type: 'floorRequested',
        seat: 'A',
        topic: text,
        seq: 2,
        at: 1,
        actor: 'A',
      });
      await store.append(id, 1, [event], { seat: 'A', commandId: 'c1', fingerprint: 'fp' });
      // Many rows, as typing makes: pages split and fill, so the text sits in several of them.
      // One update larger than a page: SQLite keeps it in overflow pages, which are freed separately.
      await store.appendDocUpdate(`${id}/draft/A`, new TextEncoder().encode(`${text} `.repeat(500)));
      for (let i = 0; i < 200; i++)
        await store.appendDocUpdate(`${id}/notes`, new TextEncoder().encode(`${i} ${text}`));
    }
    await store.checkpoint();
    expect(everything(dir).includes(marker)).toBe(true); // the test sees it where it is

    await store.eraseRoom(roomId, { byKind: 'operator', byId: null, at: 1 });
    const bytes = everything(dir);
    expect(bytes.includes(marker)).toBe(false);
    expect(bytes.includes(kept)).toBe(true);
  });

  it('E3 a database from before ended_at learns when its rooms ended from their events', async () => {
    const dir = tempDir();
    const first = open(dir);
    const roomId = await createRoomIn(first);
    await first.append(roomId, 1, [ended(2, CREATED_AT + HOUR)], null);
    const still = await createRoomIn(first);
    await first.close();
    // As a database written by the previous version: no ended_at column.
    const old = new Database(join(dir, DB_FILE));
    old.exec('DROP INDEX rooms_ended; ALTER TABLE rooms DROP COLUMN ended_at');
    old.close();

    const store = open(dir);
    const due = await store.retention.roomsToErase(CREATED_AT + HOUR + POLICY.exportWindowMs + 1, POLICY, 10);
    expect(due).toEqual([{ roomId, why: 'ended' }]);
    expect(due.map((room) => room.roomId)).not.toContain(still);
  });

  it('E3 an ended room a couple owns is not due: only rooms that belong to no couple go after the export window', async () => {
    const dir = tempDir();
    const store = open(dir);
    const owned = await createRoomIn(store);
    const loose = await createRoomIn(store);
    for (const id of [owned, loose]) await store.append(id, 1, [ended(2, CREATED_AT)], null);
    // The couples' tables are in every store's database (server/store/sqlite/practiceSchema.ts).
    const couples = new Database(join(dir, DB_FILE));
    couples.prepare('INSERT INTO room_owners VALUES (?, ?, ?, NULL, ?)').run(owned, 'couple-1', 'session', 1);
    couples.close();

    const due = await store.retention.roomsToErase(CREATED_AT + POLICY.exportWindowMs + 1, POLICY, 10);
    expect(due).toEqual([{ roomId: loose, why: 'ended' }]);
  });

  it("E3 a couple's practice is due RETENTION_PRACTICE_DAYS after it was made unless both partners shared it; a session never is", async () => {
    const dir = tempDir();
    const store = open(dir);
    const [unshared, halfShared, shared, session] = [
      await createRoomIn(store),
      await createRoomIn(store),
      await createRoomIn(store),
      await createRoomIn(store),
    ];
    const db = new Database(join(dir, DB_FILE));
    const own = db.prepare('INSERT INTO room_owners VALUES (?, ?, ?, NULL, ?)');
    own.run(unshared, 'couple-1', 'practice', CREATED_AT);
    own.run(halfShared, 'couple-1', 'practice', CREATED_AT + 1);
    own.run(shared, 'couple-1', 'practice', CREATED_AT + 2);
    own.run(session, 'couple-1', 'session', CREATED_AT);
    const share = db.prepare('INSERT INTO practice_shares VALUES (?, ?, ?, ?)');
    share.run(halfShared, 'A', 1, CREATED_AT);
    share.run(halfShared, 'B', 0, CREATED_AT);
    share.run(shared, 'A', 1, CREATED_AT);
    share.run(shared, 'B', 1, CREATED_AT);
    db.close();

    expect(await store.retention.roomsToErase(CREATED_AT + POLICY.practiceMs - 1, POLICY, 10)).toEqual([]);
    const due = await store.retention.roomsToErase(CREATED_AT + POLICY.practiceMs + 10, POLICY, 10);
    expect(due).toEqual([
      { roomId: unshared, why: 'practice' },
      { roomId: halfShared, why: 'practice' },
    ]);
  });
});
