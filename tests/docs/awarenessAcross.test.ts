import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { LiveDoc } from '../../server/docs/liveDoc.ts';
import { DOC_CLOSE } from '../../shared/index.ts';
import { openDoc, openRawDoc } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { redisInstances } from '../support/redisInstances.ts';

/**
 * S29 (awareness): two server instances on one Redis, each with its own store and bus, and stock
 * y-websocket clients on each. Who is here crosses instances; D7's ownership holds across them.
 */

const cluster = redisInstances();

/** An awareness frame as a client sends it: one entry for `clientID`. */
function awarenessFrame(clientID: number, clock: number, state: object | null): Uint8Array {
  const entries = encoding.createEncoder();
  encoding.writeVarUint(entries, 1);
  encoding.writeVarUint(entries, clientID);
  encoding.writeVarUint(entries, clock);
  encoding.writeVarString(entries, JSON.stringify(state));
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 1);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(entries));
  return encoding.toUint8Array(frame);
}

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
  );
}

describe('awareness across instances (S29)', () => {
  it('S29 D7 a state set on one instance reaches a client on another, and so does its removal when the connection closes', async () => {
    const [one, two] = [await cluster.start(), await cluster.start()];
    const room = await one.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const onOne = openDoc(one.url, name, room.token('A'));
    const onTwo = openDoc(two.url, name, room.token('B'));
    await Promise.all([onOne.synced(), onTwo.synced()]);

    onOne.provider.awareness.setLocalState({ seat: 'A', typing: true });
    const seenOnTwo = () => onTwo.provider.awareness.getStates().get(onOne.doc.clientID);
    await eventually(() => expect(seenOnTwo()).toEqual({ seat: 'A', typing: true }));
    // And the other way round.
    onTwo.provider.awareness.setLocalState({ seat: 'B' });
    await eventually(() =>
      expect(onOne.provider.awareness.getStates().get(onTwo.doc.clientID)).toEqual({ seat: 'B' }),
    );

    onOne.provider.awareness.setLocalState({ seat: 'A', typing: false });
    await eventually(() => expect(seenOnTwo()).toEqual({ seat: 'A', typing: false }));
    // The connection on instance 1 closes: its state leaves instance 2's clients too.
    onOne.destroy();
    await eventually(() => expect(seenOnTwo()).toBeUndefined());
  });

  it('S29 a document loaded later on another instance hears the states already there at once', async () => {
    const [one, two] = [await cluster.start(), await cluster.start()];
    const room = await one.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const onOne = openDoc(one.url, name, room.token('A'));
    await onOne.synced();
    onOne.provider.awareness.setLocalState({ seat: 'A' });
    await eventually(() => expect(one.docs.loadedNames()).toContain(name));

    // Loaded on instance 2 only now: it asks, instance 1 answers (no wait for the 15 s renewal).
    const onTwo = openDoc(two.url, name, room.token('B'));
    await onTwo.synced();
    await eventually(
      () => expect(onTwo.provider.awareness.getStates().get(onOne.doc.clientID)).toEqual({ seat: 'A' }),
      8_000,
    );
  });

  it('S29 D7 D9 a connection on one instance claiming a client id another seat holds on another instance is refused, and the state stays', async () => {
    const [one, two] = [await cluster.start(), await cluster.start()];
    const room = await one.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const onOne = openDoc(one.url, name, room.token('A'));
    const onTwo = openDoc(two.url, name, room.token('B'));
    await Promise.all([onOne.synced(), onTwo.synced()]);
    onOne.provider.awareness.setLocalState({ seat: 'A', typing: true });
    const id = onOne.doc.clientID;
    await eventually(() =>
      expect(onTwo.provider.awareness.getStates().get(id)).toEqual({ seat: 'A', typing: true }),
    );

    // B's forged frame on instance 2: A's client id, a newer clock, "gone".
    const forger = openRawDoc(two.url, name, room.token('B'));
    const closed = closeOf(forger);
    forger.on('open', () => forger.send(awarenessFrame(id, 10_000, null)));
    expect(await closed).toEqual({
      code: DOC_CLOSE.forbidden,
      reason: 'awareness client belongs to another seat',
    });

    // Nobody lost A's state: not instance 2's client, not instance 1's.
    onOne.provider.awareness.setLocalState({ seat: 'A', typing: false });
    await eventually(() =>
      expect(onTwo.provider.awareness.getStates().get(id)).toEqual({ seat: 'A', typing: false }),
    );
    expect(one.docs.connectionsTo(name)).toBe(1);
  });

  it("S29 D7 a state from an instance that went quiet leaves by y-protocols' 30 s timeout, on the server and its clients", async () => {
    const [one, two] = [await cluster.start(), await cluster.start()];
    const room = await one.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const onOne = openDoc(one.url, name, room.token('A'));
    const onTwo = openDoc(two.url, name, room.token('B'));
    await Promise.all([onOne.synced(), onTwo.synced()]);
    onOne.provider.awareness.setLocalState({ seat: 'A' });
    const id = onOne.doc.clientID;
    await eventually(() => expect(onTwo.provider.awareness.getStates().get(id)).toEqual({ seat: 'A' }));

    // Instance 1 falls silent (as if killed: no removal, no renewal reaches anyone).
    await one.bus.close();
    const live = (two.docs as unknown as { docs: Map<string, LiveDoc> }).docs.get(name) as LiveDoc;
    // Its last word, aged past the timeout, rather than waiting 30 s: the server's own check removes it.
    const meta = live.awareness.meta.get(id) as { clock: number; lastUpdated: number };
    meta.lastUpdated -= 31_000;
    await eventually(() => expect(live.awareness.getStates().has(id)).toBe(false));
    await eventually(() => expect(onTwo.provider.awareness.getStates().has(id)).toBe(false));
  });
});
