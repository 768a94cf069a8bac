import { describe, expect, it } from 'vitest';
import { RECONNECT, reconnectDelay } from '../../client/src/room/reconnect.ts';

/** The waits many tabs draw for the same try, with the platform's own random numbers. */
function waits(attempt: number, tabs = 2000): number[] {
  return Array.from({ length: tabs }, () => reconnectDelay(attempt));
}

function ceilingOf(attempt: number): number {
  const cap = attempt < RECONNECT.shortAttempts ? RECONNECT.shortMaxMs : RECONNECT.longMaxMs;
  return Math.min(cap, RECONNECT.firstMs * 2 ** attempt);
}

describe('the reconnect schedule (client/src/room/reconnect.ts)', () => {
  it('S22 every try is a uniformly random wait below its ceiling, so tabs that lost the server together come back apart', () => {
    for (const attempt of [0, 1, 2, 5, 12, RECONNECT.shortAttempts - 1, RECONNECT.shortAttempts, 60]) {
      const ceiling = ceilingOf(attempt);
      const drawn = waits(attempt);
      expect(Math.min(...drawn)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...drawn)).toBeLessThan(ceiling);
      // A uniform spread: each fifth of [0, ceiling) holds about a fifth of the tabs. Deep into an
      // outage too, where socket.io's own back-off puts nearly every tab at exactly its maximum.
      for (let fifth = 0; fifth < 5; fifth++) {
        const inFifth = drawn.filter((ms) => ms >= (fifth * ceiling) / 5 && ms < ((fifth + 1) * ceiling) / 5);
        expect(inFifth.length).toBeGreaterThan(drawn.length / 10);
      }
    }
  });

  it('S22 the ceiling doubles from firstMs, stays at shortMaxMs through a restart, then rises to longMaxMs', () => {
    const top = () => 0.999_999;
    expect(reconnectDelay(0, top)).toBe(RECONNECT.firstMs - 1);
    expect(reconnectDelay(1, top)).toBe(2 * RECONNECT.firstMs - 1);
    expect(reconnectDelay(RECONNECT.shortAttempts - 1, top)).toBe(RECONNECT.shortMaxMs - 1);
    expect(reconnectDelay(RECONNECT.shortAttempts, top)).toBe(RECONNECT.longMaxMs - 1);
    expect(reconnectDelay(10_000, top)).toBe(RECONNECT.longMaxMs - 1);
    expect(reconnectDelay(10_000, () => 0)).toBe(0);
  });
});
