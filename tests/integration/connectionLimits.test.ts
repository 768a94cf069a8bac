import type { Socket as NetSocket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE, syncStep1Frame } from '../../server/docs/wire.ts';
import { SeatTokens } from '../../server/tokens.ts';
import { LIMITS } from '../../shared/index.ts';
import { openRawDoc } from '../support/clients.ts';
import { tryUpgrade } from '../support/docClient.ts';
import { eventually } from '../support/eventually.ts';
import { reissueSeat } from '../support/roomApi.ts';
import type { SeatClient } from '../support/seatClient.ts';
import { withServer } from '../support/session.ts';

/** A raw document socket that has been answered (the server's sync step 1 arrived), with what it received. */
async function openRaw(url: string, name: string, token: string) {
  const ws = openRawDoc(url, name, token);
  const frames: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  await eventually(() => expect(frames.length).toBeGreaterThan(0));
  return { ws, frames };
}

/** One awareness frame for `clientID` at `clock` carrying `state`. */
function awarenessFrame(clientID: number, clock: number, state: object): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientID);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MESSAGE.awareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

/** The client ids an awareness frame speaks of (empty for any other frame). */
function awarenessClients(frame: Uint8Array): number[] {
  if (frame[0] !== MESSAGE.awareness) return [];
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const ids: number[] = [];
  const count = decoding.readVarUint(update);
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(update));
    decoding.readVarUint(update);
    decoding.readVarString(update);
  }
  return ids;
}

/** The TCP socket under a socket.io client's WebSocket transport. */
function tcpOf(client: SeatClient): NetSocket {
  return (client.socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
}

describe('connections per seat (S8, D14)', () => {
  const ctx = withServer();

  it(`S8 a seat opens at most ${LIMITS.socketsPerSeat} socket.io connections; the next is refused rate_limited until one closes`, async () => {
    const room = await ctx.server.createRoom('practice');
    const open: SeatClient[] = [];
    for (let i = 0; i < LIMITS.socketsPerSeat; i++) open.push(await ctx.join(room.token('A')));
    const extra = ctx.open(room.token('A'));
    expect((await extra.refused()).data?.code).toBe('rate_limited');
    expect(extra.frames).toEqual([]);
    // The other seat has its own count.
    await ctx.join(room.token('B'));

    open[0]?.close();
    // A's five others and B's one.
    await eventually(() => expect(ctx.server.io.of('/').sockets.size).toBe(LIMITS.socketsPerSeat - 1 + 1));
    const again = await ctx.join(room.token('A'));
    expect(again.welcome).toMatchObject({ seat: 'A', admitted: true });
  });

  it(`D14 S8 a seat opens at most ${LIMITS.docConnectionsPerSeat} connections to one document; the next is closed 4429`, async () => {
    const room = await ctx.server.createRoom('practice');
    const name = `${room.roomId}/notes`;
    for (let i = 0; i < LIMITS.docConnectionsPerSeat; i++)
      await openRaw(ctx.server.url, name, room.token('A'));
    expect(ctx.server.docs.connectionsTo(name)).toBe(LIMITS.docConnectionsPerSeat);
    expect(await tryUpgrade(ctx.server.url, name, room.token('A'))).toMatchObject({ outcome: 4429 });
    // Another document of the same seat, and the same document for the other seat, still open.
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/draft/A`, room.token('A'))).outcome).toBe(101);
    expect((await tryUpgrade(ctx.server.url, name, room.token('B'))).outcome).toBe(101);
  });

  it(`S8 a seat's link is re-issued at most ${LIMITS.reissuesPerSeatPerHour} times an hour; the next gets 429 rate_limited`, async () => {
    const room = await ctx.server.createRoom('practice');
    // A practice partner replaces their own link, each time with the newest one.
    let token = room.token('A');
    const reissue = () => reissueSeat(ctx.server.url, room.roomId, 'A', token);
    for (let i = 0; i < LIMITS.reissuesPerSeatPerHour; i++) {
      const res = await reissue();
      expect(res.status, `re-issue ${i + 1}`).toBe(200);
      token = ((await res.json()) as { token: string }).token;
    }
    const refused = await reissue();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // The refusal replaced nothing: the last link still works, and the other seat's budget is its own.
    await ctx.join(token);
    const b = await reissueSeat(ctx.server.url, room.roomId, 'B', room.token('B'));
    expect(b.status).toBe(200);
  });
});

describe('connection attempts per client address (S8)', () => {
  const ctx = withServer({ handshakesPerMinute: 10 });

  it('S8 the 11th socket.io handshake in a minute from one address is refused rate_limited', async () => {
    const room = await ctx.server.createRoom('therapy');
    for (let i = 0; i < 10; i++) (await ctx.join(room.token('therapist'))).close();
    const eleventh = ctx.open(room.token('therapist'));
    expect((await eleventh.refused()).data?.code).toBe('rate_limited');
    expect(eleventh.frames).toEqual([]);
  });

  it('S8 D14 the 11th document upgrade in a minute from one address is refused with HTTP 429', async () => {
    const room = await ctx.server.createRoom('practice');
    for (let i = 0; i < 10; i++)
      expect((await tryUpgrade(ctx.server.url, `${room.roomId}/notes`, room.token('A'))).outcome).toBe(101);
    expect(await tryUpgrade(ctx.server.url, `${room.roomId}/notes`, room.token('A'))).toMatchObject({
      outcome: 429,
    });
    // The budget is the address's, shared with socket.io.
    expect((await ctx.open(room.token('B')).refused()).data?.code).toBe('rate_limited');
  });
});

describe('refused attempts per client address (S8)', () => {
  const ctx = withServer({ failedHandshakesPer10Min: 5 });

  it('S8 S6 100 handshakes with a forged token write at most 6 log lines, then block the address even for a valid link', async () => {
    const room = await ctx.server.createRoom('practice');
    const forged = await new SeatTokens('x'.repeat(40), 3600).issue({
      roomId: room.roomId,
      seat: 'A',
      version: 1,
    });
    const before = ctx.server.logs.length;
    const flood = Array.from({ length: 100 }, () => ctx.open(forged.token));
    const codes = await Promise.all(flood.map(async (client) => (await client.refused()).data?.code));
    expect(codes.filter((code) => code === 'unauthorized')).toHaveLength(5);
    expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(95);
    const refusals = ctx.server.logs
      .slice(before)
      .map((line) => JSON.parse(line) as { msg: string })
      .filter((line) => /refus|block|limit/i.test(line.msg));
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.length).toBeLessThanOrEqual(6);
    // For a while the address is blocked: its next attempt, a valid link, is refused too.
    const valid = ctx.open(room.token('A'));
    expect((await valid.refused()).data?.code).toBe('rate_limited');
    expect(await tryUpgrade(ctx.server.url, `${room.roomId}/notes`, room.token('A'))).toMatchObject({
      outcome: 429,
    });
  });
});

