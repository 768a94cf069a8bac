import { RateLimiterRes } from 'rate-limiter-flexible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limiterFactory, take } from '../../server/guards/limiters.ts';
import { RedisStore } from '../../server/store/redis/store.ts';
import { openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { startTestServer } from '../support/testServer.ts';
import { track } from '../support/track.ts';

/**
 * S28: rate limits on Redis are one count for every instance, and a Redis that goes away leaves each
 * instance limiting on its own count — never an error for the caller, never "limited" for Redis's sake.
 */

const SECRET = 'shared-limits-token-secret-0123456789abcdef';

/** Fails the test that caused it: a limiter must never leave a rejection nobody handles. */
function watchUnhandled(): unknown[] {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  track(listener, (it) => process.off('unhandledRejection', it));
  return seen;
}

async function openStore(url: string): Promise<RedisStore> {
  return track(await RedisStore.open(url), (it) => it.close());
}

describe('rate limits shared across instances (S28)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis({ durable: false });
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('S28 two instances on one Redis spend one budget: points taken on one count on the other', async () => {
    const [one, two] = [await openStore(redis.url), await openStore(redis.url)];
    const spec = { name: 'shared-budget', points: 3, duration: 3600 };
    let sent = 0;
    const options = { keySecret: SECRET, roundTrip: () => sent++ };
    const [onOne, onTwo] = [
      limiterFactory(one.redis, options)(spec),
      limiterFactory(two.redis, options)(spec),
    ];
    expect(await take(onOne, 'seat')).toBeNull();
    expect(await take(onTwo, 'seat')).toBeNull();
    expect(await take(onOne, 'seat')).toBeNull();
    // Three spent between them: the fourth is refused wherever it arrives.
    expect(await take(onTwo, 'seat')).toBeInstanceOf(RateLimiterRes);
    expect((await take(onOne, 'seat'))?.consumedPoints).toBe(5);
    // Another key has its own budget.
    expect(await take(onTwo, 'other seat')).toBeNull();
    // Each check was one request to Redis (the metrics' round trips).
    expect(sent).toBe(6);
    const keys = await one.redis.keys('dr:rl:shared-budget:*');
    expect(keys).toHaveLength(2);
    expect((await one.redis.mGet(keys)).sort()).toEqual(['1', '5']);
  });

  it('S28 S6 a key is stored on Redis as a keyed hash, never as given: no client address in its files', async () => {
    const store = await openStore(redis.url);
    const address = '203.0.113.77';
    const limiter = limiterFactory(store.redis, { keySecret: SECRET })({
      name: 'addresses',
      points: 5,
      duration: 60,
    });
    await take(limiter, address);
    const [key] = await store.redis.keys('dr:rl:addresses:*');
    expect(key).toMatch(/^dr:rl:addresses:[\w-]{22}$/);
    expect(key).not.toContain(address);
    // The same key on an instance holding the same secret counts on the same budget; another secret does not.
    const sameSecret = limiterFactory(store.redis, { keySecret: SECRET })({
      name: 'addresses',
      points: 5,
      duration: 60,
    });
    expect(await sameSecret.get(address)).toMatchObject({ consumedPoints: 1 });
    const otherSecret = limiterFactory(store.redis, { keySecret: `${SECRET}-other` })({
      name: 'addresses',
      points: 5,
      duration: 60,
    });
    expect(await otherSecret.get(address)).toBeNull();
  });

  it('S28 with Redis stopped a limiter still answers from the instance own count: no error, no unhandled rejection', async () => {
    const own = await startRedis({ durable: false });
    track(own, (it) => it.stop());
    const store = await openStore(own.url);
    const unhandled = watchUnhandled();
    const limiter = limiterFactory(store.redis)({ name: 'redis-away', points: 2, duration: 3600 });
    expect(await take(limiter, 'key')).toBeNull();
    await own.kill();
    // Redis is gone: the instance's in-memory count decides, with the same points.
    expect(await take(limiter, 'key')).toBeNull();
    expect(await take(limiter, 'key')).toBeNull();
    expect(await take(limiter, 'key')).toBeInstanceOf(RateLimiterRes);
    expect(await limiter.get('key')).toMatchObject({ consumedPoints: 3 });
    expect(unhandled).toEqual([]);
  });

  it('S28 a Redis that keeps the connection and stops answering: the check falls to the own count after its timeout', async () => {
    const own = await startRedis({ durable: false });
    track(own, (it) => it.stop());
    const store = await openStore(own.url);
    const unhandled = watchUnhandled();
    const limiter = limiterFactory(store.redis, { timeoutMs: 50 })({
      name: 'redis-frozen',
      points: 1,
      duration: 3600,
    });
    own.freeze();
    track(own, (it) => it.thaw());
    expect(await take(limiter, 'key')).toBeNull();
    expect(await take(limiter, 'key')).toBeInstanceOf(RateLimiterRes);
    own.thaw();
    // Back: the checks written before the freeze reach Redis late and count there too — an outage
    // can only make Redis's count higher than what was let through, never lower.
    await eventually(async () => {
      const keys = await store.redis.keys('dr:rl:redis-frozen:*');
      expect(keys).toHaveLength(1);
      expect(await store.redis.mGet(keys)).toEqual(['2']);
    });
    expect(await take(limiter, 'key')).toMatchObject({ consumedPoints: 3 });
    expect(unhandled).toEqual([]);
  });

  it('S7 S28 a seat sending commands through two server instances gets one budget, not one per instance', async () => {
    const overrides = { commandsPer10s: 4, commandWindowSeconds: 3600, tokenSecret: SECRET };
    // Two instances: each its own store on the one Redis (the servers close them), one token secret.
    const instance = async () => {
      const store = await RedisStore.open(redis.url);
      return track(await startTestServer(overrides, undefined, () => store), (it) => it.stop());
    };
    const [one, two] = [await instance(), await instance()];
    const room = await one.createRoom('practice');
    const onOne = openSeat(one.url, room.token('A'));
    const onTwo = openSeat(two.url, room.token('A'));
    await Promise.all([onOne.connected(), onTwo.connected()]);
    const codes = [];
    for (const client of [onOne, onTwo, onOne, onTwo, onOne, onTwo]) {
      const ack = await client.send({ type: 'setTimer', seconds: 30 });
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'rate_limited', 'rate_limited']);
  });
});
