import { describe, expect, it } from 'vitest';
import {
  ARGON2_AT_ONCE,
  hashPassword,
  takeMostAtOnce,
  verifyNobody,
  verifyPassword,
} from '../../server/accounts/passwords.ts';

describe('argon2 work under a burst (M5)', () => {
  it('M5 eight password checks at once run at most four at a time, and all answer rightly', async () => {
    const hash = await hashPassword('the right password');
    takeMostAtOnce();
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 3 === 0
          ? verifyNobody(`guess ${i}`)
          : verifyPassword(hash, i % 3 === 1 ? 'the right password' : 'wrong'),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 8 }, (_, i) => i % 3 === 1));
    expect(takeMostAtOnce()).toBe(ARGON2_AT_ONCE);
  });
});
