/**
 * The reconnect settings of the web client (client/src/room/connection.ts), restated here because that
 * module needs a browser: the storm and the reconnect measurement must use the backoff real clients
 * use. Keep the two in step when the client's backoff changes.
 */
export const WEB_CLIENT_SOCKET = {
  transports: ['websocket'],
  reconnectionDelayMax: 5000,
} as const;

/** y-websocket's provider with its defaults (the web client passes no backoff of its own). */
export const WEB_CLIENT_PROVIDER = {} as const;
