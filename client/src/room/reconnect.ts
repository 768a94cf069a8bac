import type { ManagerOptions } from 'socket.io-client';
import type { WebsocketProvider } from 'y-websocket';

/** How the seat's socket.io client retries after a drop (socket.io-client's own back-off). */
export const SOCKET_RECONNECT: Partial<ManagerOptions> = {
  reconnectionDelayMax: 5000,
};

/** The y-websocket provider's own reconnect options. */
export function docReconnectOptions(): { maxBackoffTime?: number } {
  return {};
}

/** Left to the provider's own schedule for now. */
export function keepReconnecting(_provider: WebsocketProvider): void {}
