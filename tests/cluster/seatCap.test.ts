import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { type Cluster, seatOn, startCluster } from '../support/cluster.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import type { SeatClient } from '../support/seatClient.ts';

/**
 * S8 across instances (S31): a seat's connection cap counts its sockets on every instance, as the
 * others last said on the bus. Two server processes on one redis-server behind the balancer.
 */

const CAP = LIMITS.socketsPerSeat;

/** The refusals of this test are the cap's; the per-address attempt budgets (S8) are not under test. */
const env = { HANDSHAKES_PER_MINUTE: '1000', FAILED_HANDSHAKES_PER_10MIN: '1000' };

/** One more connection of the seat on instance `index`: the client if let in, null if refused for the cap. */
async function attempt(cluster: Cluster, index: number, token: string): Promise<SeatClient | null> {
  cluster.pin(index);
  try {
    const client = openSeat(cluster.url, token);
    const outcome = await eventually(() => {
      if (client.connectError) return 'refused';
      if (client.welcome) return 'open';
      throw new Error('neither let in nor refused yet');
    });
    if (outcome === 'open') return client;
    expect(client.connectError).toMatchObject({
      message: 'Too many open connections for this seat. Close other tabs of this room.',
      data: { code: 'rate_limited' },
    });
    return null;
  } finally {
    cluster.pin(null);
  }
}

/**
 * Waits until one more connection on instance `index` is refused. One let in first (the others'
 * counts not heard yet: up to a beat) is closed, and the attempt made again.
 */
async function refusedOn(cluster: Cluster, index: number, token: string) {
  await eventually(
    async () => {
      const extra = await attempt(cluster, index, token);
      if (!extra) return;
      extra.close();
      throw new Error(`connection ${CAP + 1} let in on instance ${index + 1}`);
    },
    20_000,
    200,
  );
}

describe('a seat’s connection cap across instances (S8, S31)', () => {
  it(`S8 S31 ${CAP} connections of a seat spread over two instances: the next is refused on either; closing one lets one in`, async () => {
    const cluster = await startCluster({ instances: 2, env });
    const room = await createRoom(cluster.url, 'practice');
    const token = room.token('A');
    const open: SeatClient[] = [];
    for (let i = 0; i < CAP; i++) open.push(await seatOn(cluster, i % 2, token));
    // Each instance holds half of them; the other half is known from the other's counts (the bus).
    for (const index of [0, 1]) {
      await refusedOn(cluster, index, token);
    }
    // One closes on instance 1; instance 2 hears of it and lets one in.
    open[0]?.close();
    const again = await eventually(
      async () => {
        const client = await attempt(cluster, 1, token);
        if (!client) throw new Error('still refused');
        return client;
      },
      20_000,
      200,
    );
    expect(again.welcome).toMatchObject({ seat: 'A', admitted: true });
    // The cap is reached again, on either instance.
    for (const index of [0, 1]) {
      await refusedOn(cluster, index, token);
    }
    // The other seat has a count of its own.
    await seatOn(cluster, 0, room.token('B'));
  }, 120_000);
});
