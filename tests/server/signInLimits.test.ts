import { describe, expect, it } from 'vitest';
import { LOCKOUT_MEMORY_MS, SignInLimit } from '../../server/accounts/signInLimits.ts';

const MINUTE = 60_000;

describe('sign-in lockouts (M9)', () => {
  function limit(failures = 5) {
    const clock = { now: 0 };
    return { clock, limit: new SignInLimit({ failures, windowMs: 15 * MINUTE }, () => clock.now) };
  }

  function failTimes(l: SignInLimit, key: string, times: number) {
    for (let i = 0; i < times; i += 1) l.fail(key);
  }

  it('M9 each lockout lasts twice as long as the one before: 1, 2, 4 … minutes, at most an hour', () => {
    const { clock, limit: l } = limit();
    const lockouts: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      failTimes(l, 'a', 4);
      expect(l.blockedFor('a')).toBe(0);
      l.fail('a');
      const minutes = l.blockedFor('a') / MINUTE;
      lockouts.push(minutes);
      clock.now += minutes * MINUTE - 1;
      expect(l.blockedFor('a')).toBe(1);
      clock.now += 1;
      expect(l.blockedFor('a')).toBe(0);
    }
    expect(lockouts).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('M9 failures older than the window do not add up; other keys are not touched', () => {
    const { clock, limit: l } = limit();
    failTimes(l, 'a', 4);
    clock.now += 15 * MINUTE;
    failTimes(l, 'a', 4);
    expect(l.blockedFor('a')).toBe(0);
    l.fail('a');
    expect(l.blockedFor('a')).toBe(MINUTE);
    expect(l.blockedFor('b')).toBe(0);
  });

  it('M9 a right sign-in, or a day without a lockout, starts the next lockout at a minute again', () => {
    const { clock, limit: l } = limit();
    failTimes(l, 'a', 5);
    clock.now += MINUTE;
    failTimes(l, 'a', 5);
    expect(l.blockedFor('a')).toBe(2 * MINUTE);
    clock.now += 2 * MINUTE + LOCKOUT_MEMORY_MS;
    failTimes(l, 'a', 5);
    expect(l.blockedFor('a')).toBe(MINUTE);
    clock.now += MINUTE;
    l.clear('a');
    failTimes(l, 'a', 5);
    expect(l.blockedFor('a')).toBe(MINUTE);
  });

  it('M9 it remembers a bounded number of keys, forgetting the quietest first', () => {
    const clock = { now: 0 };
    const l = new SignInLimit({ failures: 2, windowMs: 15 * MINUTE }, () => clock.now, 3);
    failTimes(l, 'old', 2);
    for (const key of ['b', 'c', 'd']) l.fail(key);
    expect(l.blockedFor('old')).toBe(0);
    l.fail('d');
    expect(l.blockedFor('d')).toBe(MINUTE);
  });
});
