import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../server/config.ts';
import type { Store } from '../../server/store/types.ts';
import { type ClusterServer, startRedisInstance } from './clusterServers.ts';
import { type RedisServer, startRedis } from './redisServer.ts';

/**
 * Server instances as issue 13 runs them, in this test process (`startRedisInstance`), on one
 * redis-server this file starts, sharing the token secret (a seat's link works on any instance).
 * Each instance stops when its test finishes.
 */
export function redisInstances(overrides: Partial<Config> = {}) {
  let redis: RedisServer;
  const secret = `test-secret-${process.pid}-${Date.now()}-0123456789abcdef`;
  let started = 0;
  beforeAll(async () => {
    redis = await startRedis({ durable: false });
  });
  afterAll(async () => {
    await redis.stop();
  });
  return {
    get url() {
      return redis.url;
    },
    /** `wrap`: the store the instance uses, made from its own (a store that fails, for faults). */
    start(wrap: (store: Store) => Store = (store) => store): Promise<ClusterServer> {
      started += 1;
      return startRedisInstance(redis.url, {
        instanceId: `instance-${started}`,
        secret,
        overrides: { logLevel: 'warn', ...overrides },
        wrapStore: wrap,
      });
    },
  };
}
