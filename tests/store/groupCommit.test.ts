import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../server/store/dataDir.ts';
import { LAZY_FLUSH_MS } from '../../server/store/sqlite/groupCommit.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { createRoomIn, eventsFrom } from './storeContract.ts';

/**
 * S19: the SQLite store's group commit. Writes that arrive in one turn of the event loop share one
 * transaction (one fsync); each resolves only once that commit is done; one that fails fails alone.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openStore() {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-group-'));
  const store = new SqliteStore(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  // A second connection sees only what is committed: what any other reader (or a restart) would see.
  const reader = new Database(join(dir, DB_FILE), { readonly: true });
  cleanups.push(() => {
    reader.close();
  });
  const committedEvents = (roomId: string) =>
    (reader.prepare('SELECT COUNT(*) AS n FROM events WHERE room_id = ?').get(roomId) as { n: number }).n;
  return { store, committedEvents };
}

describe('group commit (S19)', () => {
  it('S19 S1 appends of many rooms that arrive together share one commit, and each resolves only after it', async () => {
    const { store, committedEvents } = openStore();
    const rooms = await Promise.all(Array.from({ length: 20 }, () => createRoomIn(store)));
    const before = store.writeStats();

    const appends = rooms.map((roomId, i) =>
      store.append(roomId, 1, eventsFrom(2, 2), { seat: 'A', commandId: `c-${i}`, fingerprint: 'fp' }),
    );
    // Asked for, not yet committed: nobody else can see them, and nobody has been told they are stored.
    let settled = 0;
    for (const append of appends) void append.then(() => settled++);
    await Promise.resolve();
    expect(settled).toBe(0);
    expect(committedEvents(rooms[0] as string)).toBe(1);

    expect(await Promise.all(appends)).toEqual(rooms.map(() => ({ ok: true })));
    for (const roomId of rooms) expect(committedEvents(roomId)).toBe(3);
    const after = store.writeStats();
    expect(after.commits - before.commits).toBe(1);
    expect(after.writes - before.writes).toBe(20);
  });

  it('S19 S2 within one group, two appends at the same seq of one room: the first wins, the second is a conflict', async () => {
    const { store } = openStore();
    const roomId = await createRoomIn(store);
    const [first, second] = await Promise.all([
      store.append(roomId, 1, eventsFrom(2, 1, 'first'), null),
      store.append(roomId, 1, eventsFrom(2, 1, 'second'), null),
    ]);
    expect(first).toEqual({ ok: true });
    expect(second).toEqual({ ok: false, reason: 'conflict', headSeq: 2 });
    expect(
      (await store.read(roomId, 2)).map((event) => event.type === 'floorRequested' && event.topic),
    ).toEqual(['first #2']);
  });

  it('S19 E1 a write that fails in a group fails alone: the others in the same commit are stored', async () => {
    const { store } = openStore();
    const kept = await createRoomIn(store);
    const erased = await createRoomIn(store);
    await store.eraseRoom(erased, { byKind: 'operator', byId: null, at: 1 });
    const before = store.writeStats();

    const [refused, append, doc] = await Promise.allSettled([
      store.appendDocUpdate(`${erased}/notes`, new Uint8Array([1, 2, 3])),
      store.append(kept, 1, eventsFrom(2, 1), null),
      store.appendDocUpdate(`${kept}/notes`, new Uint8Array([4, 5, 6])),
    ]);
    expect(refused.status).toBe('rejected');
    expect(append).toEqual({ status: 'fulfilled', value: { ok: true } });
    expect(doc.status).toBe('fulfilled');
    expect(store.writeStats().commits - before.commits).toBe(1);
    expect((await store.read(kept, 1)).map((event) => event.seq)).toEqual([1, 2]);
    expect((await store.loadDoc(`${kept}/notes`)).map((row) => [...row.update])).toEqual([[4, 5, 6]]);
    expect(await store.loadDoc(`${erased}/notes`)).toEqual([]);
  });

  it('S19 S6 audit lines never cost a commit of their own when something else is written; alone, they are committed soon after', async () => {
    const { store } = openStore();
    const roomId = await createRoomIn(store);
    const before = store.writeStats();
    const lines = Array.from({ length: 10 }, (_, i) =>
      store.audit({ roomId, at: i, seat: 'A', action: 'command:setTimer', seq: i }),
    );
    await store.append(roomId, 1, eventsFrom(2, 1), null);
    await Promise.all(lines);
    const rode = store.writeStats();
    expect(rode.commits - before.commits).toBe(1);
    expect(rode.writes - before.writes).toBe(11);

    // Nothing else written: the line still reaches the file, by itself, after LAZY_FLUSH_MS.
    const alone = store.audit({ roomId, at: 99, seat: 'B', action: 'connect' });
    await Promise.resolve();
    expect(store.writeStats().commits).toBe(rode.commits);
    await alone;
    expect(store.writeStats().commits).toBe(rode.commits + 1);
    expect(LAZY_FLUSH_MS).toBeGreaterThan(0);
  });

  it('S19 S6 readAudit includes lines still waiting for their commit', async () => {
    const { store } = openStore();
    const roomId = await createRoomIn(store);
    void store.audit({ roomId, at: 5, seat: 'therapist', action: 'connect' });
    expect((await store.readAudit(roomId)).map((entry) => entry.action)).toEqual(['connect']);
  });

  it('S19 writes outside the group land after the ones asked for before them', async () => {
    const { store } = openStore();
    const roomId = await createRoomIn(store);
    const name = `${roomId}/notes`;
    const id = store.appendDocUpdate(name, new Uint8Array([1]));
    // Compaction asked for next, through a direct write: it must see the pending row and replace it.
    const merged = await store.replaceDoc(name, new Uint8Array([9]), Number.MAX_SAFE_INTEGER);
    expect(await id).toBeLessThan(merged);
    expect((await store.loadDoc(name)).map((row) => [...row.update])).toEqual([[9]]);
  });
});
