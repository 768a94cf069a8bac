import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../shared/index.ts';
import { openDoc, openSeat } from '../support/clients.ts';
import { type ClusterServer, lossyBus, startTwoInstances } from '../support/clusterServers.ts';
import { eventually } from '../support/eventually.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { reissueSeat } from '../support/roomApi.ts';
import { toSpeak } from '../support/roundAtSpeak.ts';
import type { SeatClient } from '../support/seatClient.ts';

/**
 * S30 with real instances: two in-process servers, each with its own Redis store and bus on one
 * redis-server, real socket.io clients connected to one or the other (as a load balancer spreads
 * them).
 */

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis({ durable: false });
});
afterAll(async () => {
  await redis.stop();
});

async function join(server: ClusterServer, token: string): Promise<SeatClient> {
  const client = openSeat(server.url, token);
  await client.connected();
  return client;
}

/**
 * A therapy room at round 1 `speak` with A holding the floor: the therapist and B on instance two,
 * A on instance one (the room is made on instance one).
 */
async function roundAcross(one: ClusterServer, two: ClusterServer) {
  const room = await one.createRoom('therapy');
  const therapist = await join(two, room.token('therapist'));
  const a = await join(one, room.token('A'));
  const b = await join(two, room.token('B'));
  await toSpeak(therapist, a, b);
  return { room, therapist, a, b };
}

const pausesIn = (events: RoomEvent[]) =>
  events.filter((event) => event.type === 'paused' && event.kind === 'connection');

describe('presence across instances (S30)', () => {
  it('S30 seat A on instance one and the therapist on instance two see each other online', async () => {
    const [one, two] = await startTwoInstances(redis.url);
    const room = await one.createRoom('therapy');
    const therapist = await join(two, room.token('therapist'));
    const a = await join(one, room.token('A'));
    await eventually(() =>
      expect(therapist.presence?.seats).toMatchObject({ therapist: 'online', A: 'waiting' }),
    );
    await therapist.ok({ type: 'admit', seat: 'A' });
    await eventually(() =>
      expect(therapist.presence?.seats).toMatchObject({ therapist: 'online', A: 'online' }),
    );
    await eventually(() => expect(a.presence?.seats).toMatchObject({ therapist: 'online', A: 'online' }));
    expect(a.presence?.seats.B ?? 'offline').toBe('offline');
  });

  it('S30 T33 A disconnects from instance one: the therapist on two sees reconnecting, then offline, and the round pauses once', async () => {
    const [one, two] = await startTwoInstances(redis.url, { overrides: { seatGraceMs: 1_000 } });
    const { room, therapist, a } = await roundAcross(one, two);
    await eventually(() => expect(therapist.presence?.seats).toMatchObject({ A: 'online', B: 'online' }));
    a.close();
    await eventually(() => expect(therapist.presence?.seats.A).toBe('reconnecting'));
    await eventually(() => expect(therapist.state?.pause).toMatchObject({ kind: 'connection', seat: 'A' }));
    await eventually(() => expect(therapist.presence?.seats.A).toBe('offline'));
    expect(pausesIn(await two.store.read(room.roomId, 1))).toHaveLength(1);
  });

  it('S30 T33 A open on both instances drops from both at once: the round pauses exactly once', async () => {
    const [one, two] = await startTwoInstances(redis.url, { overrides: { seatGraceMs: 300 } });
    const { room, therapist, a } = await roundAcross(one, two);
    const aOnTwo = await join(two, room.token('A'));
    await eventually(() => expect(a.presence?.seats.A).toBe('online'));
    // Both instances' grace periods run out together; each sees the other still holding A a moment.
    a.close();
    aOnTwo.close();
    await eventually(() => expect(therapist.state?.pause).toMatchObject({ kind: 'connection', seat: 'A' }));
    await eventually(() => expect(therapist.presence?.seats.A).toBe('offline'));
    expect(pausesIn(await one.store.read(room.roomId, 1))).toHaveLength(1);
  });

  it('S30 T33 two instances deciding the same lost connection at once append one pause', async () => {
    const [one, two] = await startTwoInstances(redis.url);
    const { room, therapist } = await roundAcross(one, two);
    const [onOne, onTwo] = await Promise.all([one.rooms.get(room.roomId), two.rooms.get(room.roomId)]);
    if (!onOne || !onTwo) throw new Error('the room is loaded on both instances');
    // Both decide on the same state; one append wins, the other catches up and finds the room paused.
    const acks = await Promise.all([
      onOne.system({ type: 'connectionLost', seat: 'A' }),
      onTwo.system({ type: 'connectionLost', seat: 'A' }),
    ]);
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const events = await one.store.read(room.roomId, 1);
    expect(pausesIn(events)).toHaveLength(1);
    await therapist.caughtUp(events.at(-1)?.seq ?? 0);
    expect(therapist.state?.pause).toMatchObject({ kind: 'connection', seat: 'A' });
  });

  it('S30 T33 A drops from instance one and comes back on instance two within the grace period: no pause', async () => {
    const [one, two] = await startTwoInstances(redis.url, { overrides: { seatGraceMs: 3_000 } });
    const { room, therapist, a, b } = await roundAcross(one, two);
    a.close();
    const back = await join(two, room.token('A'));
    await eventually(() => expect(therapist.presence?.seats.A).toBe('online'));
    // Instance one's grace runs out; it finds A connected on two and leaves the decision there.
    await eventually(() =>
      expect(one.logs.some((line) => line.includes('the seat is on another instance'))).toBe(true),
    );
    expect(pausesIn(await one.store.read(room.roomId, 1))).toEqual([]);
    expect(therapist.presence?.seats.A).toBe('online');
    const seq = await back.ok({ type: 'speak', text: 'A part of me worries about the bills.' });
    await b.caughtUp(seq);
    expect(b.state?.pause ?? null).toBeNull();
  });

  it('S30 the presence of an instance that stops saying anything expires: its seats show reconnecting for a grace period, then offline', async () => {
    const [one, two] = await startTwoInstances(redis.url, { overrides: { seatGraceMs: 1_000 } });
    const { room, therapist } = await roundAcross(one, two);
    await eventually(() => expect(therapist.presence?.seats).toMatchObject({ A: 'online', B: 'online' }));
    // As after a SIGKILL: instance one says nothing more, not even goodbye (A's socket stays open there).
    await one.bus.close();
    await eventually(() => expect(therapist.presence?.seats.A).toBe('reconnecting'), 20_000);
    await eventually(() => expect(therapist.presence?.seats.A).toBe('offline'));
    expect(therapist.presence?.seats.B).toBe('online');
    // Not a pause: instance one is silent but alive, its liveness key still renewed (S31).
    expect(pausesIn(await two.store.read(room.roomId, 1))).toEqual([]);
  });
});

