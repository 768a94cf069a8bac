import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createProxyServer } from 'http-proxy-3';

/** How long an instance that refused a connection is left out of the rotation. */
const DOWN_MS = 2000;

export interface Balancer {
  /** The balancer's address: what clients use. */
  url: string;
  /** Where each request and upgrade went, by instance index (a test can check the spread). */
  routed: number[];
  /** Sends every new request and upgrade to `index` only (`null`: round robin again). */
  pin(index: number | null): void;
  /** Puts `index` back in the rotation at once (an instance started again). */
  up(index: number): void;
  close(): Promise<void>;
}

/**
 * A load balancer as `deploy/nginx.conf` configures one, for the cluster tests and the cluster
 * bench: each HTTP request and each websocket upgrade goes to the next instance in turn — no sticky
 * routing — and an instance that refused a connection is skipped for a moment (nginx's
 * `max_fails`/`fail_timeout`). `targets()` is read at each pick, so a restarted instance's new
 * address is used.
 */
export async function startBalancer(targets: () => string[]): Promise<Balancer> {
  const down = new Map<number, number>();
  const routed: number[] = [];
  let next = 0;
  let pinned: number | null = null;
  const pick = (): number => {
    if (pinned !== null) return pinned;
    const count = targets().length;
    for (let tries = 0; tries < count; tries++) {
      const index = next;
      next = (next + 1) % count;
      if ((down.get(index) ?? 0) <= Date.now()) return index;
    }
    return next;
  };
  const proxy = createProxyServer({ ws: true, xfwd: true });
  const failed = (index: number) => down.set(index, Date.now() + DOWN_MS);
  const server = createServer((req, res) => {
    const index = pick();
    routed.push(index);
    proxy.web(req, res, { target: targets()[index] ?? '' }, () => {
      failed(index);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const index = pick();
    routed.push(index);
    proxy.ws(req, socket, head, { target: targets()[index] ?? '' }, () => {
      failed(index);
      socket.destroy();
    });
  });
  // Every socket, upgraded ones included: `closeAllConnections()` knows only HTTP connections, and
  // an upgraded socket left open (a client of a killed instance) would keep `close()` waiting.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routed,
    pin(index) {
      pinned = index;
    },
    up(index) {
      down.delete(index);
    },
    close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      return closed;
    },
  };
}
