import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../shared/index.ts';
import { openDoc as open, openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { track } from '../support/track.ts';

const SECRET = 'persistence-test-secret-0123456789abcdef';

function dataDir() {
  return track(mkdtempSync(join(tmpdir(), 'dialogue-room-docs-')), (dir) =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

/** A server on `dir`, stopped when the test finishes if the test has not stopped it (a restart). */
async function server(dir: string, overrides = {}): Promise<TestServer> {
  const started = await startTestServer({ tokenSecret: SECRET, ...overrides }, dir);
  return track(started, () => started.stop());
}

describe('documents survive a restart (D8)', () => {
  it('D8 after a restart every document comes back complete, and the record still equals the log', async () => {
    const dir = dataDir();
    const first = await server(dir);
    const room = await first.createRoom('practice');
    const a = openSeat(first.url, room.token('A'));
    await a.connected();
    await a.ok({ type: 'agreeContract', safeWord: 'willow' });
    const notes = open(first.url, `${room.roomId}/notes`, room.token('A'));
    const draft = open(first.url, `${room.roomId}/draft/B`, room.token('B'));
    const record = open(first.url, `${room.roomId}/record`, room.token('A'));
    await Promise.all([notes.synced(), draft.synced(), record.synced()]);
    notes.text().insert(0, 'What we learned: slow down.');
    draft.text().insert(0, 'A part of me wants');
    const peer = open(first.url, `${room.roomId}/notes`, room.token('B'));
    await eventually(() => expect(peer.text().toString()).toBe('What we learned: slow down.'));
    for (const client of [notes, draft, record, peer]) client.destroy();
    a.close();
    await first.stop();

    const second = await server(dir, { port: first.port });
    const notesAgain = open(second.url, `${room.roomId}/notes`, room.token('B'));
    const draftAgain = open(second.url, `${room.roomId}/draft/B`, room.token('B'));
    const recordAgain = open(second.url, `${room.roomId}/record`, room.token('B'));
    // D8: the stored document is loaded before the first sync is answered, so "synced" already has it.
    let atSync = '';
    notesAgain.provider.on('sync', (synced: boolean) => {
      if (synced) atSync = notesAgain.text().toString();
    });
    await Promise.all([notesAgain.synced(), draftAgain.synced(), recordAgain.synced()]);
    expect(atSync).toBe('What we learned: slow down.');
    expect(draftAgain.text().toString()).toBe('A part of me wants');
    expect(recordAgain.doc.getArray('entries').toJSON()).toEqual(
      buildRecord(await second.store.read(room.roomId, 1)),
    );
  });

  it('D8 two partners who edited the shared notes offline converge when they reconnect', async () => {
    const dir = dataDir();
    const live = await server(dir);
    const room = await live.createRoom('practice');
    const a = open(live.url, `${room.roomId}/notes`, room.token('A'));
    const b = open(live.url, `${room.roomId}/notes`, room.token('B'));
    await Promise.all([a.synced(), b.synced()]);
    a.text().insert(0, 'Shared start.');
    await eventually(() => expect(b.text().toString()).toBe('Shared start.'));

    a.provider.disconnect();
    b.provider.disconnect();
    a.text().insert(a.text().length, ' A adds this.');
    b.text().insert(0, 'B adds this. ');
    a.provider.connect();
    b.provider.connect();
    await eventually(() => {
      expect(a.text().toString()).toBe(b.text().toString());
      expect(a.text().toString()).toContain('A adds this.');
      expect(a.text().toString()).toContain('B adds this.');
    });
    const third = open(live.url, `${room.roomId}/notes`, room.token('A'));
    await eventually(() => expect(third.text().toString()).toBe(a.text().toString()));
  });

  it('D8 a document nobody is connected to is unloaded after the grace period; its content stays', async () => {
    const dir = dataDir();
    const live = await server(dir, { docUnloadMs: 50 });
    const room = await live.createRoom('practice');
    const a = open(live.url, `${room.roomId}/notes`, room.token('A'));
    const b = open(live.url, `${room.roomId}/record`, room.token('B'));
    await Promise.all([a.synced(), b.synced()]);
    a.text().insert(0, 'kept');
    expect(live.docs.loadedNames().sort()).toEqual([`${room.roomId}/notes`, `${room.roomId}/record`]);
    a.destroy();
    b.destroy();
    await eventually(() => expect(live.docs.loadedNames()).toEqual([]));
    const again = open(live.url, `${room.roomId}/notes`, room.token('B'));
    await eventually(() => expect(again.text().toString()).toBe('kept'));
  });
});
