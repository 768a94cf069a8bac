import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../../server/app.ts';
import type { ClusterBus } from '../../server/cluster/bus.ts';
import { RedisBus } from '../../server/cluster/redisBus.ts';
import { type Config, loadConfig } from '../../server/config.ts';
import { RedisStore } from '../../server/store/redis/store.ts';
import type { Store } from '../../server/store/types.ts';
import type { Mode, Talk } from '../../shared/index.ts';
import { capturedLog } from './capturedLog.ts';
import { createRoom, type Room } from './roomApi.ts';
import { track } from './track.ts';

/** One in-process server instance of a cluster on one Redis, with its captured log. */
export interface ClusterServer extends RunningServer {
  instanceId: string;
  logs: string[];
  createRoom(mode: Mode, talk?: Talk): Promise<Room>;
  /** Stops it (once; a test may stop it early, the hook then does nothing). */
  stop(): Promise<void>;
}

/**
 * Starts two in-process server instances, `one` and `two`, on one redis-server (`url`), each with a store and
 * a bus of its own (`RedisStore`, `RedisBus`) and the same token secret, as several `REDIS_URL`
 * processes behind a load balancer are, with `overrides` of the config. `wrapBus` lets a test put a filter between an instance and
 * its real bus (to lose messages). Each is stopped when the test finishes.
 */
export async function startTwoInstances(
  url: string,
  options: {
    overrides?: Partial<Config>;
    wrapBus?: (bus: ClusterBus, id: string) => ClusterBus;
    /** Both servers' clock (default: the machine's). */
    now?: () => number;
  } = {},
): Promise<[ClusterServer, ClusterServer]> {
  const secret = randomBytes(32).toString('hex');
  const one = await startRedisInstance(url, { ...options, instanceId: 'one', secret });
  const two = await startRedisInstance(url, { ...options, instanceId: 'two', secret });
  return [one, two];
}

export interface InstanceOptions {
  instanceId: string;
  /** The token secret, the same for every instance of one test (a link works on any of them). */
  secret: string;
  overrides?: Partial<Config>;
  /** The store the instance uses, made from its own (a store that fails, for faults). */
  wrapStore?: (store: Store) => Store;
  wrapBus?: (bus: ClusterBus, id: string) => ClusterBus;
  now?: () => number;
}

/**
 * One in-process server instance on the redis-server at `url`: a `RedisStore` and a `RedisBus` of
 * its own, a data directory it must not need, its log captured. Stopped (once) when the test finishes.
 */
export async function startRedisInstance(url: string, options: InstanceOptions): Promise<ClusterServer> {
  const { instanceId, overrides = {}, wrapStore = (store) => store, wrapBus = (bus) => bus, now } = options;
  const dir = track(mkdtempSync(join(tmpdir(), `dialogue-room-${instanceId}-`)), (it) =>
    rmSync(it, { recursive: true, force: true }),
  );
  const config: Config = {
    ...loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'debug', TOKEN_SECRET: options.secret }),
    seatGraceMs: 60_000,
    commandsPer10s: 10_000,
    ...overrides,
  };
  const store = wrapStore(await RedisStore.open(url));
  const bus = wrapBus(await RedisBus.open(url, instanceId), instanceId);
  const { log, logs } = capturedLog(config.logLevel);
  const server = await startServer({ config, store, bus, log, ...(now ? { now } : {}) });
  let stopped: Promise<void> | null = null;
  return track(
    {
      ...server,
      instanceId,
      logs,
      createRoom: (mode, talk) => createRoom(server.url, mode, talk),
      stop() {
        stopped ??= server.close();
        return stopped;
      },
    },
    (it) => it.stop(),
  );
}

/** A bus that passes everything except what `drop` says to lose (a lost pub/sub message, S27). */
export function lossyBus(bus: ClusterBus, drop: (channel: string) => boolean): ClusterBus {
  return {
    instanceId: bus.instanceId,
    publish: (channel, message) => bus.publish(channel, message),
    subscribe: (channel, onMessage) =>
      bus.subscribe(channel, (message, from) => {
        if (!drop(channel)) onMessage(message, from);
      }),
    close: () => bus.close(),
  };
}
