import { startBalancer } from './balancer.ts';
import { openSeat, type SeatOptions } from './clients.ts';
import { type RedisServer, startRedis } from './redisServer.ts';
import type { SeatClient } from './seatClient.ts';
import { type ServerProcess, type SpawnOptions, startServerProcess, tempDir } from './serverProcess.ts';
import { track } from './track.ts';

/**
 * The topology of `docker-compose.yml` as processes (issue 13): one redis-server this file starts,
 * several server processes on it (`REDIS_URL`), and the round-robin load balancer of `balancer.ts`
 * in front (no sticky routing).
 */
export interface Cluster {
  redis: RedisServer;
  instances: ServerProcess[];
  /** The load balancer's address: what clients use. */
  url: string;
  /** Where the load balancer sent each upgrade and request, by instance index (a test can check the spread). */
  routed: number[];
  /** Starts instance `index` again (after a kill), on the same Redis. */
  restart(index: number): Promise<ServerProcess>;
  /** Sends every new request and upgrade to `index` only (`null`: round robin again). */
  pin(index: number | null): void;
}

export interface ClusterOptions {
  instances?: number;
  env?: Record<string, string>;
  spawn?: SpawnOptions;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const redis = track(await startRedis(), (it) => it.stop());
  const env = (index: number) => ({
    REDIS_URL: redis.url,
    INSTANCE_ID: `instance-${index + 1}`,
    // One proxy hop in front, as in docker-compose.yml: limits see the client's address.
    TRUST_PROXY: '1',
    ...options.env,
  });
  const count = options.instances ?? 3;
  // Each instance gets a data directory of its own that it must not need (Redis holds everything).
  const start = (index: number) => startServerProcess(tempDir(), env(index), options.spawn);
  const instances = await Promise.all(Array.from({ length: count }, (_, index) => start(index)));
  const balancer = track(await startBalancer(() => instances.map((instance) => instance.url)), (it) =>
    it.close(),
  );
  return {
    redis,
    instances,
    url: balancer.url,
    routed: balancer.routed,
    async restart(index) {
      const started = await start(index);
      instances[index] = started;
      balancer.up(index);
      return started;
    },
    pin: (index) => balancer.pin(index),
  };
}

/** A seat's client connected through the balancer to instance `index`; new connections go round robin again after. */
export async function seatOn(
  cluster: Cluster,
  index: number,
  token: string,
  options: SeatOptions = {},
): Promise<SeatClient> {
  cluster.pin(index);
  try {
    const client = openSeat(cluster.url, token, options);
    await client.connected();
    return client;
  } finally {
    cluster.pin(null);
  }
}
