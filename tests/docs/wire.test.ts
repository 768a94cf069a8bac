import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateFrame } from '../../server/docs/wire.ts';
import { LIMITS } from '../../shared/index.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { reissueSeat } from '../support/roomApi.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();
const { open, rawSocket } = withDocClients(() => ctx.server.url);

/** A raw socket to a document, for frames no well-behaved client would send. */
async function raw(name: string, token: string) {
  const ws = rawSocket(name, token);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve) => ws.on('open', resolve));
  return { ws, closed };
}

describe('bad frames on a document connection', () => {
  it('D9 malformed bytes, unknown message types and oversized updates close only that connection', async () => {
    const room = await ctx.server.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const good = open(name, room.token('B'));
    await good.synced();

    const garbage = await raw(name, room.token('A'));
    garbage.ws.send(Buffer.from([0, 2, 200, 1, 2, 3]));
    expect(await garbage.closed).toBe(4400);

    const unknown = await raw(name, room.token('A'));
    unknown.ws.send(Buffer.from([9, 0]));
    expect(await unknown.closed).toBe(4400);

    const big = new Y.Doc();
    big.getText('text').insert(0, 'x'.repeat(LIMITS.docUpdateBytes + 10));
    const oversized = await raw(name, room.token('A'));
    oversized.ws.send(updateFrame(Y.encodeStateAsUpdate(big)));
    expect(await oversized.closed).toBe(4413);

    // Nothing reached the document; the good client still syncs with others.
    const writer = open(name, room.token('A'));
    await writer.synced();
    writer.text().insert(0, 'still fine');
    await eventually(() => expect(good.text().toString()).toBe('still fine'));
    expect(good.text().length).toBe('still fine'.length);
  });
});

describe('presence through awareness (D7)', () => {
  it('D7 presence reaches the others and is cleared when the connection closes', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = open(`${room.roomId}/notes`, room.token('A'));
    const b = open(`${room.roomId}/notes`, room.token('B'));
    await Promise.all([a.synced(), b.synced()]);
    a.provider.awareness.setLocalState({ seat: 'A', typing: true });
    const aId = a.doc.clientID;
    await eventually(() =>
      expect(b.provider.awareness.getStates().get(aId)).toEqual({ seat: 'A', typing: true }),
    );
    a.provider.disconnect();
    await eventually(() => expect(b.provider.awareness.getStates().has(aId)).toBe(false));
  });

  it('D7 an awareness state that claims another seat is refused and never relayed', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = open(`${room.roomId}/notes`, room.token('A'));
    const b = open(`${room.roomId}/notes`, room.token('B'));
    await Promise.all([a.synced(), b.synced()]);
    b.provider.awareness.setLocalState({ seat: 'B' });
    a.provider.awareness.setLocalState({ seat: 'B', typing: true });
    await eventually(() => expect(a.tap.closes.map((c) => c.code)).toContain(4403));
    // The server's own view, through a client that connects only now: no state claiming B from A's id.
    const late = open(`${room.roomId}/notes`, room.token('B'));
    await late.synced();
    await eventually(() => expect(late.provider.awareness.getStates().has(b.doc.clientID)).toBe(true));
    expect(late.provider.awareness.getStates().has(a.doc.clientID)).toBe(false);
  });
});

describe('links re-issued', () => {
  it('A5 re-issuing a seat closes its document connections and its old token opens none', async () => {
    const room = await ctx.server.createRoom('practice');
    const notes = open(`${room.roomId}/notes`, room.token('B'));
    await notes.synced();
    const res = await reissueSeat(ctx.server.url, room.roomId, 'B', room.token('B'));
    expect(res.status).toBe(200);
    await eventually(() => expect(notes.tap.closes.map((c) => c.code)).toContain(4401));
    const retry = open(`${room.roomId}/notes`, room.token('B'));
    await eventually(() => expect(retry.tap.closes.map((c) => c.code)).toContain(4401));
  });
});
