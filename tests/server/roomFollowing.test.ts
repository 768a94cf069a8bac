import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.ts';
import { RoomRegistry } from '../../server/room/registry.ts';
import type { RoomRuntime } from '../../server/room/runtime.ts';
import type { Store } from '../../server/store/types.ts';
import type { RoomEvent } from '../../shared/index.ts';
import { createRoomIn } from '../store/storeContract.ts';
import { eventually } from '../support/eventually.ts';
import { twoInstanceStores, withMethods } from '../support/twoInstances.ts';

/**
 * S24 with the room core alone: two instances — each a registry of rooms with its own outbox, as two
 * server processes have — serve one room. On SQLite both share one store object (the only way one
 * data directory is written, S10); on Redis each has a store of its own on one redis-server.
 */

const log = createLogger('silent');

interface Instance {
  rooms: RoomRegistry;
  /** Every event this instance published to its sockets, in order. */
  published: RoomEvent[];
}

function instance(store: Store): Instance {
  const published: RoomEvent[] = [];
  const rooms = new RoomRegistry({
    store,
    log,
    now: () => Date.now(),
    outbox: { published: (_room, events) => published.push(...events) },
  });
  return { rooms, published };
}

/** The same store with appends by others never handed over: what a follower sees before they arrive. */
function notFollowing(store: Store): Store {
  return withMethods(store, () => ({ follow: () => ({ stop() {} }) }));
}

const STORES = twoInstanceStores();

async function loaded(rooms: RoomRegistry, roomId: string): Promise<RoomRuntime> {
  const room = await rooms.get(roomId);
  if (!room) throw new Error('no room');
  return room;
}

describe.each(STORES)('a room served by two instances (S24): %s', (_name, stores) => {
  it('S24 an instance folds and publishes what another appends, without a command of its own', async () => {
    const [first, second] = await stores();
    const roomId = await createRoomIn(first, 'therapy');
    const one = instance(first);
    const two = instance(second);
    const [onOne, onTwo] = [await loaded(one.rooms, roomId), await loaded(two.rooms, roomId)];
    expect(await onOne.command('therapist', 'cmd-follow-1', { type: 'admit', seat: 'A' })).toEqual({
      ok: true,
      seq: 2,
    });
    await eventually(() => expect(onTwo.state.admitted.A).toBe(true));
    expect(two.published.map((event) => [event.seq, event.type])).toEqual([[2, 'seatAdmitted']]);
    // Its own append is not published twice by the instance that made it.
    expect(one.published.map((event) => event.seq)).toEqual([2]);
  });

  it('S24 a refusal decided on one instance after an append on another is decided on the current state', async () => {
    const [first, second] = await stores();
    const roomId = await createRoomIn(first, 'therapy');
    const one = instance(first);
    // The second instance has not been handed the first one's append yet (it never will be here).
    const two = instance(notFollowing(second));
    const [onOne, onTwo] = [await loaded(one.rooms, roomId), await loaded(two.rooms, roomId)];
    await onOne.command('therapist', 'cmd-admit-a', { type: 'admit', seat: 'A' });
    expect(onTwo.state.admitted.A).toBe(false);
    // On its stale state A is not admitted yet and could not agree; on the current one A can.
    expect(await onTwo.command('A', 'cmd-agree-a', { type: 'agreeContract' })).toEqual({ ok: true, seq: 3 });
    expect(two.published.map((event) => [event.seq, event.type])).toEqual([
      [2, 'seatAdmitted'],
      [3, 'contractAgreed'],
    ]);
  });

  it('S24 an unloaded room stops following: what is appended after it left is not published', async () => {
    const [first, second] = await stores();
    const roomId = await createRoomIn(first, 'therapy');
    const one = instance(first);
    const two = instance(second);
    const onOne = await loaded(one.rooms, roomId);
    await loaded(two.rooms, roomId);
    two.rooms.unload(roomId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A third instance on the same store follows the room, so the append is handed over to this store.
    const three = instance(second);
    await loaded(three.rooms, roomId);
    await onOne.command('therapist', 'cmd-admit-late', { type: 'admit', seat: 'A' });
    await eventually(() => expect(three.published.map((event) => event.seq)).toEqual([2]));
    expect(two.published).toEqual([]);
  });

  it('S24 a refusal is answered as decided when the log cannot be read for its second look', async () => {
    const [first] = await stores();
    const roomId = await createRoomIn(first, 'therapy');
    let unreadable = false;
    const flaky = withMethods(first, () =>
      unreadable ? { read: async () => Promise.reject(new Error('store unavailable')) } : {},
    );
    const room = await loaded(instance(flaky).rooms, roomId);
    unreadable = true;
    // A is not admitted: the engine refuses, and that refusal is the answer, not an internal error.
    const ack = await room.command('A', 'cmd-agree-early', { type: 'agreeContract' });
    expect(ack.ok).toBe(false);
    expect(ack.ok ? null : ack.error.code).not.toBe('internal');
  });
});
