import { describe, expect, it } from 'vitest';
import { recordParts } from '../../server/docs/recordWriter.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();
const { open } = withDocClients(() => ctx.server.url);

/** Every `event` broadcast the server's socket.io adapter is asked to encode and send. */
function countEventBroadcasts() {
  const adapter = ctx.server.io.of('/').adapter;
  const sent: { rooms: string[]; data: unknown }[] = [];
  const original = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    const [name, payload] = packet.data as [string, unknown];
    if (name === 'event') sent.push({ rooms: [...opts.rooms], data: payload });
    return original(packet, opts);
  };
  return sent;
}

/** A therapy room with both partners admitted, each seat joined once (A twice with `secondA`). */
async function admittedRoom(secondA = false) {
  const room = await ctx.server.createRoom('therapy');
  const therapist = await ctx.join(room.token('therapist'));
  const a = await ctx.join(room.token('A'));
  const extra = secondA ? [await ctx.join(room.token('A'))] : [];
  const b = await ctx.join(room.token('B'));
  await therapist.ok({ type: 'admit', seat: 'A' });
  await therapist.ok({ type: 'admit', seat: 'B' });
  await eventually(() => expect(b.state?.admitted).toEqual({ A: true, B: true }));
  return { room, therapist, a, b, extra };
}

describe('fan-out (S20)', () => {
  it('S20 an event every seat may read is encoded once for the room, and every seat gets it', async () => {
    const { room, therapist, a, b, extra } = await admittedRoom(true);
    const sent = countEventBroadcasts();
    const seq = await therapist.ok({ type: 'setTimer', seconds: 300 });
    for (const client of [therapist, a, ...extra, b]) await client.caughtUp(seq);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.rooms.sort()).toEqual(
      [`seat:${room.roomId}:A`, `seat:${room.roomId}:B`, `seat:${room.roomId}:therapist`].sort(),
    );
  });

  it('S20 A10 an event some seats may not read is one emit per distinct view', async () => {
    const { room, therapist, a, b } = await admittedRoom();
    await a.ok({ type: 'agreeContract' });
    await b.ok({ type: 'agreeContract' });

    const sent = countEventBroadcasts();
    // A check-in for the therapist only: A and the therapist read it whole (one emit), B its stand-in.
    const seq = await a.ok({
      type: 'checkIn',
      checkIn: { parts: ['a tight chest'], selfEnergy: 4 },
      visibility: 'therapist',
    });
    for (const client of [therapist, a, b]) await client.caughtUp(seq);
    expect(sent).toHaveLength(2);
    const whole = sent.find((entry) => entry.rooms.length === 2);
    expect(whole?.rooms.sort()).toEqual([`seat:${room.roomId}:A`, `seat:${room.roomId}:therapist`]);
    expect(JSON.stringify(whole?.data)).toContain('a tight chest');
    const standIn = sent.find((entry) => entry.rooms.length === 1);
    expect(standIn?.rooms).toEqual([`seat:${room.roomId}:B`]);
    expect(JSON.stringify(standIn?.data)).not.toContain('a tight chest');
    expect(JSON.stringify(b.events.at(-1))).not.toContain('a tight chest');
  });

  it('S20 D2 the record follows accepted commands from the events in memory, without reading the log back', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const record = open(`${room.roomId}/record`, room.token('A'));
    await record.synced();
    const store = ctx.server.store;
    const reads: number[] = [];
    const read = store.read.bind(store);
    store.read = (roomId, fromSeq, limit) => {
      reads.push(fromSeq);
      return read(roomId, fromSeq, limit);
    };
    let seq = 0;
    for (let i = 0; i < 5; i++) seq = await a.ok({ type: 'setTimer', seconds: 60 + i });
    await eventually(() => expect(recordParts(record.doc).meta.get('lastSeq')).toBe(seq));
    expect(reads).toEqual([]);
  });
});