describe('awareness queries (D14)', () => {
  const ctx = withServer();

  it('D14 240 "who is here?" queries at once get at most 2 answers, not 240 copies of everyone', async () => {
    const room = await ctx.server.createRoom('practice');
    const name = `${room.roomId}/notes`;
    // Two others are present, each with a state of its own.
    const others = [
      [room.token('A'), 1001],
      [room.token('B'), 1002],
    ] as const;
    for (const [token, clientID] of others) {
      const other = await openRaw(ctx.server.url, name, token);
      other.ws.send(awarenessFrame(clientID, 1, { typing: false }));
    }
    const asker = await openRaw(ctx.server.url, name, room.token('A'));
    // Once the asker has heard of both, nothing more comes unasked.
    await eventually(() =>
      expect(new Set(asker.frames.flatMap(awarenessClients))).toEqual(new Set([1001, 1002])),
    );
    const answers = () => asker.frames.filter((frame) => frame[0] === MESSAGE.awareness).length;
    const before = answers();

    for (let i = 0; i < 240; i++) asker.ws.send(new Uint8Array([MESSAGE.queryAwareness]));
    // Frames are handled in order: the reply to this sync step 1 comes after every query was read.
    asker.ws.send(syncStep1Frame(new Y.Doc()));
    const replied = () => asker.frames.some((frame) => frame[0] === MESSAGE.sync && frame[1] === 1);
    await eventually(() => expect(replied()).toBe(true));
    // The first query is answered at once, the other 239 share one answer a moment later.
    await eventually(() => expect(answers() - before).toBeGreaterThanOrEqual(2));
    expect(answers() - before).toBe(2);
    expect(asker.ws.readyState).toBe(asker.ws.OPEN);
  });
});

