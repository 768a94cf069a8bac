import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '../../server/store/redis/store.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { erasureContract } from './erasureContract.ts';
import { partsContract } from './partsContract.ts';
import { type StoreUnderTest, storeContract } from './storeContract.ts';

/**
 * Every contract suite the Redis store fills, against one redis-server this file starts (ids are
 * random, so the tests share it). Each test gets its own store objects, as separate server
 * processes would have.
 */
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

async function freshRedis(): Promise<StoreUnderTest> {
  const store = await RedisStore.open(redis.url);
  const peers: RedisStore[] = [];
  return {
    store,
    async peer() {
      const other = await RedisStore.open(redis.url);
      peers.push(other);
      return other;
    },
    async cleanup() {
      for (const other of peers) await other.close();
      await store.close();
    },
  };
}

storeContract('RedisStore', freshRedis);
erasureContract('RedisStore', freshRedis);
partsContract('RedisStore', freshRedis);
