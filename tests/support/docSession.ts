import type WebSocket from 'ws';
import { openDoc, openRawDoc } from './clients.ts';
import type { DocClient } from './docClient.ts';

/** Document clients and raw sockets for the tests of one server, all closed when each test finishes. */
export function withDocClients(url: () => string) {
  return {
    /** The stock y-websocket client on `<roomId>/<doc>` with a seat token. */
    open(name: string, token: string): DocClient {
      return openDoc(url(), name, token);
    },
    /** A raw socket to `<roomId>/<doc>`, for frames the stock client would never send (`null`: no auth message). */
    rawSocket(name: string, token: string | null): WebSocket {
      return openRawDoc(url(), name, token);
    },
  };
}
