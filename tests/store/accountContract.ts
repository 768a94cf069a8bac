import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStore, TherapistRecord } from '../../server/store/accountTypes.ts';
import type { StoreUnderTest } from './storeContract.ts';

function therapist(email = `${randomUUID()}@example.org`): TherapistRecord {
  return {
    therapistId: randomUUID(),
    email,
    name: 'Dr Test',
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
    totpSecret: null,
    createdAt: 1_760_000_000_000,
  };
}

/** What every `AccountStore` must do (M1, M3, M4), through the interface only: the Redis store runs it too. */
export function accountContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`AccountStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let accounts: AccountStore;
    beforeEach(async () => {
      subject = await make();
      accounts = subject.store.accounts;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('M1 a therapist is found by email and by id; a second account with the same email is not made', async () => {
      const t = therapist();
      expect(await accounts.createTherapist(t)).toBe('created');
      expect(await accounts.therapistByEmail(t.email)).toEqual(t);
      expect(await accounts.therapist(t.therapistId)).toEqual(t);
      const before = await accounts.countTherapists();
      expect(await accounts.createTherapist({ ...therapist(t.email), name: 'Someone else' })).toBe(
        'email_taken',
      );
      expect(await accounts.countTherapists()).toBe(before);
      expect((await accounts.therapistByEmail(t.email))?.name).toBe('Dr Test');
      expect(await accounts.therapist(randomUUID())).toBeNull();
    });

    it('M3 M4 sessions are found by their hash, end one by one, or all of one therapist at once', async () => {
      const t = therapist();
      const other = therapist();
      await accounts.createTherapist(t);
      await accounts.createTherapist(other);
      const session = (id: string, who: TherapistRecord) => ({
        idHash: id,
        therapistId: who.therapistId,
        createdAt: 1,
        expiresAt: 2,
      });
      const [one, two, theirs] = [randomUUID(), randomUUID(), randomUUID()];
      await accounts.createAuthSession(session(one, t));
      await accounts.createAuthSession(session(two, t));
      await accounts.createAuthSession(session(theirs, other));
      expect(await accounts.authSession(one)).toEqual(session(one, t));
      await accounts.deleteAuthSession(one);
      expect(await accounts.authSession(one)).toBeNull();
      expect(await accounts.deleteAuthSessionsOf(t.therapistId)).toBe(1);
      expect(await accounts.authSession(two)).toBeNull();
      expect(await accounts.authSession(theirs)).not.toBeNull();
    });
  });
}
