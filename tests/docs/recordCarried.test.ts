import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LiveDoc } from '../../server/docs/liveDoc.ts';
import { RoomUsage } from '../../server/docs/roomUsage.ts';
import { createLogger } from '../../server/log.ts';
import { Metrics } from '../../server/metrics.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { track } from '../support/track.ts';

describe('the record across instances (S29)', () => {
  it('S29 D2 a record copy handed what an earlier copy could not store stores none of it without the lease', async () => {
    const store = track(
      new SqliteStore(
        track(mkdtempSync(join(tmpdir(), 'dialogue-room-carried-')), (dir) =>
          rmSync(dir, { recursive: true, force: true }),
        ),
      ),
      (it) => it.close(),
    );
    const roomId = 'carried-room';
    const name = `${roomId}/record`;
    // What an earlier copy on this instance wrote and could not store (Redis away): one entry.
    const old = new Y.Doc();
    old.getArray('entries').push([{ seq: 1, text: 'entry written by the old copy' }]);
    old.getMap('meta').set('lastSeq', 1);
    const carried = Y.encodeStateAsUpdate(old);
    const usage = new RoomUsage(store, false);
    await usage.load(roomId);
    const live = new LiveDoc(
      name,
      { roomId, kind: 'record' },
      {
        store,
        log: createLogger('silent'),
        metrics: new Metrics(),
        docMaxBytes: 1 << 20,
        roomMaxBytes: 1 << 22,
        budget: usage.budget(roomId),
      },
      async (doc) => {
        // What DocHub.prepare does: the RecordWriter sets serverWrites. Here: another instance holds the lease.
        doc.serverWrites = {
          mayStore: async () => false,
          fencedOut: () => {},
        };
      },
      Promise.resolve(carried),
    );
    await live.ready;
    await new Promise((r) => setTimeout(r, 200));
    const rows = await store.loadDoc(name);
    expect(rows).toHaveLength(0);
    live.destroy();
  });
});
