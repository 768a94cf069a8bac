import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';
import { RedisBus } from '../../server/cluster/redisBus.ts';
import { type Config, loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { RedisStore } from '../../server/store/redis/store.ts';
import type { Store } from '../../server/store/types.ts';
import { type RedisServer, startRedis } from './redisServer.ts';
import { createRoom, type Room } from './roomApi.ts';
import { track } from './track.ts';

/** One server instance of several on one Redis: its own store, its own bus, its own port. */
export interface Instance extends RunningServer {
  createRoom(mode: 'practice'): Promise<Room>;
  /** Stops it (once; a test may stop it early, the hook then does nothing). */
  stop(): Promise<void>;
}

/**
 * Server instances as issue 13 runs them, in this test process: each `startServer` with a
 * `RedisStore` and a `RedisBus` of its own on one redis-server this file starts, sharing the token
 * secret (a seat's link works on any instance). Each instance stops when its test finishes.
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
    async start(wrap: (store: Store) => Store = (store) => store): Promise<Instance> {
      started += 1;
      const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-instance-'));
      const config: Config = {
        ...loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'warn', TOKEN_SECRET: secret }),
        seatGraceMs: 60_000,
        commandsPer10s: 10_000,
        ...overrides,
      };
      const store = wrap(await RedisStore.open(redis.url));
      const bus = await RedisBus.open(redis.url, `instance-${started}`);
      const server = await startServer({ config, log: createLogger('silent'), store, bus });
      let stopped: Promise<void> | null = null;
      const instance: Instance = {
        ...server,
        createRoom: (mode) => createRoom(server.url, mode),
        stop() {
          stopped ??= server.close().finally(() => rmSync(dir, { recursive: true, force: true }));
          return stopped;
        },
      };
      return track(instance, (it) => it.stop());
    },
  };
}
