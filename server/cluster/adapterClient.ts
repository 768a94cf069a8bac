import { createClient } from 'redis';
import { READ_RETRY_MS } from '../store/redis/follower.ts';

/**
 * The Redis client the socket.io streams adapter runs on (S32). The adapter reads on connections it
 * makes with `duplicate()`, in a loop that sends the next `XREAD BLOCK` as soon as one fails
 * (`startPolling` in node_modules/@socket.io/redis-streams-adapter/dist/adapter.js, 0.3.1). The
 * offline queue holds a read back while the connection is down, but a Redis that is up and still
 * loading its files after a restart answers each read at once with `-LOADING`: the loop then sent a
 * read per answer — hundreds a second per instance (bench/redisLoading.ts) — for as long as Redis
 * loaded. So each duplicate's `xRead` waits `READ_RETRY_MS` after a failure before it reports it, as
 * the store's own follower does (`server/store/redis/follower.ts`); a successful read is untouched.
 */
export function adapterClient(url: string) {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 5), 1000) },
  });
  client.on('error', () => {});
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((...args: Parameters<typeof duplicate>) => {
    const copy = duplicate(...args);
    const xRead = copy.xRead.bind(copy);
    // An own property of the connection: the command on node-redis's prototype stays as it is.
    return Object.assign(copy, {
      xRead: (async (...readArgs: Parameters<typeof xRead>) => {
        try {
          return await xRead(...readArgs);
        } catch (error) {
          await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS).unref());
          throw error;
        }
      }) as typeof xRead,
    });
  }) as typeof client.duplicate;
  return client;
}
