import type WebSocket from 'ws';
import { openDoc } from './clients.ts';
import type { DocClient } from './docClient.ts';
import { track } from './track.ts';

/** Document clients and raw sockets for the tests of one server, all closed when each test finishes. */
export function withDocClients(url: () => string) {
  return {
    /** The stock y-websocket client on `<roomId>/<doc>` with a seat token. */
    open(name: string, token: string): DocClient {
      return openDoc(url(), name, token);
    },
    /** Closes a raw socket when the test finishes. */
    track<T extends WebSocket>(socket: T): T {
      return track(socket, (open) => open.terminate());
    },
  };
}
