import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeat } from '../support/clients.ts';
import { type ClusterServer, startTwoInstances } from '../support/clusterServers.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';

const WINDOW = 72 * 3_600_000; // EXPORT_WINDOW_HOURS' default

describe('retention with several instances (E3, issue 13)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  /** A practice room both partners ended (T19), everyone gone. */
  async function endedRoom(server: ClusterServer): Promise<string> {
    const room = await server.createRoom('practice');
    const a = openSeat(server.url, room.token('A'));
    const b = openSeat(server.url, room.token('B'));
    await Promise.all([a.connected(), b.connected()]);
    await a.ok({ type: 'requestEnd' });
    await a.caughtUp(await b.ok({ type: 'confirmEnd' }));
    a.close();
    b.close();
    return room.roomId;
  }

  it('E3 one instance sweeps at a time: another finding rooms due within the interval leaves them to it', async () => {
    let clock = Date.now();
    const [one, two] = await startTwoInstances(redis.url, { now: () => clock });
    const first = await endedRoom(one);
    clock += WINDOW + 1;
    expect(await one.sweepRetention()).toEqual({ ended: 1, practice: 0 });
    expect(await one.store.getRoom(first)).toBeNull();

    const second = await endedRoom(two);
    clock += WINDOW + 1;
    // Instance one holds the sweep's turn for RETENTION_SWEEP_MINUTES: two skips, the room stays.
    expect(await two.sweepRetention()).toEqual({ ended: 0, practice: 0 });
    expect(await two.store.getRoom(second)).not.toBeNull();
    expect(await one.sweepRetention()).toEqual({ ended: 1, practice: 0 });
    expect(await two.store.getRoom(second)).toBeNull();
  });
});
