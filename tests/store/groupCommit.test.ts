import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../server/store/dataDir.ts';
import { GroupCommit, type Outcome } from '../../server/store/sqlite/groupCommit.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { createRoomIn, eventsFrom } from './storeContract.ts';

/**
 * S19: group commit. The batching itself (`GroupCommit`, which the writer thread runs) is tested on a
 * database in this thread, where what forms a group is exact; the store is tested through its writer
 * thread, where a group is whatever arrived while the previous commit ran.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-group-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A second connection: it sees only what is committed, as a restart would. */
function readerOf(dir: string) {
  const reader = new Database(join(dir, DB_FILE), { readonly: true });
  cleanups.push(() => {
    reader.close();
  });
  return {
    events: (roomId: string) =>
      (reader.prepare('SELECT COUNT(*) AS n FROM events WHERE room_id = ?').get(roomId) as { n: number }).n,
  };
}

function openStore() {
  const dir = tempDir();
  const store = new SqliteStore(dir);
  cleanups.push(() => store.close());
  return { dir, store, committed: readerOf(dir) };
}

/** A bare table and a group over it, in this thread. */
function tableGroup() {
  const db = new Database(join(tempDir(), 'group.db'));
  cleanups.push(() => {
    db.close();
  });
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (v TEXT NOT NULL UNIQUE)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const rows = () => (db.prepare('SELECT v FROM t ORDER BY rowid').all() as { v: string }[]).map((r) => r.v);
  let flushes = 0;
  const group = new GroupCommit(db, () => flushes++);
  const add = (value: string, eager = true) =>
    new Promise<Outcome>((resolve) => group.add(() => insert.run(value), eager, resolve));
  return { db, group, add, rows, flushes: () => flushes };
}

