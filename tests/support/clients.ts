import type WebSocket from 'ws';
import { DocClient, rawDocSocket } from './docClient.ts';
import { SeatClient } from './seatClient.ts';
import { track } from './track.ts';

/**
 * Clients that close themselves when the test finishes (`track.ts`), for tests that talk to a
 * server they started themselves; `withServer` and `withDocClients` open theirs through these.
 */

export type SeatOptions = ConstructorParameters<typeof SeatClient>[2];

/** A seat's socket.io client on `url`, disconnected when the test finishes. */
export function openSeat(url: string, token: string, options: SeatOptions = {}): SeatClient {
  return track(new SeatClient(url, token, options), (client) => client.close());
}

/** The stock y-websocket client on document `name`, destroyed when the test finishes. */
export function openDoc(url: string, name: string, token: string): DocClient {
  return track(new DocClient(url, name, token), (client) => client.destroy());
}

/** A raw socket to document `name` with the auth message sent (`null`: none), terminated when the test finishes. */
export function openRawDoc(url: string, name: string, token: string | null): WebSocket {
  return track(rawDocSocket(url, name, token), (socket) => socket.terminate());
}