describe('a silent instance that is alive (S31)', () => {
  it('S31 T33 an instance that stops hearing the bus while the other is alive does not pause: the seat shows reconnecting, then offline', async () => {
    let deaf = false;
    const [one, two] = await startTwoInstances(redis.url, {
      overrides: { seatGraceMs: 1_000 },
      // Instance two stops hearing presence (its subscriber cut off, as a broken pub/sub connection
      // would); its store connection, and instance one, are fine: one's liveness key stays.
      wrapBus: (bus, id) =>
        lossyBus(bus, (channel) => deaf && id === 'two' && channel.startsWith('presence')),
    });
    const { room, therapist, b } = await roundAcross(one, two);
    await eventually(() => expect(therapist.presence?.seats).toMatchObject({ A: 'online', B: 'online' }));
    deaf = true;
    await eventually(() => expect(therapist.presence?.seats.A).toBe('reconnecting'), 20_000);
    await eventually(
      () =>
        expect(
          two.logs.some((line) => line.includes('a silent instance is alive: its seats do not pause')),
        ).toBe(true),
      20_000,
    );
    await eventually(() => expect(therapist.presence?.seats.A).toBe('offline'));
    // A command through two's room queue after its adopted grace ran out: a pause decided there is in the log by now.
    const probe = await b.send({ type: 'uTurn', part: { name: 'probe', kind: 'protector' } }, randomUUID());
    expect(probe.ok).toBe(false);
    expect(pausesIn(await two.store.read(room.roomId, 1))).toEqual([]);
    expect(therapist.state?.pause ?? null).toBeNull();
  });
});

