import { describe, expect, it, vi } from 'vitest';
import { ClusterPresence } from '../../server/cluster/clusterPresence.ts';
import { LocalLiveness } from '../../server/cluster/liveness.ts';
import { createLogger } from '../../server/log.ts';
import { memoryBus } from '../support/memoryBus.ts';

describe('presence across instances: a seat that moved (S30, T33)', () => {
  it('S30 T33 a seat that moved to instance two is not paused by instance one when two later goes quiet', () => {
    vi.useFakeTimers();
    const bus = memoryBus();
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
