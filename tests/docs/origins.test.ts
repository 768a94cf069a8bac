import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveDoc } from '../../server/docs/liveDoc.ts';
import { createLogger } from '../../server/log.ts';
import { Metrics } from '../../server/metrics.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { eventually } from '../support/eventually.ts';
import { track } from '../support/track.ts';

/** A real SQLite store whose document writes can be made to fail. */
class FailingStore extends SqliteStore {
  failWrites = false;
  override async appendDocUpdate(name: string, update: Uint8Array) {
    if (this.failWrites) throw new Error('disk full');
    return super.appendDocUpdate(name, update);
  }
  override async appendDocUpdates(name: string, updates: Uint8Array[]) {
    if (this.failWrites) throw new Error('disk full');
    return super.appendDocUpdates(name, updates);
  }
}

describe('update origins (D8)', () => {
  it('D8 a change with an origin the document does not know is stored before it is relayed, never relayed as stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-origins-'));
    const store = track(new FailingStore(dir), async (opened) => {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const live = new LiveDoc(
      'room-origins/notes',
      { roomId: 'room-origins', kind: 'notes' },
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
    );
    track(live, (doc) => doc.destroy());
    await live.ready;
    const sent: Uint8Array[] = [];
    live.peers.add({ send: (frame) => sent.push(frame) });

    store.failWrites = true;
    live.doc.transact(() => live.doc.getText('text').insert(0, 'from somewhere else'), 'an unknown origin');
    await eventually(async () => expect(await store.loadDoc('room-origins/notes')).toEqual([]));
    expect(sent).toEqual([]);

    store.failWrites = false;
    await eventually(() => expect(sent).toHaveLength(1), 15_000);
    expect((await store.loadDoc('room-origins/notes')).length).toBe(1);
  });
});
