import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore, StoreUnavailable } from '../../server/store/redis/store.ts';
import { RoomEvent } from '../../shared/index.ts';
import { eventually } from '../support/eventually.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { track } from '../support/track.ts';
import { accountContract } from './accountContract.ts';
import { erasureContract } from './erasureContract.ts';
import { partsContract } from './partsContract.ts';
import { practiceContract } from './practiceContract.ts';
import {
  createRoomIn,
  eventsFrom,
  roomCreated,
  type StoreUnderTest,
  storeContract,
} from './storeContract.ts';

/**
 * Every contract suite the Redis store fills, against one redis-server this file starts (ids are
 * random, so the tests share it). Each test gets its own store objects, as separate server
 * processes would have.
 */
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

async function freshRedis(): Promise<StoreUnderTest> {
  const store = await RedisStore.open(redis.url);
  const peers: RedisStore[] = [];
  return {
    store,
    async peer() {
      const other = await RedisStore.open(redis.url);
      peers.push(other);
      return other;
    },
    async cleanup() {
      for (const other of peers) await other.close();
      await store.close();
    },
  };
}

storeContract('RedisStore', freshRedis);
accountContract('RedisStore', async () => {
  const { store, peer, cleanup } = await freshRedis();
  return {
    accounts: store.accounts,
    peer: async () => (await peer?.())?.accounts ?? store.accounts,
    cleanup,
  };
});
erasureContract('RedisStore', freshRedis);
partsContract('RedisStore', freshRedis);
practiceContract('RedisStore', async () => {
  const { store, cleanup } = await freshRedis();
  return { practice: store.practice, erasuresOf: (subjectId) => store.erasuresOf(subjectId), cleanup };
});

/** A store on a Redis of this test's own, which the test may kill and restart. */
async function ownRedis(): Promise<{ redis: RedisServer; store: RedisStore }> {
  const server = track(await startRedis(), (it) => it.stop());
  const store = track(await RedisStore.open(server.url), (it) => it.close());
  return { redis: server, store };
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe("RedisStore and Redis's files", () => {
  it('E1 S12 an erased room’s words are in no file of Redis’s directory afterwards; a neighbour’s still are', async () => {
    const { redis: own, store } = await ownRedis();
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
      await store.audit({ roomId: id, at: 1, seat: 'A', action: 'command:requestFloor', seq: 2 });
      for (let i = 0; i < 20; i++)
        await store.appendDocUpdate(`${id}/notes`, new TextEncoder().encode(`${i} ${text}`));
      const rows = await store.loadDoc(`${id}/notes`);
      await store.replaceDoc(`${id}/notes`, new TextEncoder().encode(`merged ${text}`), rows.at(-1)?.id ?? 0);
      await store.practice.setPracticeNote(id, { note: `note ${text}`, at: 1 });
    }
    expect(everything(own.dir).includes(marker)).toBe(true); // the test sees it where it is

    await store.eraseRoom(roomId, { byKind: 'operator', byId: null, at: 1 });
    const bytes = everything(own.dir);
    expect(bytes.includes(marker)).toBe(false);
    expect(bytes.includes(kept)).toBe(true);
  });

  it('S12 S29 text a compaction removed leaves Redis’s files at the rewrite that follows the compaction', async () => {
    const own = track(await startRedis(), (it) => it.stop());
    const store = track(await RedisStore.open(own.url, { rewriteAfterCompactionMs: 300 }), (it) =>
      it.close(),
    );
    const roomId = await createRoomIn(store, 'practice');
    const deleted = `deleted-${randomUUID()}`;
    await store.appendDocUpdate(`${roomId}/notes`, new TextEncoder().encode(deleted));
    const rows = await store.loadDoc(`${roomId}/notes`);
    expect(everything(own.dir).includes(deleted)).toBe(true);
    await store.replaceDoc(`${roomId}/notes`, new TextEncoder().encode('merged'), rows.at(-1)?.id ?? 0);
    await eventually(() => expect(everything(own.dir).includes(deleted)).toBe(false));
  });

  it('S12 a checkpoint while another instance’s rewrite runs waits for it and rewrites again: what was deleted after that rewrite began is in no file', async () => {
    const { redis: own, store } = await ownRedis();
    const secret = `secret-${randomUUID()}`;
    const raw = track(createClient({ url: own.url }), (it) => it.destroy());
    await raw.connect();
    // Enough data that a rewrite is still running when the deletion and the checkpoint come.
    const block = 'x'.repeat(1 << 20);
    for (let i = 0; i < 120; i++) await raw.set(`filler:${i}`, block);
    await raw.set('dr:secret', secret);
    await raw.bgRewriteAof(); // another instance's erasure: its rewrite reads the data as it is now
    await raw.del('dr:secret');
    const running = await raw.info('persistence');
    await store.checkpoint();
    expect(running).toMatch(/aof_rewrite_in_progress:1/); // the case under test did happen
    expect(everything(own.dir).includes(secret)).toBe(false);
  });
});

