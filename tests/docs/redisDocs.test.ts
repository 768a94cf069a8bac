import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromClient, LiveDoc, type Verdict } from '../../server/docs/liveDoc.ts';
import { RoomUsage } from '../../server/docs/roomUsage.ts';
import { createLogger } from '../../server/log.ts';
import { Metrics } from '../../server/metrics.ts';
import { RedisStore } from '../../server/store/redis/store.ts';
import type { DocRef } from '../../shared/index.ts';
import { DOC_CLOSE } from '../../shared/index.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { track } from '../support/track.ts';

/**
 * S29 on Redis with the documents alone: one room's documents open on two instances, each with its
 * own `RedisStore` and its own view of the room's bytes (`RoomUsage`, as each DocHub has), on one
 * redis-server with its append-only file on (what production runs).
 */

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

let rooms = 0;
function roomId(): string {
  rooms += 1;
  return `room-redis-docs-${process.pid}-${Date.now()}-${rooms}`;
}

/** An instance's copy of one document of the room, with the room's budget as that instance keeps it. */
async function openOn(store: RedisStore, ref: DocRef, name: string, roomMaxBytes: number) {
  const usage = new RoomUsage(store, true);
  await usage.load(ref.roomId);
  const live = track(
    new LiveDoc(
      name,
      ref,
      {
        store,
        log: createLogger('silent'),
        metrics: new Metrics(),
        docMaxBytes: 1 << 20,
        roomMaxBytes,
        budget: usage.budget(ref.roomId),
      },
      async () => undefined,
      Promise.resolve(null),
    ),
    (doc) => doc.destroy(),
  );
  await live.ready;
  // A client's document: each `type` is one update, answered by the live document.
  const client = new Y.Doc();
  let verdict: Promise<Verdict> = Promise.resolve({ ok: true });
  const peer = { send: () => undefined };
  client.on('update', (update: Uint8Array) => {
    verdict = live.accept(update, fromClient(peer));
  });
  return {
    live,
    async type(text: string): Promise<Verdict> {
      client.getText('text').insert(0, text);
      return verdict;
    },
  };
}

async function openStore() {
  return track(await RedisStore.open(redis.url), (store) => store.close());
}

describe('documents of one room on two instances (S29)', () => {
  it('S29 D12 the room cap holds across instances: a write past it is refused on either instance', async () => {
    const [first, second] = [await openStore(), await openStore()];
    const room = roomId();
    const roomMaxBytes = 20_000;
    // Both documents are open (and have read the room's sizes) before anything is written.
    const notesOnOne = await openOn(first, { roomId: room, kind: 'notes' }, `${room}/notes`, roomMaxBytes);
    const draftOnTwo = await openOn(
      second,
      { roomId: room, kind: 'draft', seat: 'A' },
      `${room}/draft/A`,
      roomMaxBytes,
    );

    for (let i = 0; i < 12; i++) expect(await notesOnOne.type('n'.repeat(1000))).toEqual({ ok: true });
    expect(await draftOnTwo.type('d'.repeat(5000))).toEqual({ ok: true });
    // ~17 KB stored by the two instances together: 3.5 KB more is past the cap, on either.
    const full = { ok: false, code: DOC_CLOSE.tooLarge, reason: "This room's documents are full." };
    expect(await notesOnOne.type('n'.repeat(3500))).toEqual(full);
    expect(await draftOnTwo.type('d'.repeat(3500))).toEqual(full);
    const sizes = await first.docSizes(room);
    expect([...sizes.values()].reduce((sum, bytes) => sum + bytes, 0)).toBeLessThanOrEqual(roomMaxBytes);
  });

  it('S29 S12 a compaction on Redis does not rewrite the append-only file (only an erasure does)', async () => {
    const store = await openStore();
    const info = track(createClient({ url: redis.url }), (client) => client.destroy());
    await info.connect();
    const rewrites = async () => Number(/aof_rewrites:(\d+)/.exec(await info.info('persistence'))?.[1]);
    const room = roomId();
    const notes = await openOn(store, { roomId: room, kind: 'notes' }, `${room}/notes`, 1 << 22);
    for (let i = 0; i < 60; i++) await notes.type('x');
    const before = await rewrites();
    expect(before).not.toBeNaN();

    await notes.live.flush();
    expect(await store.loadDoc(`${room}/notes`)).toHaveLength(1);
    expect(await rewrites()).toBe(before);
  });
});
