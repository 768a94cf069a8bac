import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedisStore } from '../../server/store/redis/store.ts';
import type { RoomEvent } from '../../shared/index.ts';
import { type Cluster, seatOn, startCluster } from '../support/cluster.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import { toSpeak } from '../support/roundAtSpeak.ts';
import type { SeatClient } from '../support/seatClient.ts';
import { kill9 } from '../support/serverProcess.ts';
import { track } from '../support/track.ts';

/**
 * S31 with real processes: three instances on one redis-server behind the round-robin balancer,
 * the therapist on instance 1, A on instance 2, B on instance 3; instance 2 is killed with SIGKILL.
 */

/**
 * Short, so the pause comes soon after the dead instance's view is dropped; long enough that A's
 * reconnection through the balancer lands inside it on loaded cores (the survivors drop the view up
 * to a beat apart).
 */
const GRACE_MS = 8_000;

const pausesIn = (events: RoomEvent[]) =>
  events.filter((event) => event.type === 'paused' && event.kind === 'connection');

const logged = (cluster: Cluster, index: number, msg: string) =>
  cluster.instances[index]?.logs.some((line) => line.msg === msg) ?? false;

/** A therapy room at round 1 `speak`, A holding the floor; A's socket on instance 2 (`aReconnects`: socket.io's reconnection). */
async function roundWithAOnTwo(cluster: Cluster, aReconnects: boolean) {
  const room = await createRoom(cluster.url, 'therapy');
  const therapist = await seatOn(cluster, 0, room.token('therapist'));
  const a = await seatOn(cluster, 1, room.token('A'), { reconnect: aReconnects });
  const b = await seatOn(cluster, 2, room.token('B'));
  await toSpeak(therapist, a, b);
  await eventually(() => expect(therapist.presence?.seats).toMatchObject({ A: 'online', B: 'online' }));
  return { room, therapist, a, b };
}

/** The room's log as stored, read straight from Redis. */
async function storedEvents(cluster: Cluster, roomId: string): Promise<RoomEvent[]> {
  const store = track(await RedisStore.open(cluster.redis.url), (it) => it.close());
  return store.read(roomId, 1);
}

/** One command through each surviving instance's room queue: whatever either had decided is in the log after. */
async function settled(therapist: SeatClient, b: SeatClient) {
  // Refused in any case (only the speaker turns, and a paused round refuses it first): no event.
  for (const client of [therapist, b]) {
    await client.send({ type: 'uTurn', part: { name: 'probe', kind: 'protector' } }, randomUUID());
  }
}

describe('a killed instance’s seats (S31, T33)', () => {
  it('S31 T33 A’s instance is killed and A does not come back: the round pauses (connection) once, after the grace', async () => {
    const cluster = await startCluster({ env: { SEAT_GRACE_MS: String(GRACE_MS) } });
    const { room, therapist, a, b } = await roundWithAOnTwo(cluster, false);
    await kill9(cluster.instances[1] as NonNullable<(typeof cluster.instances)[1]>);
    a.close();
    await eventually(() => expect(therapist.presence?.seats.A).toBe('reconnecting'), 30_000);
    await eventually(
      () => expect(therapist.state?.pause).toMatchObject({ kind: 'connection', seat: 'A' }),
      30_000,
    );
    await eventually(() => expect(b.state?.pause).toMatchObject({ kind: 'connection', seat: 'A' }));
    await eventually(() => expect(therapist.presence?.seats.A).toBe('offline'));
    // Both survivors decide it (each found instance 2 dead); the second decision yields no event.
    await eventually(() => {
      for (const index of [0, 2])
        expect(logged(cluster, index, 'the seat of a gone instance is not back after the grace')).toBe(true);
    }, 30_000);
    await settled(therapist, b);
    expect(pausesIn(await storedEvents(cluster, room.roomId))).toHaveLength(1);
  }, 120_000);

  it('S31 T33 A’s instance is killed and A reconnects through the balancer within the grace: no pause', async () => {
    const cluster = await startCluster({ env: { SEAT_GRACE_MS: String(GRACE_MS) } });
    const { room, therapist, a, b } = await roundWithAOnTwo(cluster, true);
    // A's reconnections keep going to the dead instance until both survivors have dropped its view,
    // so A comes back inside the grace S31 starts there, not before it.
    cluster.pin(1);
    await kill9(cluster.instances[1] as NonNullable<(typeof cluster.instances)[1]>);
    await eventually(() => {
      for (const index of [0, 2])
        expect(logged(cluster, index, 'presence of a silent instance expired')).toBe(true);
    }, 30_000);
    expect(therapist.presence?.seats.A).toBe('reconnecting');
    cluster.pin(null);
    // (`connected()` would stop at the refused attempts on the dead instance.)
    await eventually(() => expect(a.socket.connected).toBe(true));
    await eventually(() => expect(therapist.presence?.seats.A).toBe('online'));
    await eventually(() => expect(b.presence?.seats.A).toBe('online'));
    // Past the grace that ran on the survivors (a wrong pause would be decided by then); a bound to
    // wait out, not a speed that is asserted.
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 1_000));
    await settled(therapist, b);
    expect(pausesIn(await storedEvents(cluster, room.roomId))).toEqual([]);
    const seq = await a.ok({ type: 'speak', text: 'A part of me worries about the bills.' });
    await b.caughtUp(seq);
    expect(b.state?.pause ?? null).toBeNull();
  }, 120_000);
});
