import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ClientCommand, type CommandAck, viewEvent, viewState } from '../../shared/index.ts';
import { openDoc, openSeat } from '../support/clients.ts';
import { startCluster } from '../support/cluster.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import type { SeatClient } from '../support/seatClient.ts';
import { kill9 } from '../support/serverProcess.ts';

/** Seat clients and document clients pinned to instances, then the balancer goes back to round robin. */
async function seatsOn(
  cluster: Awaited<ReturnType<typeof startCluster>>,
  tokens: string[],
): Promise<SeatClient[]> {
  const clients: SeatClient[] = [];
  for (const [index, token] of tokens.entries()) {
    cluster.pin(index % cluster.instances.length);
    const client = openSeat(cluster.url, token, { reconnect: true });
    await client.connected();
    clients.push(client);
  }
  cluster.pin(null);
  return clients;
}

function gapFree(client: SeatClient, to: number) {
  const seqs = client.events.map((event) => event.seq);
  const first = seqs[0] ?? 1;
  expect(seqs).toEqual(Array.from({ length: to - first + 1 }, (_, i) => first + i));
}

describe('faults across instances (issue 13)', () => {
  it('S1 S24 S26 SIGKILL an instance mid-round: its clients continue on the others at the same step, nothing acknowledged or relayed is lost', async () => {
    const cluster = await startCluster();
    const room = await createRoom(cluster.url, 'therapy');
    const [therapist, a, b] = await seatsOn(cluster, [
      room.token('therapist'),
      room.token('A'),
      room.token('B'),
    ]);
    if (!therapist || !a || !b) throw new Error('three seats');
    await therapist.ok({ type: 'admit', seat: 'A' });
    const admitted = await therapist.ok({ type: 'admit', seat: 'B' });
    await a.caughtUp(admitted);
    await b.caughtUp(admitted);

    // Notes typed on all three instances, each seen by the others.
    const notes = `${room.roomId}/notes`;
    const docs = [room.token('therapist'), room.token('A'), room.token('B')].map((token, index) => {
      cluster.pin(index);
      return openDoc(cluster.url, notes, token);
    });
    cluster.pin(null);
    await Promise.all(docs.map((doc) => doc.synced()));
    docs[0]?.text().insert(0, '[therapist]');
    docs[1]?.text().insert(0, '[A]');
    docs[2]?.text().insert(0, '[B]');
    for (const doc of docs) {
      await eventually(() => {
        const text = doc.text().toString();
        for (const word of ['[therapist]', '[A]', '[B]']) expect(text).toContain(word);
      });
    }

    await a.ok({ type: 'agreeContract', safeWord: 'lighthouse' });
    await b.ok({ type: 'agreeContract' });
    await a.ok({ type: 'checkIn', checkIn: { parts: ['a tight chest'] }, visibility: 'room' });
    await b.ok({ type: 'checkIn', checkIn: { parts: ['a tired part'] }, visibility: 'room' });
    await a.ok({ type: 'requestFloor', topic: 'Sunday plans' });
    await b.ok({ type: 'listenerReady' });
    const named = await a.ok({ type: 'uTurn', part: { name: 'the planner', kind: 'protector' } });
    await therapist.caughtUp(named);

    // A's instance dies with A's words in flight and A's notes just typed.
    const speakId = randomUUID();
    const speak = { type: 'speak', text: 'A part of me gets tense when plans change late.' } as const;
    const acks: { command: ClientCommand; ack: CommandAck | null }[] = [];
    const inFlight = [
      speak,
      ...Array.from({ length: 5 }, () => ({ type: 'extendTimer', seconds: 10 }) as const),
    ].map((command) => {
      const entry = { command, ack: null as CommandAck | null };
      acks.push(entry);
      const sent = command === speak ? a.send(command, speakId) : therapist.send(command, randomUUID());
      return sent.then(
        (ack) => {
          entry.ack = ack;
        },
        () => undefined,
      );
    });
    docs[1]?.text().insert(0, '[A before the kill]');
    await eventually(() => expect(docs[0]?.text().toString()).toContain('[A before the kill]'));
    await kill9(cluster.instances[1] as NonNullable<(typeof cluster.instances)[1]>);
    await Promise.all(inFlight);

    // A comes back through the balancer (to instance 1 or 3), continues from its last seq, and sends
    // its words again with the same id if no answer came: applied once either way (A4).
    await a.connected();
    await eventually(async () => {
      const ack = await a.send(speak, speakId);
      if (!ack.ok) throw new Error(ack.error.code);
    });
    const next = await b.ok({ type: 'reflect', text: 'A part of you gets tense with late changes.' });
    const confirmed = await a.ok({ type: 'confirm' });
    expect(confirmed).toBe(next + 1);
    for (const client of [therapist, a, b]) {
      await client.caughtUp(confirmed);
      gapFree(client, confirmed);
    }
    const full = therapist.state;
    if (!full) throw new Error('no state');
    expect(full).toMatchObject({ stage: 'round', round: { speaker: 'A', step: 'more' } });
    expect(a.state).toEqual(viewState(full, 'A'));
    expect(b.state).toEqual(viewState(full, 'B'));
    // Every acknowledged command is in the log at its seq.
    for (const { ack } of acks) {
      if (ack?.ok) expect(therapist.events.some((event) => event.seq === ack.seq)).toBe(true);
    }

    // A's document client reconnects too; what it typed before and after the kill reaches everyone.
    docs[1]?.text().insert(0, '[A after the kill]');
    for (const doc of [docs[0], docs[2]]) {
      await eventually(() => expect(doc?.text().toString()).toContain('[A after the kill]'));
    }
    // A fresh reader on any instance has all of it (stored, not only relayed).
    cluster.pin(2);
    const fresh = openDoc(cluster.url, notes, room.token('B'));
    cluster.pin(null);
    await fresh.synced();
    for (const word of ['[therapist]', '[A]', '[B]', '[A before the kill]', '[A after the kill]']) {
      expect(fresh.text().toString()).toContain(word);
    }
  }, 180_000);

  it('S2 S24 conflicting commands at once on two instances: one wins per seq, everyone sees one sequence, a refusal sees the other instance’s append', async () => {
    const cluster = await startCluster({ instances: 2 });
    const room = await createRoom(cluster.url, 'therapy');
    const [therapist, a, b] = await seatsOn(cluster, [
      room.token('therapist'),
      room.token('A'),
      room.token('B'),
    ]);
    if (!therapist || !a || !b) throw new Error('three seats');
    // therapist and B on instance 1, A on instance 2.
    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    await a.ok({ type: 'agreeContract', safeWord: 'lighthouse' });
    await b.ok({ type: 'agreeContract' });
    await a.ok({ type: 'checkIn', checkIn: { parts: ['a part'] }, visibility: 'room' });
    const ready = await b.ok({ type: 'checkIn', checkIn: { parts: ['a part'] }, visibility: 'room' });
    await a.caughtUp(ready);

    // Both partners ask for the open floor at the same moment, on two instances: one gets it.
    const [askA, askB] = await Promise.all([
      a.send({ type: 'requestFloor', topic: 'Sunday' }),
      b.send({ type: 'requestFloor', topic: 'Money' }),
    ]);
    const winners = [askA, askB].filter((ack) => ack.ok);
    expect(winners).toHaveLength(1);
    const loser = [askA, askB].find((ack) => !ack.ok);
    expect(loser).toMatchObject({ ok: false });
    expect(loser && !loser.ok ? loser.error.code : null).not.toBe('internal');

    // A burst from both instances at once: every ack has its own seq, and every client the same log.
    const burst = await Promise.all([
      ...Array.from({ length: 15 }, () => therapist.send({ type: 'extendTimer', seconds: 10 })),
      ...Array.from({ length: 15 }, () => a.send({ type: 'urgeToSpeak' })),
      ...Array.from({ length: 15 }, () => b.send({ type: 'urgeToSpeak' })),
    ]);
    const seqs = burst.flatMap((ack) => (ack.ok ? [ack.seq] : []));
    expect(new Set(seqs).size).toBe(seqs.length);
    const head = Math.max(...seqs);
    for (const client of [therapist, a, b]) {
      await client.caughtUp(head);
      gapFree(client, head);
    }
    // The same sequence for everyone, each seat in its own view of it (A10–A14).
    const tail = (client: SeatClient) => client.events.filter((event) => event.seq > ready);
    for (const [client, seat] of [
      [a, 'A'],
      [b, 'B'],
    ] as const) {
      expect(tail(client)).toEqual(tail(therapist).map((event) => viewEvent(event, 'therapy', seat)));
    }

    // A refusal decided on instance 2 right after an append on instance 1 is decided on the current
    // state: the floor's holder speaks, and the listener on the other instance is ready at once.
    const holder = askA.ok ? a : b;
    const listener = askA.ok ? b : a;
    if (holder === listener) throw new Error('two partners');
    const readyAck = await listener.send({ type: 'listenerReady' });
    expect(readyAck).toMatchObject({ ok: true });
  }, 180_000);

  it('S25 Redis restarted: acknowledged events and relayed document updates survive', async () => {
    const cluster = await startCluster({ instances: 2 });
    const room = await createRoom(cluster.url, 'therapy');
    const [therapist, a] = await seatsOn(cluster, [room.token('therapist'), room.token('A')]);
    if (!therapist || !a) throw new Error('two seats');
    const admitted = await therapist.ok({ type: 'admit', seat: 'A' });
    const agreed = await a.ok({ type: 'agreeContract', safeWord: 'lighthouse' });
    expect(agreed).toBe(admitted + 1);
    const notes = `${room.roomId}/notes`;
    cluster.pin(0);
    const writer = openDoc(cluster.url, notes, room.token('therapist'));
    cluster.pin(1);
    const reader = openDoc(cluster.url, notes, room.token('A'));
    cluster.pin(null);
    await Promise.all([writer.synced(), reader.synced()]);
    writer.text().insert(0, 'kept across a Redis restart');
    await eventually(() => expect(reader.text().toString()).toBe('kept across a Redis restart'));

    await cluster.redis.kill();
    await cluster.redis.restart();
    writer.destroy();
    reader.destroy();

    // New clients on both instances, once each is ready again: the log and the notes are whole.
    for (const instance of cluster.instances) {
      await eventually(async () => expect((await fetch(`${instance.url}/readyz`)).status).toBe(200));
    }
    for (const index of [0, 1]) {
      cluster.pin(index);
      const observer = openSeat(cluster.url, room.token('therapist'), { lastSeq: 0 });
      await observer.connected();
      await observer.caughtUp(agreed);
      expect(observer.events.map((event) => event.seq)).toEqual(
        Array.from({ length: agreed }, (_, i) => i + 1),
      );
      const again = openDoc(cluster.url, notes, room.token('A'));
      await again.synced();
      await eventually(() => expect(again.text().toString()).toBe('kept across a Redis restart'));
      again.destroy();
      observer.close();
    }
    cluster.pin(null);
  }, 180_000);
});
