import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisLiveness } from '../../server/cluster/liveness.ts';
import { RedisStore } from '../../server/store/redis/store.ts';
import { startRedisInstance } from '../support/clusterServers.ts';
import { eventually } from '../support/eventually.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { track } from '../support/track.ts';

/** S31: each instance's liveness key in Redis, as another instance asks about it. */

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis({ durable: false });
});
afterAll(async () => {
  await redis.stop();
});

/** Another instance's liveness, on a store connection of its own: the one that asks. */
async function asker(id = 'asker'): Promise<RedisLiveness> {
  const store = track(await RedisStore.open(redis.url), (it) => it.close());
  return new RedisLiveness(store.redis, id);
}

describe('instance liveness (S31)', () => {
  it('S31 a running instance is alive to the others; stopped cleanly, it is gone at once', async () => {
    const ask = await asker();
    const one = await startRedisInstance(redis.url, {
      instanceId: 'one',
      secret: randomBytes(32).toString('hex'),
    });
    expect(await ask.alive('one')).toBe(true);
    await one.stop();
    expect(await ask.alive('one')).toBe(false);
  });

  it('S31 a key nobody renews any more (a killed process) expires by itself', async () => {
    const ask = await asker();
    const store = track(await RedisStore.open(redis.url), (it) => it.close());
    // Renewed once, at its making, and never again: as a process killed right after a beat.
    new RedisLiveness(store.redis, 'killed');
    expect(await ask.alive('killed')).toBe(true);
    await eventually(async () => expect(await ask.alive('killed')).toBe(false), 20_000);
  });

  it('S31 with Redis not answering, whether an instance is alive cannot be told (null), not "gone"', async () => {
    const ask = await asker();
    redis.freeze();
    try {
      expect(await ask.alive('asker')).toBeNull();
    } finally {
      redis.thaw();
    }
    expect(await ask.alive('asker')).toBe(true);
  });

  it('S31 S14 a clean stop with Redis not answering is not held by the liveness key', async () => {
    const live = await asker('stopping');
    redis.freeze();
    try {
      // Resolves (the delete given up) rather than waiting for an answer that does not come.
      await live.close();
    } finally {
      redis.thaw();
    }
  });
});
