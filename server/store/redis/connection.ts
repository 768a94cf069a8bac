import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  createClient,
  DisconnectsClientError,
  ErrorReply,
  ReconnectStrategyError,
  SocketClosedUnexpectedlyError,
  SocketTimeoutError,
  TimeoutError,
} from 'redis';
import { StoreUnavailable } from '../unavailable.ts';
import { ACCOUNT_SCRIPTS } from './accountScripts.ts';
import { PRACTICE_SCRIPTS } from './practiceScripts.ts';
import { SCRIPTS } from './scripts.ts';

/** How long opening waits for Redis before giving up, and how long a readiness probe may take. */
export const CONNECT_TIMEOUT_MS = 2000;

/**
 * How long a call waits for Redis's answer before it fails with `StoreUnavailable`. node-redis's
 * own command timeout stops counting once a command is written to the socket, so a Redis that
 * holds the connection and stops answering would otherwise leave the call waiting for ever.
 */
export const COMMAND_TIMEOUT_MS = 5000;

/**
 * One connection to Redis. Commands are never queued while it is down (`disableOfflineQueue`): a
 * call fails at once and says so (`StoreUnavailable`) instead of hanging or landing later, when the
 * caller has given up on it. Reconnection goes on in the background, backing off to a second.
 */
export function connectRedis(url: string) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    scripts: { ...SCRIPTS, ...ACCOUNT_SCRIPTS, ...PRACTICE_SCRIPTS },
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 5), 1000),
    },
  });
  // Without a listener an 'error' event would end the process; the failed calls report it.
  client.on('error', () => {});
  return client;
}

export type RedisClient = ReturnType<typeof connectRedis>;

/** Opens the connection, or throws `StoreUnavailable` when Redis does not answer in time. */
export async function openConnection(client: RedisClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('Redis did not answer')), CONNECT_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    client.destroy();
    throw new StoreUnavailable(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Redis's own refusals that mean "not now" rather than "not this": still loading its files after a
 * restart, unable to write its append-only file, a replica, a script running too long.
 */
const TRANSIENT_REPLIES = ['LOADING', 'MISCONF', 'READONLY', 'MASTERDOWN', 'BUSY', 'TRYAGAIN'];

/** Maps a failed call to `StoreUnavailable` when Redis could not be asked; other errors pass. */
export function unavailableOr(error: unknown): unknown {
  if (error instanceof StoreUnavailable) return error;
  if (error instanceof ErrorReply) {
    return TRANSIENT_REPLIES.some((prefix) => error.message.startsWith(prefix))
      ? new StoreUnavailable(error)
      : error;
  }
  const connectionLost = [
    ClientClosedError,
    ClientOfflineError,
    ConnectionTimeoutError,
    DisconnectsClientError,
    ReconnectStrategyError,
    SocketClosedUnexpectedlyError,
    SocketTimeoutError,
    TimeoutError,
  ].some((kind) => error instanceof kind);
  // A system error of the socket (ECONNRESET, EPIPE …) counts too.
  const socketError = typeof (error as { code?: unknown } | null)?.code === 'string';
  return connectionLost || socketError ? new StoreUnavailable(error) : error;
}
