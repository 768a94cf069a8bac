import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromClient, LiveDoc } from '../../server/docs/liveDoc.ts';
import { createLogger } from '../../server/log.ts';
import { Metrics } from '../../server/metrics.ts';
import { RedisStore } from '../../server/store/redis/store.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { eventually } from '../support/eventually.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { track } from '../support/track.ts';

/**
 * S26 with the documents alone: one document open on two instances — a `LiveDoc` each, each with its
 * own peers (the connections that instance serves) — on SQLite (one store object, the only way one
 * data directory is shared) and on Redis (a store each on one redis-server).
 */
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const STORES: [string, () => Promise<[Store, Store]>][] = [
  [
    'SqliteStore',
    async () => {
      const dir = track(mkdtempSync(join(tmpdir(), 'dialogue-room-docs-across-')), (it) =>
        rmSync(it, { recursive: true, force: true }),
      );
      const store = track(new SqliteStore(dir), (it) => it.close());
      return [store, store];
    },
  ],
  [
    'RedisStore',
    async () => [
      track(await RedisStore.open(redis.url), (it) => it.close()),
      track(await RedisStore.open(redis.url), (it) => it.close()),
    ],
  ],
];

let rooms = 0;
function docName(): string {
  rooms += 1;
  return `room-across-${process.pid}-${Date.now()}-${rooms}/notes`;
}

/** One instance's copy of the document, with one peer that records what this instance relays to it. */
async function openOn(store: Store, name: string) {
  const roomId = name.slice(0, name.indexOf('/'));
  const live = track(
    new LiveDoc(
      name,
      { roomId, kind: 'notes' },
      {
        store,
        log: createLogger('silent'),
        metrics: new Metrics(),
        docMaxBytes: 1 << 20,
        roomMaxBytes: 1 << 22,
        budget: { othersBytes: () => 0, set: () => undefined },
      },
      async () => undefined,
      Promise.resolve(null),
    ),
    (doc) => doc.destroy(),
  );
  await live.ready;
  const frames: Uint8Array[] = [];
  const peer = { send: (frame: Uint8Array) => frames.push(frame) };
  live.peers.add(peer);
  return { live, peer, frames, text: () => live.doc.getText('text').toString() };
}

/** A client's document: each edit is one update, handed to `send` as the stock client would. */
function client(send: (update: Uint8Array) => Promise<unknown>) {
  const doc = new Y.Doc();
  const sent: Promise<unknown>[] = [];
  doc.on('update', (update: Uint8Array) => sent.push(send(update)));
  return {
    async type(at: number, text: string) {
      doc.getText('text').insert(at, text);
      await sent.at(-1);
    },
  };
}

describe.each(STORES)('a document open on two instances (S26): %s', (_name, stores) => {
  it('S26 D8 an update stored by one instance reaches the other instance’s peers and document, once, both ways', async () => {
    const [first, second] = await stores();
    const name = docName();
    const one = await openOn(first, name);
    const two = await openOn(second, name);
    const writerOnOne = client((update) => one.live.accept(update, fromClient({ send: () => undefined })));
    const writerOnTwo = client((update) => two.live.accept(update, fromClient({ send: () => undefined })));

    await writerOnOne.type(0, 'from one');
    await eventually(() => expect(two.text()).toBe('from one'));
    expect(two.frames.length).toBeGreaterThan(0);
    await writerOnTwo.type(0, 'from two, ');
    await eventually(() => expect(one.text()).toContain('from two, '));
    expect(two.text()).toBe(one.text());
    // Each update is stored once, by the instance that took it.
    expect(await first.loadDoc(name)).toHaveLength(2);
    // And each instance forgets its own rows once they came back (nothing kept per keystroke).
    const ownIds = (live: LiveDoc) => (live as unknown as { ownIds: Set<number> }).ownIds;
    await eventually(() => expect([ownIds(one.live).size, ownIds(two.live).size]).toEqual([0, 0]));
  });

  it('S26 D8 a compaction on one instance keeps an update another instance stored meanwhile', async () => {
    const [first, second] = await stores();
    const name = docName();
    const one = await openOn(first, name);
    const two = await openOn(second, name);
    const writerOnOne = client((update) => one.live.accept(update, fromClient({ send: () => undefined })));
    const writerOnTwo = client((update) => two.live.accept(update, fromClient({ send: () => undefined })));
    // Enough rows for the unload's compaction (more than 50), with the other instance's in the middle.
    for (let i = 0; i < 30; i++) await writerOnOne.type(i, 'a');
    await writerOnTwo.type(0, 'TWO');
    for (let i = 0; i < 30; i++) await writerOnOne.type(i, 'b');
    await one.live.flush();

    const fresh = await openOn(first, name);
    expect(fresh.text()).toContain('TWO');
    expect(fresh.text().replace('TWO', '')).toHaveLength(60);
  });
});
