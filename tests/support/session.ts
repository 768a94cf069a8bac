import { afterEach, beforeEach } from 'vitest';
import type { Config } from '../../server/config.ts';
import type { Store } from '../../server/store/types.ts';
import { SeatClient } from './seatClient.ts';
import { startTestServer, type TestServer } from './testServer.ts';

/** Per-test server and clients, torn down in hooks. */
export function withServer(overrides: Partial<Config> = {}, makeStore?: (dataDir: string) => Store) {
  const ctx = {
    server: undefined as unknown as TestServer,
    clients: [] as SeatClient[],
    /** Connects a client and waits for its welcome. */
    async join(token: string, options: ConstructorParameters<typeof SeatClient>[2] = {}) {
      const client = ctx.open(token, options);
      await client.connected();
      return client;
    },
    /** Opens a client without waiting (for refusals). */
    open(token: string, options: ConstructorParameters<typeof SeatClient>[2] = {}) {
      const client = new SeatClient(ctx.server.url, token, options);
      ctx.clients.push(client);
      return client;
    },
  };
  beforeEach(async () => {
    ctx.server = await startTestServer(overrides, undefined, makeStore);
  });
  afterEach(async () => {
    for (const client of ctx.clients.splice(0)) client.close();
    await ctx.server.stop();
  });
  return ctx;
}
