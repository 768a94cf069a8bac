import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { READ_RETRY_MS } from '../../server/store/redis/follower.ts';
import { startRedisInstance } from '../support/clusterServers.ts';
import { eventually } from '../support/eventually.ts';
import { startRedis } from '../support/redisServer.ts';
import { commandStats } from '../support/redisStats.ts';
import { track } from '../support/track.ts';

/**
 * Keys of over a kilobyte each, random so that the RDB format's compression cannot shrink them: with
 * Redis answering between every 1024 bytes it loads, it answers between any two keys.
 */
const KEYS = 20_000;
const VALUE_BYTES = 1100;
/**
 * For the restart only: Redis sleeps 50 µs per key it loads (a debugging option of redis-server, so
 * a small dataset loads for seconds) and serves its clients every 1024 bytes (2 MB by default), as
 * it does often with a large dataset that loads fast. So it answers every read at once, `-LOADING`.
 */
const SLOW_LOADING = ['--key-load-delay', '50', '--loading-process-events-interval-bytes', '1024'];

/** Connections blocked in an XREAD right now (CLIENT LIST: `flags=b`, `cmd=xread`). */
async function blockedReads(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    const list = await client.sendCommand(['CLIENT', 'LIST']);
    return String(list)
      .split('\n')
      .filter((line) => /\bflags=\w*b/.test(line) && /\bcmd=xread\b/.test(line)).length;
  } finally {
    client.destroy();
  }
}

describe('S32 an instance while Redis loads its dataset after a restart', () => {
  it('S32 S25: the socket.io adapter reads about once per retry interval while Redis answers LOADING, not once per answer, and reads again once loaded', async () => {
    const redis = track(await startRedis(), (it) => it.stop());
    const filler = createClient({ url: redis.url });
    await filler.connect();
    for (let start = 0; start < KEYS; start += 1000) {
      const pairs: string[] = [];
      for (let i = start; i < start + 1000; i++)
        pairs.push(`loading:${i}`, randomBytes(VALUE_BYTES).toString('base64'));
      await filler.mSet(pairs);
    }
    // The append-only file's base as an RDB, which Redis loads key by key (and the delay is per key).
    await filler.bgRewriteAof();
    await eventually(async () =>
      expect(await filler.info('persistence')).toMatch(
        /aof_rewrite_in_progress:0[\s\S]*aof_rewrite_scheduled:0/,
      ),
    );
    filler.destroy();

    // One instance with no room open: the only XREAD it sends is the socket.io adapter's.
    await startRedisInstance(redis.url, {
      instanceId: 'loading',
      secret: randomBytes(32).toString('hex'),
      overrides: { redisUrl: redis.url },
    });
    await eventually(async () => expect(await blockedReads(redis.url)).toBe(1));

    const restartedAt = performance.now();
    await redis.restart({ args: SLOW_LOADING, untilLoaded: false });
    await redis.untilLoaded();
    const loadingMs = performance.now() - restartedAt;
    // Redis's statistics start with the restarted process: these are the reads sent while it loaded.
    const during = (await commandStats(redis.url)).get('xread') ?? { calls: 0, rejected: 0, failed: 0 };

    // The loop did meet LOADING (the test saw what it is about) …
    expect(during.rejected).toBeGreaterThan(0);
    // … and waited after each refusal: at most a read per retry interval, with room for the reads a
    // reconnection sends. A loop that asks again at once sends one per answer — thousands here.
    const intervals = Math.ceil(loadingMs / READ_RETRY_MS);
    expect(during.rejected).toBeLessThanOrEqual(2 * intervals + 10);
    // Once loaded, the loop reads (and blocks) again.
    await eventually(async () => expect(await blockedReads(redis.url)).toBe(1), 20_000);
  });
});
