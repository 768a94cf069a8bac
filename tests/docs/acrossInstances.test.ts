import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromClient, LiveDoc } from '../../server/docs/liveDoc.ts';
import { createLogger } from '../../server/log.ts';
import { Metrics } from '../../server/metrics.ts';
import type { Store, StoredDocUpdate } from '../../server/store/types.ts';
import { eventually } from '../support/eventually.ts';
import { track } from '../support/track.ts';
import { twoInstanceStores, withMethods } from '../support/twoInstances.ts';

/**
 * S26 with the documents alone: one document open on two instances — a `LiveDoc` each, each with its
 * own peers (the connections that instance serves) — on SQLite (one store object, the only way one
 * data directory is shared) and on Redis (a store each on one redis-server).
 */

const STORES = twoInstanceStores();

let rooms = 0;
function docName(): string {
  rooms += 1;
  return `room-across-${process.pid}-${Date.now()}-${rooms}/notes`;
}

/** One instance's copy of the document, with one peer that records what this instance relays to it. */
async function openOn(store: Store, name: string, docMaxBytes = 1 << 20) {
  const roomId = name.slice(0, name.indexOf('/'));
  const live = track(
    new LiveDoc(
      name,
      { roomId, kind: 'notes' },
      {
        store,
        log: createLogger('silent'),
        metrics: new Metrics(),
        docMaxBytes,
        roomMaxBytes: 1 << 22,
        budget: { othersBytes: () => 0, set: (_name, bytes) => counted.push(bytes) },
      },
      async () => undefined,
      Promise.resolve(null),
    ),
    (doc) => doc.destroy(),
  );
  const counted: number[] = [];
  await live.ready;
  const frames: Uint8Array[] = [];
  const peer = { send: (frame: Uint8Array) => frames.push(frame) };
  live.peers.add(peer);
  return {
    live,
    peer,
    frames,
    text: () => live.doc.getText('text').toString(),
    /** The bytes this instance counts as stored for the document (what it tells the room's budget). */
    counted: () => counted.at(-1) ?? 0,
  };
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

  it('S26 D12 an instance’s own rows coming back are neither counted twice nor echoed to the connection that sent them', async () => {
    const [first, second] = await stores();
    const name = docName();
    const one = await openOn(first, name);
    await openOn(second, name);
    const echoed: Uint8Array[] = [];
    const sender = { send: (frame: Uint8Array) => echoed.push(frame) };
    one.live.peers.add(sender);
    const writer = client((update) => one.live.accept(update, fromClient(sender)));
    for (let i = 0; i < 20; i++) await writer.type(i, 'x');
    const stored = (await first.loadDoc(name)).reduce((sum, row) => sum + row.update.length, 0);
    await eventually(() => expect(one.frames.length).toBe(20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(one.counted()).toBe(stored);
    expect(echoed).toEqual([]);
  });

  it('S26 D8 a shadow rebuilt while another instance stores keeps that row (a later compaction of it cannot drop it)', async () => {
    const [first, second] = await stores();
    const name = docName();
    // The first instance's store answers a document read with what it held when asked, but only later.
    let release: () => void = () => undefined;
    let held = false;
    let asked = false;
    const slow = withMethods(first, () =>
      held
        ? {
            loadDoc: async (doc: string) => {
              const rows: StoredDocUpdate[] = await first.loadDoc(doc);
              asked = true;
              await new Promise<void>((resolve) => {
                release = resolve;
              });
              return rows;
            },
          }
        : {},
    );
    const one = await openOn(slow, name, 2_000);
    const two = await openOn(second, name);
    const writerOnOne = client((update) => one.live.accept(update, fromClient({ send: () => undefined })));
    const writerOnTwo = client((update) => two.live.accept(update, fromClient({ send: () => undefined })));
    await writerOnOne.type(0, 'a');
    // An update past the document's cap is refused and drops the shadow (it held it); the next
    // update rebuilds the shadow from the (slow) store.
    const tooBig = new Y.Doc();
    tooBig.getText('text').insert(0, 'z'.repeat(5_000));
    const refused = await one.live.accept(
      Y.encodeStateAsUpdate(tooBig),
      fromClient({ send: () => undefined }),
    );
    expect(refused).toMatchObject({ ok: false, code: 4413 });
    held = true;
    const next = writerOnOne.type(1, 'b');
    await eventually(() => expect(asked).toBe(true));
    await writerOnTwo.type(0, 'P');
    await eventually(() => expect(one.text()).toContain('P'));
    held = false;
    release();
    await next;
    const shadow = (one.live as unknown as { shadow: Y.Doc | null }).shadow;
    expect(shadow?.getText('text').toString()).toContain('P');
  });

  it('S29 D8 two instances compacting one document at once: one compacts, the other skips, nothing is lost', async () => {
    const [first, second] = await stores();
    const name = docName();
    // The first instance's compaction is held inside the store until the second has tried its own.
    let release: () => void = () => undefined;
    let compacting = false;
    const replaced: string[] = [];
    const slow = withMethods(first, () => ({
      replaceDoc: async (doc: string, merged: Uint8Array, throughId: number) => {
        replaced.push('one');
        compacting = true;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return first.replaceDoc(doc, merged, throughId);
      },
    }));
    const counted = withMethods(second, () => ({
      replaceDoc: (doc: string, merged: Uint8Array, throughId: number) => {
        replaced.push('two');
        return second.replaceDoc(doc, merged, throughId);
      },
    }));
    const one = await openOn(slow, name);
    const two = await openOn(counted, name);
    const writerOnOne = client((update) => one.live.accept(update, fromClient({ send: () => undefined })));
    // More than 50 rows, which both instances have followed: each would compact at unload.
    for (let i = 0; i < 55; i++) await writerOnOne.type(i, 'a');
    await eventually(() => expect(two.text()).toHaveLength(55));

    const firstFlush = one.live.flush();
    await eventually(() => expect(compacting).toBe(true));
    await two.live.flush();
    release();
    await firstFlush;
    expect(replaced).toEqual(['one']);
    const fresh = await openOn(first, name);
    expect(fresh.text()).toBe('a'.repeat(55));
    expect(await first.loadDoc(name)).toHaveLength(1);
  });
});
