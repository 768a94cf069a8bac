import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '../../server/store/redis/store.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { type RedisServer, startRedis } from './redisServer.ts';
import { track } from './track.ts';

/**
 * The stores two server instances use, for `describe.each`: on SQLite both share one store object
 * (the only way one data directory is written, S10); on Redis each has a store of its own on one
 * redis-server this file starts. Every store is closed when its test finishes.
 */
export function twoInstanceStores(): [string, () => Promise<[Store, Store]>][] {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  return [
    [
      'SqliteStore',
      async () => {
        const dir = track(mkdtempSync(join(tmpdir(), 'dialogue-room-instances-')), (it) =>
          rmSync(it, { recursive: true, force: true }),
        );
        const store = track(new SqliteStore(dir), (it) => it.close());
        return [store, store];
      },
    ],
    [
      'RedisStore',
      async () => [
        track(await RedisStore.open(redis.url), (it) => it.close()),
        track(await RedisStore.open(redis.url), (it) => it.close()),
      ],
    ],
  ];
}

/** `store` with some of its methods replaced (a store that is slow, or cannot read), the rest its own. */
export function withMethods(store: Store, replaced: () => Partial<Record<keyof Store, unknown>>): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const instead = replaced()[key as keyof Store];
      if (instead !== undefined) return instead;
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
