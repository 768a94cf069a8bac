import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxyServer } from 'http-proxy-3';
import { type RedisServer, startRedis } from './redisServer.ts';
import { type ServerProcess, type SpawnOptions, startServerProcess, tempDir } from './serverProcess.ts';
import { track } from './track.ts';

/**
 * The topology of `docker-compose.yml` as processes (issue 13): one redis-server this file starts,
 * several server processes on it (`REDIS_URL`), and a load balancer in front that sends each HTTP
 * request and each websocket upgrade to the next instance in turn — no sticky routing — and skips
 * an instance that refused a connection for a moment, as nginx's `max_fails`/`fail_timeout` do.
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

/** How long an instance that refused a connection is left out of the rotation. */
const DOWN_MS = 2000;

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const redis = track(await startRedis(), (it) => it.stop());
  const env = (index: number) => ({
    REDIS_URL: redis.url,
    INSTANCE_ID: `instance-${index + 1}`,
    ...options.env,
  });
  const count = options.instances ?? 3;
  // Each instance gets a data directory of its own that it must not need (Redis holds everything).
  const start = (index: number) => startServerProcess(tempDir(), env(index), options.spawn);
  const instances = await Promise.all(Array.from({ length: count }, (_, index) => start(index)));
  const down = new Map<number, number>();
  const routed: number[] = [];
  let next = 0;
  let pinned: number | null = null;
  const pick = (): number => {
    if (pinned !== null) return pinned;
    for (let tries = 0; tries < count; tries++) {
      const index = next;
      next = (next + 1) % count;
      if ((down.get(index) ?? 0) <= Date.now()) return index;
    }
    return next;
  };
  const proxy = createProxyServer({ ws: true, xfwd: true });
  const targetOf = (index: number) => instances[index]?.url ?? '';
  const failed = (index: number) => down.set(index, Date.now() + DOWN_MS);
  const server: Server = createServer((req, res) => {
    const index = pick();
    routed.push(index);
    proxy.web(req, res, { target: targetOf(index) }, () => {
      failed(index);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const index = pick();
    routed.push(index);
    proxy.ws(req, socket, head, { target: targetOf(index) }, () => {
      failed(index);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  track(server, () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return {
    redis,
    instances,
    url: `http://127.0.0.1:${port}`,
    routed,
    async restart(index) {
      const started = await start(index);
      instances[index] = started;
      down.delete(index);
      return started;
    },
    pin(index) {
      pinned = index;
    },
  };
}
