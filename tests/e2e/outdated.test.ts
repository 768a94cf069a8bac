import type { Server } from 'socket.io';
import { describe, expect, it, onTestFinished } from 'vitest';
import { localSocketsIn, seatChannel } from '../../server/socket/channels.ts';
import type { RoomSocket } from '../../server/socket/io.ts';
import { openSeat } from '../support/clients.ts';
import { expectAccessible } from './support/axe.ts';
import { withBrowser } from './support/browser.ts';

const e2e = withBrowser();

/** A practice room with Partner A's page open, and a count of A's connections as the server sees them. */
async function partnerAInTheRoom() {
  const room = await e2e.server.createRoom('practice');
  const channel = seatChannel(room.roomId, 'A');
  const connections = { count: 0 };
  const counter = (socket: RoomSocket) => {
    if (socket.data.roomId === room.roomId && socket.data.seat === 'A') connections.count++;
  };
  e2e.server.io.on('connection', counter);
  onTestFinished(() => {
    e2e.server.io.off('connection', counter);
  });
  const a = await e2e.open('phone', 'partner A');
  await a.page.goto(room.seats.A?.link ?? '');
  await a.page.getByRole('heading', { name: 'Before we begin' }).waitFor();
  expect(connections.count).toBe(1);
  const emitToA = (event: unknown) => offProtocol().local.to(channel).emit('event', event);
  const openSockets = () => localSocketsIn(e2e.server.io, channel).length;
  return { room, a, connections, emitToA, openSockets };
}

/** The server without the wire's event maps: these tests send what a newer server would, which the maps forbid. */
const offProtocol = (): Server => e2e.server.io;

const RELOAD_MESSAGE = 'This room was updated. Please reload the page.';

describe('S4 an event this copy of the app cannot read', () => {
  it('S4 shows "reload" and stops at once instead of reconnecting for ever; a reload brings the room back', async () => {
    const { room, a, connections, emitToA, openSockets } = await partnerAInTheRoom();
    // As a newer server would send it: a type this app does not know, at the next seq.
    emitToA({ type: 'somethingNew', seq: 2, at: Date.now(), actor: 'system' });

    await a.page.getByRole('alert').filter({ hasText: RELOAD_MESSAGE }).waitFor();
    await expect.poll(openSockets).toBe(0);
    await expectAccessible(a.page, 'the room was updated (phone)');
    // The room goes on without A's page: nothing brings the stopped page back on its own.
    const b = openSeat(e2e.server.url, room.token('B'));
    await b.connected();
    await b.ok({ type: 'agreeContract' });
    expect(connections.count).toBe(1);
    expect(openSockets()).toBe(0);

    await a.page.getByRole('button', { name: 'Reload' }).click();
    await a.page.getByText('Partner B agreed to the ground rules.').waitFor();
    expect(connections.count).toBe(2);
    a.expectNoErrors();
  });

  it('S4 a gap that one reconnect does not fill shows "reload" after that one reconnect', async () => {
    const { room, a, connections, emitToA, openSockets } = await partnerAInTheRoom();
    // A server that sends seq 3 without seq 2 on every connection of A's — the loop the old client fell into.
    const missingTwo = { type: 'resumed', seq: 3, at: Date.now(), actor: 'system' };
    const adapter = e2e.server.io.of('/').adapter;
    const onJoin = (channel: string, id: string) => {
      if (channel === seatChannel(room.roomId, 'A'))
        offProtocol().of('/').sockets.get(id)?.emit('event', missingTwo);
    };
    adapter.on('join-room', onJoin);
    onTestFinished(() => {
      adapter.off('join-room', onJoin);
    });
    emitToA(missingTwo);

    await a.page.getByRole('alert').filter({ hasText: RELOAD_MESSAGE }).waitFor();
    await expect.poll(openSockets).toBe(0);
    // The first connection and the one reconnect, no more.
    expect(connections.count).toBe(2);
    a.expectNoErrors();
  });
});