describe('actions on connections across instances (S30)', () => {
  it('S30 A5 re-issuing A’s link on instance one closes A’s socket and document connection on instance two', async () => {
    const [one, two] = await startTwoInstances(redis.url);
    const room = await one.createRoom('practice');
    const a = await join(two, room.token('A'));
    const notes = openDoc(two.url, `${room.roomId}/notes`, room.token('A'));
    await notes.synced();
    const res = await reissueSeat(one.url, room.roomId, 'A', room.token('A'));
    expect(res.status).toBe(200);
    await eventually(() => expect(a.closing?.code).toBe('token_revoked'));
    await eventually(() => expect(a.socket.connected).toBe(false));
    await eventually(() => expect(notes.tap.closes.map((close) => close.code)).toContain(4401));
    const fresh = (await res.json()) as { token: string };
    await join(two, fresh.token);
  });

  it('S30 E1 erasing a room closes its sockets on both instances', async () => {
    const [one, two] = await startTwoInstances(redis.url);
    const room = await one.createRoom('practice');
    const a = await join(one, room.token('A'));
    const b = await join(two, room.token('B'));
    expect(await one.eraseRoom(room.roomId, { byKind: 'operator', byId: null, kind: 'room' })).toBe(true);
    for (const client of [a, b]) {
      await eventually(() =>
        expect(client.closing).toMatchObject({ code: 'session_ended', message: 'This session was deleted.' }),
      );
      await eventually(() => expect(client.socket.connected).toBe(false));
    }
    await eventually(() => expect(two.rooms.loadedIds()).not.toContain(room.roomId));
  });

  it('S30 A15 the export window running out, found on instance one, closes the connections on instance two at once', async () => {
    let clock = Date.now();
    const [one, two] = await startTwoInstances(redis.url, { now: () => clock });
    const room = await one.createRoom('practice');
    const a = await join(one, room.token('A'));
    const b = await join(two, room.token('B'));
    await a.ok({ type: 'requestEnd' });
    const end = await b.ok({ type: 'confirmEnd' });
    await a.caughtUp(end);
    clock += 72 * 3_600_000 + 1_000; // past the default window (EXPORT_WINDOW_HOURS = 72)
    // Instance one's sweep (it runs every minute) finds it first; two's has not run.
    expect(await one.closeEndedSessions()).toBe(1);
    for (const client of [a, b]) {
      await eventually(() => expect(client.closing).toMatchObject({ code: 'session_ended' }));
      await eventually(() => expect(client.socket.connected).toBe(false));
    }
  });

  it('S30 A5 E1 what a lost message left open is closed by the sweep against the store', async () => {
    const [one, two] = await startTwoInstances(redis.url, {
      wrapBus: (bus, id) => lossyBus(bus, (channel) => id === 'two' && channel === 'actions'),
    });
    const room = await one.createRoom('practice');
    const a = await join(two, room.token('A'));
    const b = await join(two, room.token('B'));
    const oldNotes = openDoc(two.url, `${room.roomId}/notes`, room.token('A'));
    await oldNotes.synced();
    const res = await reissueSeat(one.url, room.roomId, 'A', room.token('A'));
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as { token: string };
    const newA = await join(two, fresh.token);
    const newNotes = openDoc(two.url, `${room.roomId}/notes`, fresh.token);
    await newNotes.synced();
    expect(a.closing).toBeNull(); // instance two never heard of it
    expect(oldNotes.tap.closes).toEqual([]);
    await two.closeStaleConnections();
    await eventually(() => expect(a.closing?.code).toBe('token_revoked'));
    await eventually(() => expect(oldNotes.tap.closes.map((close) => close.code)).toContain(4401));
    // The new link's connections stay.
    expect(newA.closing).toBeNull();
    expect(newA.socket.connected).toBe(true);
    expect(newNotes.tap.closes).toEqual([]);

    await one.eraseRoom(room.roomId, { byKind: 'operator', byId: null, kind: 'room' });
    expect(b.closing).toBeNull();
    await two.closeStaleConnections();
    await eventually(() => expect(b.closing).toMatchObject({ code: 'session_ended' }));
    await eventually(() => expect(newA.closing).toMatchObject({ code: 'session_ended' }));
  });
});
