import { describe, expect, it, vi } from 'vitest';
import type { ClusterBus } from '../../server/cluster/bus.ts';
import { ClusterPresence } from '../../server/cluster/clusterPresence.ts';
import { LocalLiveness } from '../../server/cluster/liveness.ts';
import { createLogger } from '../../server/log.ts';

/** An in-memory bus joining any number of instances, which can go quiet (`cut`). */
function hub() {
  const subs = new Map<string, Set<{ id: string; fn: (m: Uint8Array, from: string) => void }>>();
  let connected = true;
  const make = (id: string): ClusterBus => ({
    instanceId: id,
    publish(channel, message) {
      if (!connected) return;
      for (const s of subs.get(channel) ?? []) if (s.id !== id) s.fn(message, id);
    },
    subscribe(channel, fn) {
      const entry = { id, fn };
      const set = subs.get(channel) ?? new Set();
      set.add(entry);
      subs.set(channel, set);
      return () => set.delete(entry);
    },
    async close() {},
  });
  return {
    make,
    cut: () => {
      connected = false;
    },
  };
}

describe('presence across instances: a seat that moved (S30, T33)', () => {
  it('S30 T33 a seat that moved to instance two is not paused by instance one when two later goes quiet', () => {
    vi.useFakeTimers();
    const bus = hub();
    const log = createLogger('silent');
    const lostOnOne: string[] = [];
    const graceMs = 10_000;
    const one = new ClusterPresence(
      { bus: bus.make('one'), liveness: new LocalLiveness(), graceMs, log },
      { changed: () => {}, lost: (_r, seat) => lostOnOne.push(seat), empty: () => {} },
    );
    const two = new ClusterPresence(
      { bus: bus.make('two'), liveness: new LocalLiveness(), graceMs, log },
      { changed: () => {}, lost: () => {}, empty: () => {} },
    );
    // therapist on one (one holds the room); A on one, drops, reconnects on two.
    one.connected('r', 'therapist', false);
    one.connected('r', 'A', false);
    one.disconnected('r', 'A');
    vi.advanceTimersByTime(1_000);
    two.connected('r', 'A', false);
    // grace on one runs out while A is online on two: nothing decided (correct).
    vi.advanceTimersByTime(graceMs + 1_000);
    expect(lostOnOne).toEqual([]);
    // an hour later, with A still online on two, the bus goes quiet for 7 s (a Redis restart):
    vi.advanceTimersByTime(60 * 60 * 1000);
    expect(lostOnOne).toEqual([]);
    bus.cut();
    vi.advanceTimersByTime(9_000);
    // S30 says: adopted seats show reconnecting, the round is NOT paused.
    expect(lostOnOne).toEqual([]);
    vi.useRealTimers();
  });
});
