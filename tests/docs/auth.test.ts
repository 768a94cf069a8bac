import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { syncStep1Frame, updateFrame } from '../../server/docs/wire.ts';
import { docAuthFrame } from '../../shared/index.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer({ docAuthTimeoutMs: 300 });
const { open, rawSocket } = withDocClients(() => ctx.server.url);

/** A raw socket that records what it receives and how it closes. */
async function raw(name: string, token: string | null) {
  const ws = rawSocket(name, token);
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => ws.on('open', resolve));
  return { ws, received, closed };
}

describe('the seat token travels in the first message, never in an address (D11)', () => {
  it('D11 the stock client opens every document with no credential in its address, and the logs hold no token', async () => {
    const room = await ctx.server.createRoom('therapy');
    const therapist = room.token('therapist');
    const clients = (['record', 'notes', 'therapist-notes'] as const).map((doc) =>
      open(`${room.roomId}/${doc}`, therapist),
    );
    for (const client of clients) await client.synced();
    clients[1]?.text().insert(0, 'hello');
    const urls = clients.flatMap((client) => client.tap.urls);
    // One address per document, or more: with this file's 300 ms auth window a loaded machine can make
    // the stock client reconnect, and every address it opened is checked the same way.
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) {
      expect(url).not.toContain('token');
      expect(url).not.toContain(therapist);
      expect(new URL(url).search).toBe('');
    }
    expect(ctx.server.logs.join('')).not.toContain(therapist);
  });

  it('D11 a connection that sends nothing is closed 4408 once the auth time is up, having received nothing', async () => {
    const room = await ctx.server.createRoom('practice');
    const silent = await raw(`${room.roomId}/notes`, null);
    expect(await silent.closed).toEqual({ code: 4408, reason: 'No auth message arrived in time.' });
    expect(silent.received).toEqual([]);
  });

  it('D11 a first message that is not the auth message is refused 4400; sync before auth is never answered', async () => {
    const room = await ctx.server.createRoom('practice');
    const writer = open(`${room.roomId}/notes`, room.token('A'));
    await writer.synced();
    writer.text().insert(0, 'PRIVATE NOTES');
    await eventually(async () =>
      // The edit's row (the client's empty sync reply is not stored, S22).
      expect((await ctx.server.store.loadDoc(`${room.roomId}/notes`)).length).toBe(1),
    );

    const eager = await raw(`${room.roomId}/notes`, null);
    eager.ws.send(syncStep1Frame(new Y.Doc()));
    eager.ws.send(docAuthFrame(room.token('A')));
    expect(await eager.closed).toEqual({ code: 4400, reason: 'The first message must be the auth message.' });
    expect(eager.received).toEqual([]);
  });

  it('D11 D1 a bad token in the auth message is refused 4401 before any byte of the document', async () => {
    const room = await ctx.server.createRoom('practice');
    const forged = await raw(`${room.roomId}/notes`, 'not-a-token');
    forged.ws.send(syncStep1Frame(new Y.Doc()));
    expect((await forged.closed).code).toBe(4401);
    expect(forged.received).toEqual([]);
  });

  it('D11 frames sent right after the auth message are kept and handled in order once it is checked', async () => {
    const room = await ctx.server.createRoom('practice');
    const reader = open(`${room.roomId}/notes`, room.token('B'));
    await reader.synced();
    const quick = await raw(`${room.roomId}/notes`, room.token('A'));
    const edits = new Y.Doc();
    const updates: Uint8Array[] = [];
    edits.on('update', (update: Uint8Array) => updates.push(update));
    for (const word of ['one ', 'two ', 'three'])
      edits.getText('text').insert(edits.getText('text').length, word);
    for (const update of updates) quick.ws.send(updateFrame(update));
    await eventually(() => expect(reader.text().toString()).toBe('one two three'));
  });
});
