import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import { exitOf, type ServerProcess, startServerProcess, tempDir } from '../support/serverProcess.ts';
import { track } from '../support/track.ts';

/**
 * S14 with real processes: SIGTERM stops the server within SHUTDOWN_MS whatever its clients do,
 * a second signal stops it at once, and nothing acknowledged is lost on the way. The tests assert
 * that the process exits, not how fast; their time limit is far below what the old code took
 * (a half-sent request kept it alive for minutes, a client that stopped reading for 30 s).
 */

/**
 * A request whose body never finishes arriving. `Expect: 100-continue` makes the server say when
 * it has read the headers, so the request is surely in progress (not an idle connection) when the
 * test goes on.
 */
async function halfSentRequest(server: ServerProcess): Promise<Socket> {
  const socket = track(connect(Number(new URL(server.url).port), '127.0.0.1'), (open) => open.destroy());
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
async function frozenSeat(server: ServerProcess, token: string) {
  const client = openSeat(server.url, token);
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
    const room = await createRoom(server.url, 'therapy');
    const therapist = await frozenSeat(server, room.token('therapist'));
    // Acknowledged before the socket froze, then the socket stops reading.
    const before = openSeat(server.url, room.token('therapist'));
    await before.connected();
    expect(await before.send({ type: 'admit', seat: 'A' })).toEqual({ ok: true, seq: 2 });
    expect(therapist.socket.connected).toBe(true);

    server.child.kill('SIGTERM');
    expect(await exitOf(server, 15_000)).toEqual({ code: 0, signal: null });

    const again = await startServerProcess(dataDir);
    const observer = openSeat(again.url, room.token('therapist'), { lastSeq: 0 });
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
