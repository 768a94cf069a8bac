import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  docReconnectOptions,
  keepReconnecting,
  retrySocket,
  SOCKET_RECONNECT,
} from '../../client/src/room/reconnect.ts';
import {
  type ClientToServerEvents,
  docAuthFrame,
  type Following,
  follow,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  startFollowing,
} from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import { kill9, startServerProcess, tempDir } from '../support/serverProcess.ts';
import { track } from '../support/track.ts';

/**
 * S22 with the web client's own retry policy (client/src/room/reconnect.ts) wired to the stock
 * clients the way client/src/room/connection.ts wires it, against a server process killed with
 * SIGKILL: every connection of every tab drops in the same instant, as in a crash or a restart.
 */

/** A document client as the web client opens one: token first (D11), our retries, no BroadcastChannel. */
function webDoc(url: string, name: string, token: string, attempts: number[] = []) {
  const frame = docAuthFrame(token);
  class Tapped extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      attempts.push(performance.now());
      this.on('open', () => this.send(frame));
      this.on('error', () => undefined);
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/yjs`, name, doc, {
    ...docReconnectOptions(),
    WebSocketPolyfill: Tapped as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  let open = true;
  keepReconnecting(provider, () => open);
  return track({ provider, doc, attempts }, () => {
    open = false;
    provider.destroy();
    doc.destroy();
  });
}

/** A seat's socket.io client as the web client makes it: our retries, `lastSeq`, the shared follower. */
function webSeat(url: string, token: string) {
  let following: Following = startFollowing();
  const socket = io(url, {
    ...SOCKET_RECONNECT,
    transports: ['websocket'],
    forceNew: true,
    auth: (cb) =>
      cb({
        token,
        protocolVersion: PROTOCOL_VERSION,
        ...(following.lastSeq === undefined ? {} : { lastSeq: following.lastSeq }),
      }),
  }) as import('socket.io-client').Socket<ServerToClientEvents, ClientToServerEvents>;
  let open = true;
  retrySocket(socket, () => open);
  socket.on('welcome', (payload) => {
    following = follow(following, { name: 'welcome', payload });
  });
  socket.on('sync', (payload) => {
    following = follow(following, { name: 'sync', payload });
  });
  socket.on('event', (payload) => {
    following = follow(following, { name: 'event', payload });
  });
  return track(
    {
      socket,
      get lastSeq() {
        return following.lastSeq ?? 0;
      },
    },
    () => {
      open = false;
      socket.disconnect();
    },
  );
}

describe('retrying after the server went away', () => {
  it('S22 document clients that lost the server in the same instant retry at different moments', async () => {
    const server = await startServerProcess(tempDir());
    const room = await createRoom(server.url, 'practice');
    const docs = Array.from({ length: 12 }, (_, i) =>
      webDoc(server.url, `${room.roomId}/notes`, room.token(i % 2 ? 'A' : 'B')),
    );
    for (const { provider } of docs) await eventually(() => expect(provider.synced).toBe(true));
    await kill9(server);
    // Each has tried again at least twice (the port refuses at once).
    await eventually(() => expect(Math.min(...docs.map((d) => d.attempts.length))).toBeGreaterThanOrEqual(3));
    // The first retries, relative to the earliest one: in lockstep they would all sit within a few
    // milliseconds (y-websocket's own schedule waits exactly 200 ms in every tab).
    const firstRetries = docs.map((d) => d.attempts[1] as number);
    const range = Math.max(...firstRetries) - Math.min(...firstRetries);
    expect(range).toBeGreaterThan(50);
  });

  it('S22 S4 after kill -9 and a restart, a seat and its document come back by themselves and catch up', async () => {
    const dir = tempDir();
    const first = await startServerProcess(dir);
    const room = await createRoom(first.url, 'practice');
    const seat = webSeat(first.url, room.token('A'));
    const notes = webDoc(first.url, `${room.roomId}/notes`, room.token('A'));
    await eventually(() => expect(seat.lastSeq).toBeGreaterThan(0));
    await eventually(() => expect(notes.provider.synced).toBe(true));
    await kill9(first);
    await eventually(() => expect(seat.socket.connected).toBe(false));

    const port = new URL(first.url).port;
    const second = await startServerProcess(dir, { PORT: port });
    // Someone else moves the room on and writes in the notes while A's clients retry.
    const b = openSeat(second.url, room.token('B'));
    await b.connected();
    const head = await b.ok({ type: 'setTimer', seconds: 60 });
    const other = webDoc(second.url, `${room.roomId}/notes`, room.token('B'));
    await eventually(() => expect(other.provider.synced).toBe(true));
    other.doc.getText('learned').insert(0, 'after the restart');

    await eventually(() => expect(seat.lastSeq).toBe(head), 20_000);
    await eventually(() => expect(notes.doc.getText('learned').toString()).toBe('after the restart'), 20_000);
  });
});
