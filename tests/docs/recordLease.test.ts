import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LiveDoc } from '../../server/docs/liveDoc.ts';
import { StoreUnavailable } from '../../server/store/unavailable.ts';
import { buildRecord, type Seat } from '../../shared/index.ts';
import { openDoc, openSeat } from '../support/clients.ts';
import type { ClusterServer as Instance } from '../support/clusterServers.ts';
import { eventually } from '../support/eventually.ts';
import { redisInstances } from '../support/redisInstances.ts';
import type { Room } from '../support/roomApi.ts';
import { withMethods } from '../support/twoInstances.ts';

/**
 * S29 (the record's writer): two server instances on one Redis hold the same room and its record;
 * events are appended through both. Only the holder of the record's lease writes it.
 */

const cluster = redisInstances();

/** The record as stored (every row replayed), whoever wrote it. */
async function storedRecord(instance: Instance, roomId: string) {
  const doc = new Y.Doc();
  for (const row of await instance.store.loadDoc(`${roomId}/record`)) Y.applyUpdate(doc, row.update);
  return { entries: doc.getArray('entries').toJSON(), lastSeq: doc.getMap('meta').get('lastSeq') };
}

async function seatOn(instance: Instance, room: Room, seat: Seat) {
  const client = openSeat(instance.url, room.token(seat));
  await client.connected();
  return client;
}

describe('the record across instances (S29, D2)', () => {
  it('S29 D2 two instances holding a room write each record entry once; when the writer stops, the other takes over with no duplicate and no gap', async () => {
    const [one, two] = [await cluster.start(), await cluster.start()];
    const room = await one.createRoom('practice');
    const { roomId } = room;
    const aOnOne = await seatOn(one, room, 'A');
    const bOnTwo = await seatOn(two, room, 'B');
    const readers = [
      openDoc(one.url, `${roomId}/record`, room.token('A')),
      openDoc(two.url, `${roomId}/record`, room.token('B')),
    ];
    await Promise.all(readers.map((reader) => reader.synced()));

    await aOnOne.ok({ type: 'agreeContract' });
    for (let i = 0; i < 6; i++) {
      await aOnOne.ok({ type: 'shareDraft', shared: i % 2 === 0 });
      await bOnTwo.ok({ type: 'shareDraft', shared: i % 2 === 0 });
    }
    const log = (instance: Instance = one) => instance.store.read(roomId, 1);
    const head = (await log()).at(-1)?.seq;
    await eventually(async () => expect((await storedRecord(one, roomId)).lastSeq).toBe(head));
    expect((await storedRecord(one, roomId)).entries).toEqual(buildRecord(await log()));
    // Exactly one of them holds the lease.
    const writers = [one, two].filter((instance) => instance.docs.writesRecord(roomId));
    expect(writers).toHaveLength(1);

    // The writer goes; the other instance carries on alone.
    const [writer] = writers as [Instance];
    const survivor = writer === one ? two : one;
    await writer.stop();
    const a = writer === one ? await seatOn(survivor, room, 'A') : aOnOne;
    const b = writer === two ? await seatOn(survivor, room, 'B') : bOnTwo;
    for (let i = 0; i < 4; i++) {
      await a.ok({ type: 'shareDraft', shared: i % 2 === 0 });
      await b.ok({ type: 'shareDraft', shared: i % 2 === 0 });
    }
    const last = (await log(survivor)).at(-1)?.seq;
    await eventually(async () => expect((await storedRecord(survivor, roomId)).lastSeq).toBe(last));
    expect((await storedRecord(survivor, roomId)).entries).toEqual(buildRecord(await log(survivor)));
    expect(survivor.docs.writesRecord(roomId)).toBe(true);
  });

  it('S29 D2 D8 a writer cut off from Redis past its lease drops the entries it could not store once another took over, and reloads: none is stored twice', async () => {
    // Instance 1's store: record writes fail (`appends`), then lease calls too (`leases`), as when
    // its connection to Redis is gone while instance 2's is not.
    const failing = { appends: false, leases: false };
    const unavailable = () => Promise.reject(new StoreUnavailable(new Error('cut off')));
    const one = await cluster.start((store) =>
      withMethods(store, () => ({
        ...(failing.appends && {
          appendDocUpdate: unavailable,
          appendDocUpdates: unavailable,
        }),
        ...(failing.leases && { lease: unavailable }),
      })),
    );
    const two = await cluster.start();
    const room = await one.createRoom('practice');
    const { roomId } = room;
    const a = await seatOn(two, room, 'A');
    const readerOnOne = openDoc(one.url, `${roomId}/record`, room.token('A'));
    await readerOnOne.synced();
    await eventually(() => expect(one.docs.writesRecord(roomId)).toBe(true));
    const readerOnTwo = openDoc(two.url, `${roomId}/record`, room.token('B'));
    await readerOnTwo.synced();
    await a.ok({ type: 'agreeContract' });
    const log = () => two.store.read(roomId, 1);
    await eventually(async () =>
      expect((await storedRecord(two, roomId)).lastSeq).toBe((await log()).at(-1)?.seq),
    );

    failing.appends = true;
    await a.ok({ type: 'shareDraft', shared: true });
    const head = (await log()).at(-1)?.seq;
    // Instance 1 wrote the entry in memory and cannot store it; then it cannot reach its lease either.
    const copyOnOne = (one.docs as unknown as { docs: Map<string, LiveDoc> }).docs.get(`${roomId}/record`);
    await eventually(() => expect(copyOnOne?.doc.getMap('meta').get('lastSeq')).toBe(head));
    failing.leases = true;
    // Its lease runs out; instance 2 takes it and writes the entry itself.
    await eventually(() => expect(two.docs.writesRecord(roomId)).toBe(true), 30_000);
    await eventually(async () => expect((await storedRecord(two, roomId)).lastSeq).toBe(head));
    // Instance 1 is back: its retry finds the lease gone, drops its copy, and its reader reloads.
    failing.appends = false;
    failing.leases = false;
    await eventually(() => expect(readerOnOne.tap.closes.map((close) => close.code)).toContain(1001), 40_000);
    await a.ok({ type: 'shareDraft', shared: false });
    const last = (await log()).at(-1)?.seq;
    await eventually(async () => expect((await storedRecord(two, roomId)).lastSeq).toBe(last));
    const finalLog = await log();
    expect((await storedRecord(two, roomId)).entries).toEqual(buildRecord(finalLog));
    // The reader on instance 1, reconnected to a copy loaded afresh, holds each entry once too.
    await eventually(() =>
      expect(readerOnOne.doc.getArray('entries').toJSON()).toEqual(buildRecord(finalLog)),
    );
  }, 90_000);
});