/** Every byte of every file under the directory. */
function everything(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(join(entry.parentPath, entry.name))),
  );
}

describe('RedisStore when Redis fails', () => {
  it('S1 S25 D8 Redis killed with SIGKILL and restarted on its files: every acknowledged event and document update is there', async () => {
    const { redis: own, store } = await ownRedis();
    const roomId = await createRoomIn(store);
    for (let head = 1; head < 31; head += 3) {
      const command = { seat: 'A' as const, commandId: `cmd-${head}`, fingerprint: 'fp' };
      expect(await store.append(roomId, head, eventsFrom(head + 1, 3), command)).toEqual({ ok: true });
    }
    const name = `${roomId}/notes`;
    for (let i = 1; i <= 5; i++) await store.appendDocUpdate(name, bytes(i));
    const merged = await store.replaceDoc(
      name,
      bytes(1, 2, 3, 4, 5),
      (await store.loadDoc(name)).at(-1)?.id ?? 0,
    );
    const late = await store.appendDocUpdates(name, [bytes(6), bytes(7)]);
    const events = await store.read(roomId, 1);
    expect(events).toHaveLength(31);

    await own.kill();
    await own.restart();

    // The store's own connection comes back by itself; a new process's store sees the same.
    await eventually(async () => expect(await store.read(roomId, 1)).toEqual(events));
    const fresh = track(await RedisStore.open(own.url), (it) => it.close());
    for (const reader of [store, fresh]) {
      expect(await reader.read(roomId, 1)).toEqual(events);
      expect(await reader.findCommand(roomId, 'A', 'cmd-28')).toEqual({ seq: 31, fingerprint: 'fp' });
      expect(await reader.loadDoc(name)).toEqual([
        { id: merged, update: bytes(1, 2, 3, 4, 5) },
        { id: late[0], update: bytes(6) },
        { id: late[1], update: bytes(7) },
      ]);
    }
    // And it goes on where it was.
    expect(await fresh.append(roomId, 31, eventsFrom(32, 1), null)).toEqual({ ok: true });
    expect(await fresh.appendDocUpdate(name, bytes(8))).toBeGreaterThan(late[1] ?? 0);
  });

  it('S25 S13 Redis stopped: every call rejects with StoreUnavailable, nothing is written, ready() is false; once it is back they work again', async () => {
    const { redis: own, store } = await ownRedis();
    const roomId = await createRoomIn(store);
    const name = `${roomId}/notes`;
    await store.appendDocUpdate(name, bytes(1));
    expect(await store.ready()).toBe(true);

    await own.kill();
    const command = { seat: 'A' as const, commandId: 'cmd-while-down', fingerprint: 'fp' };
    await expect(store.append(roomId, 1, eventsFrom(2, 2), command)).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.appendDocUpdate(name, bytes(2))).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.replaceDoc(name, bytes(1, 2), 1)).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.audit({ roomId, at: 1, seat: 'A', action: 'connect' })).rejects.toBeInstanceOf(
      StoreUnavailable,
    );
    await expect(store.read(roomId, 1)).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(createRoomIn(store)).rejects.toBeInstanceOf(StoreUnavailable);
    expect(await store.ready()).toBe(false);
    await expect(RedisStore.open(own.url)).rejects.toBeInstanceOf(StoreUnavailable);

    await own.restart();
    await eventually(async () => expect(await store.ready()).toBe(true));
    // Nothing of what was refused was written: the command may be applied now, once.
    expect(await store.read(roomId, 1)).toEqual([roomCreated(roomId, 'therapy')]);
    expect(await store.findCommand(roomId, 'A', 'cmd-while-down')).toBeNull();
    expect((await store.loadDoc(name)).map((row) => row.update)).toEqual([bytes(1)]);
    expect(await store.readAudit(roomId)).toEqual([]);
    expect(await store.append(roomId, 1, eventsFrom(2, 2), command)).toEqual({ ok: true });
    expect(await store.appendDocUpdate(name, bytes(2))).toBeGreaterThan(0);
  });

  it('S25 a Redis that holds the connection but stops answering: a call fails with StoreUnavailable instead of hanging, and works once it answers again', async () => {
    const { redis: own } = await ownRedis();
    const store = track(await RedisStore.open(own.url, { commandTimeoutMs: 300 }), (it) => it.close());
    const roomId = await createRoomIn(store);
    const leaving = track(await RedisStore.open(own.url, { commandTimeoutMs: 300 }), (it) => it.close());
    const following = leaving.follow(roomId, 0, () => {});
    own.freeze();
    try {
      await expect(store.append(roomId, 1, eventsFrom(2, 1), null)).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(store.read(roomId, 1)).rejects.toBeInstanceOf(StoreUnavailable);
      expect(await store.ready()).toBe(false);
      // A store closing meanwhile (a server shutting down) with a call unanswered is not held up for ever.
      await expect(leaving.read(roomId, 1)).rejects.toBeInstanceOf(StoreUnavailable);
      following.stop();
      await leaving.close();
    } finally {
      own.thaw();
    }
    // The append that timed out was applied or not, never half: a retry says which.
    await eventually(async () => expect(await store.ready()).toBe(true));
    const head = (await store.read(roomId, 1)).at(-1)?.seq ?? 0;
    expect([1, 2]).toContain(head);
    expect(await store.append(roomId, head, eventsFrom(head + 1, 1), null)).toEqual({ ok: true });
  });

  it('S24 a follower goes on after Redis restarts: what is appended after, it gets in order, each once', async () => {
    const { redis: own, store } = await ownRedis();
    const writer = track(await RedisStore.open(own.url), (it) => it.close());
    const roomId = await createRoomIn(store);
    const got: number[] = [];
    const following = store.follow(roomId, 0, (events) => got.push(...events.map((event) => event.seq)));
    try {
      await writer.append(roomId, 1, eventsFrom(2, 2), null);
      await eventually(() => expect(got).toEqual([1, 2, 3]));
      await own.kill();
      await own.restart();
      await eventually(async () =>
        expect(await writer.append(roomId, 3, eventsFrom(4, 2), null)).toEqual({ ok: true }),
      );
      await writer.append(roomId, 5, eventsFrom(6, 1), null);
      await eventually(() => expect(got).toEqual([1, 2, 3, 4, 5, 6]));
    } finally {
      following.stop();
    }
  });

  it('S24 a room followed while the blocking read waits is read: the read is interrupted, not waited out', async () => {
    const { redis: own } = await ownRedis();
    // No backstop: a read blocks until something comes, so only CLIENT UNBLOCK can add a room to it.
    const store = track(await RedisStore.open(own.url, { followBlockMs: 0 }), (it) => it.close());
    const writer = track(await RedisStore.open(own.url), (it) => it.close());
    const first = await createRoomIn(writer);
    const second = await createRoomIn(writer);
    const inFirst: number[] = [];
    const inSecond: number[] = [];
    const followFirst = store.follow(first, 1, (events) => inFirst.push(...events.map((e) => e.seq)));
    try {
      await writer.append(first, 1, eventsFrom(2, 1), null);
      // Delivered, so the next read is issued and blocks on the first room alone.
      await eventually(() => expect(inFirst).toEqual([2]));
      await eventually(async () => expect(await blockedClients(own.url)).toBe(1));
      const followSecond = store.follow(second, 1, (events) => inSecond.push(...events.map((e) => e.seq)));
      try {
        await writer.append(second, 1, eventsFrom(2, 2), null);
        await eventually(() => expect(inSecond).toEqual([2, 3]));
        expect(inFirst).toEqual([2]);
      } finally {
        followSecond.stop();
      }
    } finally {
      followFirst.stop();
    }
  });

  it('S24 a room followed while the first read is being set up is in that read, or the read is interrupted', async () => {
    const { redis: own } = await ownRedis();
    const store = track(await RedisStore.open(own.url, { followBlockMs: 0 }), (it) => it.close());
    const writer = track(await RedisStore.open(own.url), (it) => it.close());
    const first = await createRoomIn(writer);
    const second = await createRoomIn(writer);
    const inSecond: number[] = [];
    const followFirst = store.follow(first, 1, () => {});
    // The follower is opening its blocking connection now, with the first room alone in mind.
    await new Promise((resolve) => setImmediate(resolve));
    const followSecond = store.follow(second, 1, (events) => inSecond.push(...events.map((e) => e.seq)));
    try {
      await writer.append(second, 1, eventsFrom(2, 1), null);
      await eventually(() => expect(inSecond).toEqual([2]));
    } finally {
      followFirst.stop();
      followSecond.stop();
    }
  });

  it('S24 a store follows any number of rooms over one blocking connection, not one per room', async () => {
    const { redis: own, store } = await ownRedis();
    const writer = track(await RedisStore.open(own.url), (it) => it.close());
    const probe = track(await RedisStore.open(own.url), (it) => it.close());
    const connections = async () => (await clientList(own.url)).length;
    const before = await connections();
    const rooms = await Promise.all(Array.from({ length: 12 }, () => createRoomIn(writer)));
    const got = new Map<string, number[]>();
    const followings = rooms.map((roomId) =>
      store.follow(roomId, 1, (events) =>
        got.set(roomId, [...(got.get(roomId) ?? []), ...events.map((e) => e.seq)]),
      ),
    );
    try {
      for (const roomId of rooms) await writer.append(roomId, 1, eventsFrom(2, 1), null);
      await eventually(() => {
        for (const roomId of rooms) expect(got.get(roomId)).toEqual([2]);
      });
      // One more: the store's blocking connection (this count's own connection comes and goes).
      expect(await connections()).toBe(before + 1);
      expect(probe.kind).toBe('redis');
    } finally {
      for (const following of followings) following.stop();
    }
  });
});

/** How many connections wait in a blocking command (INFO clients). */
async function blockedClients(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    return Number(/blocked_clients:(\d+)/.exec(await client.info('clients'))?.[1]);
  } finally {
    await client.close();
  }
}

/** The connections Redis has, as CLIENT LIST says (minus the one asking). */
async function clientList(url: string): Promise<string[]> {
  const client = createClient({ url });
  await client.connect();
  try {
    const list = String(await client.sendCommand(['CLIENT', 'LIST']));
    return list.split('\n').filter((line) => line.trim() !== '' && !line.includes('cmd=client|list'));
  } finally {
    await client.close();
  }
}
