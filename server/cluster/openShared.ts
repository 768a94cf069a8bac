import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { RoomServer } from '../socket/io.ts';
import { StoreOpenError } from '../store/openError.ts';
import { RedisStore } from '../store/redis/store.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/types.ts';
import { adapterClient } from './adapterClient.ts';
import { type ClusterBus, LocalBus } from './bus.ts';
import { type InstanceLiveness, LocalLiveness, RedisLiveness } from './liveness.ts';
import { RedisBus } from './redisBus.ts';

/** REDIS_URL as it may appear in a log or an error: without its password. */
export function shownRedisUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * The store and the bus this instance runs on: SQLite in DATA_DIR and a silent bus when REDIS_URL is
 * unset; otherwise both on Redis. A Redis that does not answer at start is a `StoreOpenError`: one
 * line for the operator, not a process that starts and can serve nothing. The instance's liveness
 * key (S31) is on the store's connection when the store is Redis (a store given by a test
 * included); with one instance alone there is nobody to ask about.
 */
export async function openShared(
  config: Config,
  log: Logger,
  given: { store?: Store; bus?: ClusterBus },
  instanceId: string,
): Promise<{ store: Store; bus: ClusterBus; liveness: InstanceLiveness }> {
  const { redisUrl } = config;
  if (!redisUrl) {
    const store = given.store ?? new SqliteStore(config.dataDir, { log });
    const bus = given.bus ?? new LocalBus(instanceId);
    return { store, bus, liveness: livenessOn(store, bus) };
  }
  try {
    const store = given.store ?? (await RedisStore.open(redisUrl));
    const bus = given.bus ?? (await RedisBus.open(redisUrl, instanceId));
    return { store, bus, liveness: livenessOn(store, bus) };
  } catch (error) {
    throw new StoreOpenError(
      `Redis at ${shownRedisUrl(redisUrl)} did not answer (${(error as Error).message}): start it, or correct REDIS_URL.`,
    );
  }
}

function livenessOn(store: Store, bus: ClusterBus): InstanceLiveness {
  return store instanceof RedisStore ? new RedisLiveness(store.redis, bus.instanceId) : new LocalLiveness();
}

/**
 * socket.io across instances (issue 13 item 2): `@socket.io/redis-streams-adapter`, so a broadcast
 * to a channel reaches every instance's sockets and connection-state recovery keeps working. Room
 * events do not use it — each instance follows the log and emits to its own sockets (`io.local`,
 * S24) — the adapter carries what is addressed to sockets wherever they are.
 * Its own connection, with node-redis's offline queue: the adapter's read loop retries at once on
 * an error, so a client that fails fast while Redis is away would spin; one that waits does not.
 * A Redis that is up but still loading its files fails each read at once all the same: its reading
 * connections wait after a failed read (`adapterClient.ts`, S32).
 */
export async function attachAdapter(io: RoomServer, redisUrl: string): Promise<() => Promise<void>> {
  const client = adapterClient(redisUrl);
  await client.connect();
  io.adapter(createAdapter(client));
  return async () => {
    client.destroy();
  };
}
