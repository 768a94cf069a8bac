import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { SeatClient } from '../support/seatClient.ts';
import {
  exitOf,
  type ServerProcess,
  startServerProcess,
  tempDir,
  withServerProcesses,
} from '../support/serverProcess.ts';
import type { CreatedRoom } from '../support/testServer.ts';

/**
 * S14 with real processes: SIGTERM stops the server within SHUTDOWN_MS whatever its clients do,
 * a second signal stops it at once, and nothing acknowledged is lost on the way. The tests assert
 * that the process exits, not how fast; their time limit is far below what the old code took
 * (a half-sent request kept it alive for minutes, a client that stopped reading for 30 s).
 */

withServerProcesses();
const clients: SeatClient[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const socket of sockets.splice(0)) socket.destroy();
});

async function createRoom(server: ServerProcess): Promise<CreatedRoom> {
  const res = await fetch(`${server.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'therapy' }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedRoom;
}

/**
 * A request whose body never finishes arriving. `Expect: 100-continue` makes the server say when
 * it has read the headers, so the request is surely in progress (not an idle connection) when the
 * test goes on.
 */
async function halfSentRequest(server: ServerProcess): Promise<Socket> {
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => undefined);
  let received = '';
  socket.on('data', (chunk) => {
    received += String(chunk);
  });
  await once(socket, 'connect');
  socket.write(
    'POST /api/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Content-Length: 20\r\nExpect: 100-continue\r\n\r\n',
  );
  await eventually(() => expect(received).toContain('100 Continue'));
  socket.write('{"mo');
  return socket;
}

/** A seat whose device stops reading its socket: nothing the server sends, a close included, is read. */
async function frozenSeat(server: ServerProcess, token: string): Promise<SeatClient> {
  const client = new SeatClient(server.url, token);
  clients.push(client);
  await client.connected();
  const transport = client.socket.io.engine.transport as unknown as { ws: { _socket: Socket } };
  transport.ws._socket.pause();
  return client;
}

describe('shutdown within a bound (S14)', () => {
  it('S14 SIGTERM with a half-sent HTTP request exits (code 0)', { timeout: 20_000 }, async () => {
    const server = await startServerProcess(tempDir(), { SHUTDOWN_MS: '1000' });
    await halfSentRequest(server);
    server.child.kill('SIGTERM');
    expect(await exitOf(server, 15_000)).toEqual({ code: 0, signal: null });
  });

  it('S14 S1 SIGTERM with a socket.io client that stopped reading exits (code 0), and the command it had acknowledged is there after a restart', {
    timeout: 25_000,
  }, async () => {
    const dataDir = tempDir();
    const server = await startServerProcess(dataDir, { SHUTDOWN_MS: '1000' });
    const room = await createRoom(server);
    const therapist = await frozenSeat(server, room.seats.therapist?.token as string);
    // Acknowledged before the socket froze, then the socket stops reading.
    const before = new SeatClient(server.url, room.seats.therapist?.token as string);
    clients.push(before);
    await before.connected();
    expect(await before.send({ type: 'admit', seat: 'A' })).toEqual({ ok: true, seq: 2 });
    expect(therapist.socket.connected).toBe(true);

    server.child.kill('SIGTERM');
    expect(await exitOf(server, 15_000)).toEqual({ code: 0, signal: null });

    const again = await startServerProcess(dataDir);
    const observer = new SeatClient(again.url, room.seats.therapist?.token as string, { lastSeq: 0 });
    clients.push(observer);
    await observer.connected();
    await observer.caughtUp(2);
    expect(observer.events.map((event) => event.type)).toEqual(['roomCreated', 'seatAdmitted']);
    expect(observer.state?.admitted.A).toBe(true);
  });

  it('S14 a second SIGTERM during a slow shutdown exits at once, saying so', {
    timeout: 20_000,
  }, async () => {
    // A bound far beyond this test's time limit: only the second signal can end it in time.
    const server = await startServerProcess(tempDir(), { SHUTDOWN_MS: '600000' });
    await halfSentRequest(server);
    server.child.kill('SIGTERM');
    await eventually(() => expect(server.logs.map((line) => line.msg)).toContain('stopping'));
    server.child.kill('SIGTERM');
    expect(await exitOf(server, 15_000)).toEqual({ code: 1, signal: null });
    expect(server.logs).toContainEqual(
      expect.objectContaining({ signal: 'SIGTERM', msg: 'second signal: stopping now, without waiting' }),
    );
  });
});
