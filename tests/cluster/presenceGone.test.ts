import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClusterPresence, PRESENCE_BEAT_MS } from '../../server/cluster/clusterPresence.ts';
import type { InstanceLiveness } from '../../server/cluster/liveness.ts';
import { createLogger } from '../../server/log.ts';
import type { Seat } from '../../shared/index.ts';
import { memoryBus } from '../support/memoryBus.ts';

/**
 * S30 S31 decided by one `ClusterPresence` per instance on an in-memory bus, with fake timers, so the
 * order of beats, drops, graces and liveness answers is the test's to choose. The Redis side of
 * liveness is tested in `liveness.test.ts`, the whole with real processes in `deadInstance.test.ts`.
 */

/** Liveness as the test sets it: `true` alive, `false` gone, absent: cannot be told. */
function livenessOf(answers: Map<string, boolean>): InstanceLiveness {
  return {
    renew() {},
    alive: async (id) => answers.get(id) ?? null,
    async close() {},
  };
}

const GRACE_MS = 10_000;

function instances(...ids: string[]) {
  return instancesWithGrace(GRACE_MS, ...ids);
}

function instancesWithGrace(graceMs: number, ...ids: string[]) {
  const bus = memoryBus();
  const answers = new Map<string, boolean>();
  const lost = new Map<string, Seat[]>();
  const made = ids.map((id) => {
    lost.set(id, []);
    return new ClusterPresence(
      { bus: bus.make(id), liveness: livenessOf(answers), graceMs, log: createLogger('silent') },
      { changed: () => {}, lost: (_room, seat) => lost.get(id)?.push(seat), empty: () => {} },
    );
  });
  return { bus, answers, lost, made };
}

/** The therapist on instance `s`, A on instance `x`, after one beat: each has heard the other. */
async function therapistOnSAOnX(graceMs = GRACE_MS) {
  const { made, ...rest } = instancesWithGrace(graceMs, 's', 'x');
  const [s, x] = made as [ClusterPresence, ClusterPresence];
  s.connected('r', 'therapist', false);
  x.connected('r', 'A', false);
  await vi.advanceTimersByTimeAsync(PRESENCE_BEAT_MS);
  return { ...rest, s, x };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a gone instance’s seats (S31, T33)', () => {
  it('S31 T33 whether a killed instance is gone is asked when the grace runs out: a key that outlived the drop by a moment does not keep the round from pausing', async () => {
    const { bus, answers, lost, s } = await therapistOnSAOnX();
    expect(s.snapshot('r').seats.A).toBe('online');
    // x is killed; its key is still there when s drops its view (a renewal that landed late).
    bus.mute('x');
    answers.set('x', true);
    await vi.advanceTimersByTimeAsync(4 * PRESENCE_BEAT_MS);
    expect(s.snapshot('r').seats.A).toBe('reconnecting');
    // The key expires during the grace.
    answers.set('x', false);
    await vi.advanceTimersByTimeAsync(GRACE_MS);
    expect(s.snapshot('r').seats.A).toBe('offline');
    expect(lost.get('s')).toEqual(['A']);
  });

  it('S31 T33 a silent instance that is alive, or that cannot be asked about, pauses nothing', async () => {
    for (const answer of [true, undefined]) {
      const { bus, answers, lost, s, x } = await therapistOnSAOnX();
      bus.mute('x');
      if (answer !== undefined) answers.set('x', answer);
      await vi.advanceTimersByTimeAsync(4 * PRESENCE_BEAT_MS + GRACE_MS);
      expect(s.snapshot('r').seats.A).toBe('offline');
      expect(lost.get('s')).toEqual([]);
      s.clear();
      x.clear();
    }
  });

  it('S31 T33 an instance stopped cleanly: a seat of it not back within the grace pauses the round; one back does not', async () => {
    const { lost, made } = instances('s', 'x');
    const [s, x] = made as [ClusterPresence, ClusterPresence];
    s.connected('r', 'therapist', false);
    x.connected('r', 'A', false);
    x.connected('r', 'B', false);
    await vi.advanceTimersByTimeAsync(PRESENCE_BEAT_MS);
    x.clear();
    expect(s.snapshot('r').seats).toMatchObject({ A: 'reconnecting', B: 'reconnecting' });
    // B's client finds this instance; A's does not come back.
    await vi.advanceTimersByTimeAsync(1_000);
    s.connected('r', 'B', false);
    await vi.advanceTimersByTimeAsync(GRACE_MS);
    expect(s.snapshot('r').seats).toMatchObject({ A: 'offline', B: 'online' });
    expect(lost.get('s')).toEqual(['A']);
  });

  it('S30 S31 T33 a seat whose grace ran out here while a silent instance had it in its own is lost once, and only if that instance is gone', async () => {
    for (const gone of [false, true]) {
      const { bus, answers, lost, made } = instances('s', 'x');
      const [s, x] = made as [ClusterPresence, ClusterPresence];
      s.connected('r', 'therapist', false);
      s.connected('r', 'A', false);
      x.connected('r', 'A', false);
      await vi.advanceTimersByTimeAsync(PRESENCE_BEAT_MS);
      // A drops from s, and a moment later from x: s's grace runs out first, x still has A in its own.
      s.disconnected('r', 'A');
      await vi.advanceTimersByTimeAsync(1_000);
      x.disconnected('r', 'A');
      await vi.advanceTimersByTimeAsync(GRACE_MS - 1_000);
      expect(lost.get('s')).toEqual([]);
      // Then x goes silent before its grace runs out.
      bus.mute('x');
      answers.set('x', !gone);
      await vi.advanceTimersByTimeAsync(4 * PRESENCE_BEAT_MS + 2 * GRACE_MS);
      expect(lost.get('s')).toEqual(gone ? ['A'] : []);
      expect(s.snapshot('r').seats.A).toBe('offline');
      s.clear();
      x.clear();
    }
  });
});