describe('readers that stopped reading (D14)', () => {
  // A small document cap makes the bound on unsent bytes 1 MiB (twice the cap, at least 1 MiB); the
  // frame budget is large so that the flood below meets the bound, not the rate limit.
  const ctx = withServer({ docMaxBytes: 64 * 1024, docFramesPer10s: 1_000_000 });

  it('D14 a document connection that stops reading is cut once its unsent data passes the bound; the room goes on', async () => {
    const room = await ctx.server.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const sleeper = await openRaw(ctx.server.url, name, room.token('B'));
    const sender = await openRaw(ctx.server.url, name, room.token('A'));
    const witness = await openRaw(ctx.server.url, name, room.token('B'));
    expect(ctx.server.docs.connectionsTo(name)).toBe(3);
    (sleeper.ws as unknown as { _socket: NetSocket })._socket.pause();

    // 2 KB presence states, each newer than the last, relayed to every connection of the document.
    const pad = 'x'.repeat(LIMITS.awarenessStateBytes - 64);
    // About 5 MB go before the cut here (the kernel's buffers, then the 1 MiB bound); the cap is 8 times that.
    let clock = 0;
    while (ctx.server.docs.connectionsTo(name) === 3 && clock < 20_000) {
      for (let i = 0; i < 200; i++) sender.ws.send(awarenessFrame(2001, ++clock, { pad }));
      // Let the server read and relay what was sent before sending more.
      await eventually(() => expect(witness.frames.length).toBeGreaterThanOrEqual(clock - 100));
    }
    await eventually(() => expect(ctx.server.docs.connectionsTo(name)).toBe(2));
    const counted = await ctx.server.metrics.slowReadersCut.get();
    expect(counted.values).toEqual([expect.objectContaining({ labels: { endpoint: 'yjs' }, value: 1 })]);
    // The others were not cut, and the document still answers them.
    sender.ws.send(syncStep1Frame(new Y.Doc()));
    await eventually(() => expect(sender.frames.some((f) => f[0] === MESSAGE.sync && f[1] === 1)).toBe(true));
    expect(witness.ws.readyState).toBe(witness.ws.OPEN);
  });
});

describe('socket.io readers that stopped reading (D14)', () => {
  const ctx = withServer({ socketMaxBufferedBytes: 64 * 1024 });

  /** A practice room through one round to the close, where partners write their closing reflections (T18). */
  async function practiceRoomAtClosing() {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    await a.ok({ type: 'agreeContract' });
    await b.ok({ type: 'agreeContract' });
    await a.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await b.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await b.ok({ type: 'requestFloor', topic: 'the holidays' });
    await a.ok({ type: 'listenerReady' });
    await b.ok({ type: 'uTurn', part: { name: 'the worried one', kind: 'not_sure' } });
    await b.ok({ type: 'speak', text: 'A part of me worries.' });
    await a.ok({ type: 'reflect', text: 'A part of you worries.' });
    await b.ok({ type: 'confirm' });
    await b.ok({ type: 'answerMore', more: false });
    await a.ok({ type: 'summarize', text: 'You worry.' });
    await b.ok({ type: 'confirm' });
    await a.ok({ type: 'validate', text: 'That makes sense.' });
    await a.ok({ type: 'empathize', text: 'I imagine it is hard.' });
    await b.ok({ type: 'confirm' });
    await b.ok({ type: 'land', text: 'Thank you.' });
    await a.ok({ type: 'startClosing' });
    return { a, b };
  }

  it('D14 S8 a socket.io client that stops reading is cut once its unsent data passes the bound; its partner goes on', async () => {
    const { a, b } = await practiceRoomAtClosing();
    expect(ctx.server.io.of('/').sockets.size).toBe(2);
    tcpOf(b).pause();

    // The largest valid closing reflection: four notes of 1000 characters, 3 bytes each in UTF-8.
    const note = '愿'.repeat(LIMITS.noteChars);
    const reflection = {
      type: 'closingReflection',
      nextTime: note,
      repair: { whatSetMeUp: note, myPart: note, apology: note },
    } as const;
    // About 4.5 MB go before the cut here (the kernel's buffers, then the 64 KiB bound); the cap is 5 times that.
    const sockets = () => ctx.server.io.of('/').sockets.size;
    let sent = 0;
    while (sockets() === 2 && sent < 2_000) {
      const acks = await Promise.all(Array.from({ length: 25 }, () => a.send(reflection)));
      expect(acks.every((ack) => ack.ok)).toBe(true);
      sent += acks.length;
    }
    await eventually(() => expect(sockets()).toBe(1));
    const counted = await ctx.server.metrics.slowReadersCut.get();
    expect(counted.values).toEqual([
      expect.objectContaining({ labels: { endpoint: 'socket.io' }, value: 1 }),
    ]);
    // The partner who kept reading is still in the room and still heard.
    expect(a.socket.connected).toBe(true);
    expect(await a.send(reflection)).toMatchObject({ ok: true });
  });
});
