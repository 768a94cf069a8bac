import type { Duplex } from 'node:stream';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { corkForThisTurn } from '../../server/net/turnCork.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();
const { open } = withDocClients(() => ctx.server.url);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A real stream that records how its chunks reach the "wire": one call per system write. */
function recordingStream() {
  const calls: number[] = [];
  const stream = new Writable({
    write(_chunk, _encoding, done) {
      calls.push(1);
      done();
    },
    writev(chunks, done) {
      calls.push(chunks.length);
      done();
    },
  });
  return { stream, calls };
}

/**
 * Every WebSocket the server upgrades from now on (socket.io's and the documents'), with, for each
 * write of a frame, whether the TCP socket was still corked once that frame's send had returned —
 * i.e. whether the frame waits for the turn's one write (S23) or left on its own.
 */
function watchUpgradedSockets() {
  const corkedAfterSend: boolean[] = [];
  ctx.server.http.prependListener('upgrade', (_req, socket: Duplex) => {
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      queueMicrotask(() => corkedAfterSend.push(socket.writableCorked > 0));
      return write(...args);
    }) as typeof socket.write;
  });
  return corkedAfterSend;
}

describe('one write per connection per turn (S23)', () => {
  it('S23 frames written in one turn reach the socket as one write; the next turn writes again', async () => {
    const { stream, calls } = recordingStream();
    corkForThisTurn(stream);
    for (const frame of ['a', 'b', 'c']) stream.write(frame);
    expect(calls).toEqual([]);
    await nextTurn();
    expect(calls).toEqual([3]);

    corkForThisTurn(stream);
    corkForThisTurn(stream); // twice in a turn is still one cork
    stream.write('d');
    await nextTurn();
    expect(calls).toEqual([3, 1]);
    expect(stream.writableCorked).toBe(0);
  });

  it('S23 a destroyed socket is not corked', async () => {
    const { stream } = recordingStream();
    stream.destroy();
    corkForThisTurn(stream);
    expect(stream.writableCorked).toBe(0);
  });

  it('S23 D8 a document relay leaves corked for the turn, and every update still arrives in order', async () => {
    const room = await ctx.server.createRoom('practice');
    const corked = watchUpgradedSockets();
    const name = `${room.roomId}/notes`;
    const writer = open(name, room.token('A'));
    const reader = open(name, room.token('B'));
    await Promise.all([writer.synced(), reader.synced()]);
    const before = corked.length;
    for (let i = 0; i < 30; i++) writer.text().insert(i, String(i % 10));
    const typed = Array.from({ length: 30 }, (_, i) => String(i % 10)).join('');
    await eventually(() => expect(reader.text().toString()).toBe(typed));
    const relays = corked.slice(before);
    expect(relays.length).toBeGreaterThan(0);
    expect(relays.every(Boolean)).toBe(true);
  });

  it('S23 a socket.io event and its acknowledgement leave corked for the turn', async () => {
    const room = await ctx.server.createRoom('therapy');
    const corked = watchUpgradedSockets();
    const therapist = await ctx.join(room.token('therapist'));
    const a = await ctx.join(room.token('A'));
    const before = corked.length;
    const seq = await therapist.ok({ type: 'admit', seat: 'A' });
    await a.caughtUp(seq);
    const sent = corked.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every(Boolean)).toBe(true);
  });
});