describe('group commit (S19)', () => {
  it('S19 writes queued in one turn are one transaction: one commit, each settled after it', async () => {
    const { group, add, rows } = tableGroup();
    const outcomes = [add('a'), add('b'), add('c')];
    expect(rows()).toEqual([]);
    expect((await Promise.all(outcomes)).map((outcome) => outcome.ok)).toEqual([true, true, true]);
    expect(rows()).toEqual(['a', 'b', 'c']);
    expect(group.stats).toEqual({ commits: 1, writes: 3 });
  });

  it('S19 a write that throws rolls back alone; the others of its group are committed', async () => {
    const { group, add, rows } = tableGroup();
    const outcomes = await Promise.all([add('a'), add('a'), add('b')]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(rows()).toEqual(['a', 'b']);
    expect(group.stats).toEqual({ commits: 1, writes: 3 });
  });

  it('S19 S13 a commit that fails fails every write of the group, and none is stored', async () => {
    const { db, group, add, rows } = tableGroup();
    // Another connection holds the write lock past the busy timeout: the group cannot commit.
    const other = new Database(db.name);
    cleanups.push(() => {
      other.close();
    });
    db.pragma('busy_timeout = 0');
    other.prepare('BEGIN IMMEDIATE').run();
    const outcomes = await Promise.all([add('a'), add('b')]);
    other.prepare('COMMIT').run();
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false]);
    expect(rows()).toEqual([]);
    expect(group.stats.commits).toBe(0);
  });

  it('S19 S6 lazy writes ride the next commit; alone, they get one of their own after LAZY_FLUSH_MS', async () => {
    const { group, add, rows, flushes } = tableGroup();
    const lazy = add('audit-1', false);
    const eager = add('event');
    await Promise.all([lazy, eager]);
    expect(group.stats).toEqual({ commits: 1, writes: 2 });
    expect(rows()).toEqual(['audit-1', 'event']);

    const alone = add('audit-2', false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushes()).toBe(1);
    expect((await alone).ok).toBe(true);
    expect(group.stats).toEqual({ commits: 2, writes: 3 });
  });

  it('S19 S1 the store answers an append only once it is committed: another connection sees it when it resolves', async () => {
    const { store, committed } = openStore();
    const rooms = await Promise.all(Array.from({ length: 20 }, () => createRoomIn(store)));
    const seenAtAnswer: number[] = [];
    await Promise.all(
      rooms.map((roomId, i) =>
        store
          .append(roomId, 1, eventsFrom(2, 2), { seat: 'A', commandId: `c-${i}`, fingerprint: 'fp' })
          .then((result) => {
            expect(result).toEqual({ ok: true });
            seenAtAnswer.push(committed.events(roomId));
          }),
      ),
    );
    expect(seenAtAnswer).toEqual(rooms.map(() => 3));
  });

  it('S19 writes that arrive while a commit waits are committed together, on the writer thread', async () => {
    const { dir, store } = openStore();
    const rooms = await Promise.all(Array.from({ length: 20 }, () => createRoomIn(store)));
    const before = store.writeStats();
    // Hold the write lock, so whatever the writer is handed waits behind it for one commit at most.
    const blocker = new Database(join(dir, DB_FILE));
    cleanups.push(() => {
      blocker.close();
    });
    blocker.prepare('BEGIN IMMEDIATE').run();
    const appends = rooms.map((roomId) => store.append(roomId, 1, eventsFrom(2, 1), null));
    const audits = rooms.map((roomId) =>
      store.audit({ roomId, at: 1, seat: 'A', action: 'command:setTimer' }),
    );
    // This thread is free while the writer waits: its event loop does not block on the store.
    await new Promise((resolve) => setTimeout(resolve, 20));
    blocker.prepare('COMMIT').run();
    expect(await Promise.all(appends)).toEqual(rooms.map(() => ({ ok: true })));
    await Promise.all(audits);
    const after = store.writeStats();
    expect(after.writes - before.writes).toBe(40);
    // The first group may have started with what had arrived; everything else formed the next one.
    expect(after.commits - before.commits).toBeLessThanOrEqual(2);
  });

  it('S19 E1 a refused write through the store fails alone; the rest are stored', async () => {
    const { store } = openStore();
    const kept = await createRoomIn(store);
    const erased = await createRoomIn(store);
    await store.eraseRoom(erased, { byKind: 'operator', byId: null, at: 1 });
    const [refused, append, doc] = await Promise.allSettled([
      store.appendDocUpdate(`${erased}/notes`, new Uint8Array([1, 2, 3])),
      store.append(kept, 1, eventsFrom(2, 1), null),
      store.appendDocUpdate(`${kept}/notes`, new Uint8Array([4, 5, 6])),
    ]);
    expect(refused.status).toBe('rejected');
    expect(append).toEqual({ status: 'fulfilled', value: { ok: true } });
    expect(doc.status).toBe('fulfilled');
    expect((await store.read(kept, 1)).map((event) => event.seq)).toEqual([1, 2]);
    expect((await store.loadDoc(`${kept}/notes`)).map((row) => [...row.update])).toEqual([[4, 5, 6]]);
    expect(await store.loadDoc(`${erased}/notes`)).toEqual([]);
  });

  it('S19 S6 readAudit includes lines still waiting for their commit', async () => {
    const { store } = openStore();
    const roomId = await createRoomIn(store);
    void store.audit({ roomId, at: 5, seat: 'therapist', action: 'connect' });
    expect((await store.readAudit(roomId)).map((entry) => entry.action)).toEqual(['connect']);
  });

  it('S19 writes on the server thread land after the writer-thread writes asked for before them', async () => {
    const { store } = openStore();
    const roomId = await createRoomIn(store);
    const name = `${roomId}/notes`;
    const id = store.appendDocUpdate(name, new Uint8Array([1]));
    // Compaction asked for next, on this thread: it must see the pending row and replace it.
    const merged = await store.replaceDoc(name, new Uint8Array([9]), Number.MAX_SAFE_INTEGER);
    expect(await id).toBeLessThan(merged);
    expect((await store.loadDoc(name)).map((row) => [...row.update])).toEqual([[9]]);
  });
});
