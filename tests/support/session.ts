import { beforeEach } from 'vitest';
import type { Config } from '../../server/config.ts';
import type { Store } from '../../server/store/types.ts';
import { openSeat, type SeatOptions } from './clients.ts';
import { startTestServer, type TestServer } from './testServer.ts';
import { track } from './track.ts';

export interface ServerOptions {
  /** The store the server uses, made in its data directory (default: SQLite). */
  store?: (dataDir: string) => Store;
  /** The server's clock (default: the machine's). */
  now?: () => number;
}

/**
 * A fresh server for each test, started in `beforeEach`. It and every client opened through `ctx`
 * are closed when the test finishes, passed or failed, the clients first (`track.ts`).
 */
export function withServer(overrides: Partial<Config> = {}, options: ServerOptions = {}) {
  const ctx = {
    server: undefined as unknown as TestServer,
    /** Connects a client and waits for its welcome. */
    async join(token: string, options: SeatOptions = {}) {
      const client = ctx.open(token, options);
      await client.connected();
      return client;
    },
    /** Opens a client without waiting (for refusals). */
    open(token: string, options: SeatOptions = {}) {
      return openSeat(ctx.server.url, token, options);
    },
  };
  beforeEach(async () => {
    const server = await startTestServer(overrides, undefined, options.store, options.now);
    ctx.server = track(server, () => server.stop());
  });
  return ctx;
}