describe('a gone instance’s seats: the review’s cases (S31)', () => {
  it('S31 T33 with a grace shorter than the key’s life, a killed instance whose last renewal landed late is still found gone', async () => {
    const { bus, answers, lost, s } = await therapistOnSAOnX(1_000);
    bus.mute('x');
    answers.set('x', true);
    // Until s drops x's view, and 3 s more: the key, renewed late, outlives the drop by that much.
    await vi.advanceTimersByTimeAsync(4 * PRESENCE_BEAT_MS);
    expect(s.snapshot('r').seats.A).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(3_000);
    answers.set('x', false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lost.get('s')).toEqual(['A']);
  });

  it('S31 T33 an instance found gone that comes back is asked about again: later silence while it is alive pauses nothing', async () => {
    const { bus, answers, lost, s } = await therapistOnSAOnX();
    // x is cut off for a while (from Redis too: its key expires): found gone, A's round pauses.
    bus.mute('x');
    answers.set('x', false);
    await vi.advanceTimersByTimeAsync(4 * PRESENCE_BEAT_MS + GRACE_MS + 5_000);
    expect(lost.get('s')).toEqual(['A']);
    // x is back, its key set again, A online there.
    bus.unmute('x');
    answers.set('x', true);
    await vi.advanceTimersByTimeAsync(PRESENCE_BEAT_MS);
    expect(s.snapshot('r').seats.A).toBe('online');
    // Now x goes quiet to s while alive (s deaf, or x's publisher broken): no second pause.
    bus.mute('x');
    await vi.advanceTimersByTimeAsync(4 * PRESENCE_BEAT_MS + GRACE_MS + 5_000);
    expect(s.snapshot('r').seats.A).toBe('offline');
    expect(lost.get('s')).toEqual(['A']);
  });

  it('S31 S8 an instance that stops says goodbye only when told to, once its sockets are closed: until then, however long, its seats stay online elsewhere and its sockets count no more', async () => {
    const { lost, s, x } = await therapistOnSAOnX(0);
    expect(s.connectionsElsewhere('r', 'A')).toBe(1);
    x.stop();
    expect(s.connectionsElsewhere('r', 'A')).toBe(0);
    // A drain longer than three beats: x's view must not expire on s as a silent instance's would.
    await vi.advanceTimersByTimeAsync(5 * PRESENCE_BEAT_MS);
    expect(s.snapshot('r').seats.A).toBe('online');
    expect(lost.get('s')).toEqual([]);
    x.goodbye();
    await vi.advanceTimersByTimeAsync(10);
    expect(lost.get('s')).toEqual(['A']);
  });
});

describe('the seat connection cap across instances (S8, S31)', () => {
  it('S31 S8 the counts of an instance that stopped cleanly are dropped at once where the room is not held', async () => {
    const { made } = instances('s', 'x');
    const [s, x] = made as [ClusterPresence, ClusterPresence];
    for (let i = 0; i < 3; i++) x.connected('r', 'A', false);
    await vi.advanceTimersByTimeAsync(PRESENCE_BEAT_MS);
    expect(s.holdsRoom('r')).toBe(false);
    expect(s.connectionsElsewhere('r', 'A')).toBe(3);
    x.clear();
    expect(s.connectionsElsewhere('r', 'A')).toBe(0);
  });

  it('S31 S8 sockets closed on another instance stop counting at its next beat, also where the room is not held', async () => {
    const { made } = instances('s', 'x');
    const [s, x] = made as [ClusterPresence, ClusterPresence];
    x.connected('r', 'A', false);
    x.connected('r', 'A', false);
    x.connected('q', 'B', false);
    await vi.advanceTimersByTimeAsync(PRESENCE_BEAT_MS);
    expect(s.connectionsElsewhere('r', 'A')).toBe(2);
    expect(s.connectionsElsewhere('q', 'B')).toBe(1);
    x.disconnected('r', 'A');
    x.disconnected('q', 'B');
    await vi.advanceTimersByTimeAsync(PRESENCE_BEAT_MS);
    expect(s.connectionsElsewhere('r', 'A')).toBe(1);
    expect(s.connectionsElsewhere('q', 'B')).toBe(0);
  });
});
