import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startBalancer } from '../support/balancer.ts';
import { track } from '../support/track.ts';

describe('the test load balancer', () => {
  it('closes with an upgraded socket still open (a client the test did not close, or of a killed instance)', async () => {
    // An upstream that accepts the upgrade and then never closes the socket.
    const upstream = track(createServer(), (server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    const held: Duplex[] = [];
    upstream.on('upgrade', (_request, socket) => {
      held.push(socket);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    });
    track(held, (sockets) => {
      for (const socket of sockets) socket.destroy();
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const balancer = await startBalancer(() => [target]);

    const client = track(connect(Number(new URL(balancer.url).port), '127.0.0.1'), (socket) =>
      socket.destroy(),
    );
    client.write(
      'GET / HTTP/1.1\r\nHost: room\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const response = await new Promise<string>((resolve) =>
      client.once('data', (data) => resolve(String(data))),
    );
    expect(response).toContain('101 Switching Protocols');

    // Before the fix, close() waited for that socket for ever (the failover test's hook timeout in CI).
    await balancer.close();
    await new Promise<void>((resolve) =>
      client.destroyed ? resolve() : client.once('close', () => resolve()),
    );
    expect(client.destroyed).toBe(true);
  });
});
