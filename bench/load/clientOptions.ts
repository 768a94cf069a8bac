import { docReconnectOptions, SOCKET_RECONNECT } from '../../client/src/room/reconnect.ts';

/**
 * The reconnect settings of the web client (client/src/room/connection.ts), from the module the web
 * client itself uses (client/src/room/reconnect.ts): both channels retry on its jittered schedule,
 * wired in load/seat.ts with `retrySocket` and `keepReconnecting`, so the storm and the reconnect
 * measurement use the backoff real clients use.
 */
export const WEB_CLIENT_SOCKET = {
  transports: ['websocket'],
  ...SOCKET_RECONNECT,
} as const;

export const WEB_CLIENT_PROVIDER = docReconnectOptions();
