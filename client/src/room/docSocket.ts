import { docAuthFrame } from '../../../shared/index.ts';

/**
 * The browser's WebSocket for the stock y-websocket provider, sending the seat token as the first
 * message instead of in the address (SPEC D11): addresses end up in proxy and server logs, messages
 * do not. The listener is added in the constructor, before the provider sets `onopen`, so the auth
 * message always goes before the provider's first sync message.
 */
export function authenticatedWebSocket(token: string): typeof WebSocket {
  const frame = new Uint8Array(docAuthFrame(token));
  return class AuthenticatedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => this.send(frame));
    }
  };
}
