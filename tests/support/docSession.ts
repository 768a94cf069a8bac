import { afterEach } from 'vitest';
import type WebSocket from 'ws';
import { DocClient } from './docClient.ts';

/** Document clients and raw sockets for one test, all closed after it. */
export function withDocClients(url: () => string) {
  const clients: DocClient[] = [];
  const sockets: WebSocket[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  return {
    /** The stock y-websocket client on `<roomId>/<doc>` with a seat token. */
    open(name: string, token: string): DocClient {
      const client = new DocClient(url(), name, token);
      clients.push(client);
      return client;
    },
    /** Closes a raw socket after the test too. */
    track<T extends WebSocket>(socket: T): T {
      sockets.push(socket);
      return socket;
    },
  };
}
