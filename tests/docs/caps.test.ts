import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateFrame } from '../../server/docs/wire.ts';
import { openDoc } from '../support/clients.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';
import { startTestServer } from '../support/testServer.ts';
import { track } from '../support/track.ts';

const KB = 1024;
// Small caps, so a test fills them quickly; the rules are the same at 4 and 16 MiB.
const ctx = withServer({ docMaxBytes: 100 * KB, roomMaxBytes: 160 * KB, docFramesPer10s: 100_000 });
const { open, rawSocket } = withDocClients(() => ctx.server.url);

/** One insert of `bytes` characters from a fresh client id, as the document flood in bench/attacks.ts sends. */
function bigInsert(bytes: number, fill = 'x'): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, fill.repeat(bytes));
  return Y.encodeStateAsUpdate(doc);
}

/** Sends updates one by one on a raw connection until the server closes it; returns how many were sent and the close. */
async function sendUntilClosed(name: string, token: string, updates: Uint8Array[]) {
  const ws = rawSocket(name, token);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => ws.on('open', resolve));
  for (const update of updates) ws.send(updateFrame(update));
  return closed;
}

function storedBytes(name: string): Promise<number> {
  return ctx.server.store.loadDoc(name).then((rows) => rows.reduce((sum, row) => sum + row.update.length, 0));
}

describe('document byte caps (D12)', () => {
  it('D12 writes past the document cap are refused with 4413 and a sentence; nothing past it is stored', async () => {
    const room = await ctx.server.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const reader = open(name, room.token('B'));
    await reader.synced();
    // 12 inserts of 20 KB from new client ids: 240 KB asked, 100 KB allowed.
    const updates = Array.from({ length: 12 }, () => bigInsert(20 * KB));
    const close = await sendUntilClosed(name, room.token('A'), updates);
    expect(close).toEqual({ code: 4413, reason: 'These notes are full.' });
    expect(await storedBytes(name)).toBeLessThanOrEqual(100 * KB);
    // What was accepted reached the reader, and a new client gets a document within the cap.
    const late = open(name, room.token('A'));
    await late.synced();
    expect(late.text().length).toBeGreaterThanOrEqual(80 * KB);
    expect(Y.encodeStateAsUpdate(late.doc).length).toBeLessThanOrEqual(100 * KB);
    await eventually(() => expect(reader.text().length).toBe(late.text().length));
  });

  it('D12 the cap counts the encoded document, not the stored rows: many small edits of one text never hit it', async () => {
    const room = await ctx.server.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const writer = open(name, room.token('A'));
    await writer.synced();
    // 500 edits that each replace the text: ~150 KB of rows, a document of a few hundred bytes.
    const text = (i: number) => `note ${i} ${'y'.repeat(300)}`;
    for (let i = 0; i < 500; i++) {
      writer.doc.transact(() => {
        writer.text().delete(0, writer.text().length);
        writer.text().insert(0, text(i));
      });
    }
    const check = open(name, room.token('B'));
    await eventually(() => expect(check.text().toString()).toBe(text(499)), 20_000);
    expect(writer.tap.closes).toEqual([]);
    expect(await storedBytes(name)).toBeLessThan(100 * KB);
  });

  it("D12 the room cap holds across a room's documents: a draft is refused once notes and draft pass it", async () => {
    const room = await ctx.server.createRoom('practice');
    const notes = `${room.roomId}/notes`;
    const draft = `${room.roomId}/draft/A`;
    expect(
      (await sendUntilClosed(notes, room.token('A'), [bigInsert(90 * KB), bigInsert(20 * KB)])).code,
    ).toBe(4413);
    const close = await sendUntilClosed(draft, room.token('A'), [bigInsert(30 * KB), bigInsert(60 * KB)]);
    expect(close).toEqual({ code: 4413, reason: "This room's documents are full." });
    expect((await storedBytes(notes)) + (await storedBytes(draft))).toBeLessThanOrEqual(160 * KB);
    // Another room is not affected.
    const other = await ctx.server.createRoom('practice');
    const elsewhere = open(`${other.roomId}/notes`, other.token('A'));
    await elsewhere.synced();
    elsewhere.text().insert(0, 'z'.repeat(50 * KB));
    const reader = open(`${other.roomId}/notes`, other.token('B'));
    await eventually(() => expect(reader.text().length).toBe(50 * KB));
  });

  it('D12 after a restart the room cap still counts every stored document, loaded or not', async () => {
    const dir = track(mkdtempSync(join(tmpdir(), 'dialogue-room-caps-')), (made) =>
      rmSync(made, { recursive: true, force: true }),
    );
    const config = {
      tokenSecret: 'caps-test-secret-0123456789abcdef0123',
      docMaxBytes: 100 * KB,
      roomMaxBytes: 160 * KB,
    };
    const first = track(await startTestServer(config, dir), (server) => server.stop());
    const room = await first.createRoom('practice');
    const notes = openDoc(first.url, `${room.roomId}/notes`, room.token('A'));
    await notes.synced();
    notes.text().insert(0, 'n'.repeat(90 * KB));
    await eventually(async () =>
      expect((await first.store.docSizes(room.roomId)).get(`${room.roomId}/notes`)).toBeGreaterThan(90 * KB),
    );
    notes.destroy();
    await first.stop();

    const second = track(await startTestServer(config, dir), (server) => server.stop());
    // Only the draft is loaded now; the stored notes still count against the room.
    const draft = openDoc(second.url, `${room.roomId}/draft/A`, room.token('A'));
    await draft.synced();
    draft.text().insert(0, 'd'.repeat(80 * KB));
    await eventually(() =>
      expect(draft.tap.closes).toEqual([{ code: 4413, reason: "This room's documents are full." }]),
    );
  });
});

describe('document write rate (D12)', () => {
  const slow = withServer({ docFramesPer10s: 20 });
  const clients = withDocClients(() => slow.server.url);

  it('D12 a connection past its frame budget is closed with 1013; the stock client reconnects and nothing is lost', async () => {
    const room = await slow.server.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const writer = clients.open(name, room.token('A'));
    await writer.synced();
    // 60 separate edits: more frames than the budget allows in 10 s.
    for (let i = 0; i < 60; i++) writer.text().insert(writer.text().length, `${i % 10}`);
    await eventually(() => expect(writer.tap.closes.map((c) => c.code)).toContain(1013));
    const reader = clients.open(name, room.token('B'));
    await eventually(() => expect(reader.text().length).toBe(60), 20_000);
    expect(reader.text().toString()).toBe(writer.text().toString());
  });
});
