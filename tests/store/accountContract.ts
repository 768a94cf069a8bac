import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStore, TherapistRecord } from '../../server/store/accountTypes.ts';
import type { PasskeyRecord } from '../../server/store/passkeyTypes.ts';

/**
 * What every `AccountStore` must do (M1–M15), through the interface only, so the Redis store of
 * issue 13 can run the same suite. Emails and ids are random: a shared store works too.
 */
export interface AccountsUnderTest {
  accounts: AccountStore;
  /** The accounts of another store object on the same data (another server process), where there can be one. */
  peer?(): Promise<AccountStore>;
  cleanup(): Promise<void>;
}

const NOW = 1_780_000_000_000;

function therapist(): TherapistRecord {
  return {
    therapistId: randomUUID(),
    email: `t-${randomUUID()}@example.org`,
    name: 'Dr Test',
    passwordHash: '$argon2id$not-a-real-hash',
    totpSecret: null,
    createdAt: NOW,
  };
}

function passkeyOf(t: TherapistRecord, name = 'MacBook'): PasskeyRecord {
  return {
    passkeyId: randomUUID(),
    therapistId: t.therapistId,
    credentialId: randomUUID().replaceAll('-', ''),
    publicKey: new Uint8Array([165, 1, 2, 3, 38, 32, 1]),
    counter: 0,
    transports: ['internal', 'hybrid'],
    name,
    createdAt: NOW,
    lastUsedAt: null,
  };
}

export function accountContract(name: string, make: () => Promise<AccountsUnderTest>) {
  describe(`${name}: the account store contract (M1–M15)`, () => {
    let subject: AccountsUnderTest;
    let accounts: AccountStore;
    beforeEach(async () => {
      subject = await make();
      accounts = subject.accounts;
    });
    afterEach(() => subject.cleanup());

    it('M1 one account per email', async () => {
      const t = therapist();
      expect(await accounts.createTherapist(t)).toBe('created');
      expect(await accounts.createTherapist({ ...therapist(), email: t.email })).toBe('email_taken');
      expect(await accounts.therapistByEmail(t.email)).toEqual(t);
      expect(await accounts.therapist(t.therapistId)).toEqual(t);
    });

    it('M1 M12 two writers at once (another store object where there can be one): one account per email, one passkey per credential id', async () => {
      const other = subject.peer ? await subject.peer() : accounts;
      const email = `t-${randomUUID()}@example.org`;
      const [x, y] = [
        { ...therapist(), email },
        { ...therapist(), email },
      ];
      const made = await Promise.all([accounts.createTherapist(x), other.createTherapist(y)]);
      expect(made.toSorted()).toEqual(['created', 'email_taken']);
      const owner = made[0] === 'created' ? x : y;
      expect(await other.therapistByEmail(email)).toEqual(owner);
      expect(await accounts.therapist((owner === x ? y : x).therapistId)).toBeNull();

      const first = passkeyOf(x);
      const second = { ...passkeyOf(y), credentialId: first.credentialId };
      const added = await Promise.all([accounts.passkeys.add(first), other.passkeys.add(second)]);
      expect(added.toSorted()).toEqual(['created', 'exists']);
      const kept = added[0] === 'created' ? first : second;
      expect(await other.passkeys.byCredentialId(first.credentialId)).toEqual(kept);
    });

    it('M8 a pending secret turns on only once, with its recovery codes; a step is used once', async () => {
      const t = therapist();
      await accounts.createTherapist(t);
      expect(await accounts.confirmTotp(t.therapistId, 'SECRET', 10, ['h1'])).toBe(false);
      await accounts.setPendingTotp(t.therapistId, 'SECRET');
      expect(await accounts.pendingTotp(t.therapistId)).toBe('SECRET');
      expect(await accounts.confirmTotp(t.therapistId, 'OTHER', 10, ['h1'])).toBe(false);
      expect(await accounts.confirmTotp(t.therapistId, 'SECRET', 10, ['h1', 'h2'])).toBe(true);
      expect((await accounts.therapist(t.therapistId))?.totpSecret).toBe('SECRET');
      expect(await accounts.pendingTotp(t.therapistId)).toBeNull();
      expect(await accounts.spendTotpStep(t.therapistId, 10)).toBe(false);
      expect(await accounts.spendTotpStep(t.therapistId, 11)).toBe(true);
      expect(await accounts.spendTotpStep(t.therapistId, 11)).toBe(false);
      expect(await accounts.spendRecoveryCode(t.therapistId, 'h2', NOW)).toBe(true);
      expect(await accounts.spendRecoveryCode(t.therapistId, 'h2', NOW)).toBe(false);
      expect(await accounts.recoveryCodesLeft(t.therapistId)).toBe(1);
      await accounts.clearTotp(t.therapistId);
      expect((await accounts.therapist(t.therapistId))?.totpSecret).toBeNull();
      expect(await accounts.recoveryCodesLeft(t.therapistId)).toBe(0);
      expect(await accounts.spendTotpStep(t.therapistId, 12)).toBe(false);
    });

    it('M10 an invite makes one account before it expires; a taken email leaves it unused', async () => {
      const hash = randomUUID();
      await accounts.createInvite({ idHash: hash, createdBy: null, createdAt: NOW, expiresAt: NOW + 1000 });
      const first = therapist();
      await accounts.createTherapist(first);
      expect(
        await accounts.createTherapistWithInvite({ ...therapist(), email: first.email }, hash, NOW),
      ).toBe('email_taken');
      expect(await accounts.createTherapistWithInvite(therapist(), hash, NOW + 1000)).toBe('bad_invite');
      expect(await accounts.createTherapistWithInvite(therapist(), hash, NOW)).toBe('created');
      expect(await accounts.createTherapistWithInvite(therapist(), hash, NOW)).toBe('bad_invite');
    });

    it('M4 sessions end one by one or all together', async () => {
      const t = therapist();
      await accounts.createTherapist(t);
      for (const idHash of ['s1', 's2', 's3'].map((s) => `${s}-${t.therapistId}`))
        await accounts.createAuthSession({
          idHash,
          therapistId: t.therapistId,
          createdAt: NOW,
          expiresAt: NOW + 1,
        });
      await accounts.deleteAuthSession(`s1-${t.therapistId}`);
      expect(await accounts.authSession(`s1-${t.therapistId}`)).toBeNull();
      expect(await accounts.deleteAuthSessionsOf(t.therapistId)).toBe(2);
    });

    it('M12 passkeys: one per credential id, listed oldest first, removed only by their therapist', async () => {
      const t = therapist();
      const other = therapist();
      await accounts.createTherapist(t);
      await accounts.createTherapist(other);
      const first = passkeyOf(t, 'MacBook');
      const second = { ...passkeyOf(t, 'Phone'), createdAt: NOW + 1 };
      expect(await accounts.passkeys.add(first)).toBe('created');
      expect(await accounts.passkeys.add(second)).toBe('created');
      expect(await accounts.passkeys.add({ ...passkeyOf(other), credentialId: first.credentialId })).toBe(
        'exists',
      );
      expect(await accounts.passkeys.listOf(t.therapistId)).toEqual([first, second]);
      expect(await accounts.passkeys.listOf(other.therapistId)).toEqual([]);
      expect(await accounts.passkeys.byCredentialId(first.credentialId)).toEqual(first);
      expect(await accounts.passkeys.byCredentialId('unknown')).toBeNull();
      expect(await accounts.passkeys.remove(other.therapistId, first.passkeyId)).toBe(false);
      expect(await accounts.passkeys.remove(t.therapistId, first.passkeyId)).toBe(true);
      expect(await accounts.passkeys.remove(t.therapistId, first.passkeyId)).toBe(false);
      expect(await accounts.passkeys.listOf(t.therapistId)).toEqual([second]);
    });

    it('M14 a use records the counter and the time; a counter that does not go up is refused unless it stays zero', async () => {
      const t = therapist();
      await accounts.createTherapist(t);
      const zero = passkeyOf(t);
      await accounts.passkeys.add(zero);
      expect(await accounts.passkeys.recordUse(zero.passkeyId, 0, NOW + 1)).toBe(true);
      expect(await accounts.passkeys.recordUse(zero.passkeyId, 0, NOW + 2)).toBe(true);
      expect((await accounts.passkeys.byCredentialId(zero.credentialId))?.lastUsedAt).toBe(NOW + 2);
      const counting = { ...passkeyOf(t), counter: 4 };
      await accounts.passkeys.add(counting);
      expect(await accounts.passkeys.recordUse(counting.passkeyId, 5, NOW + 3)).toBe(true);
      expect(await accounts.passkeys.recordUse(counting.passkeyId, 5, NOW + 4)).toBe(false);
      expect(await accounts.passkeys.recordUse(counting.passkeyId, 3, NOW + 4)).toBe(false);
      expect(await accounts.passkeys.recordUse(counting.passkeyId, 0, NOW + 4)).toBe(false);
      expect(await accounts.passkeys.byCredentialId(counting.credentialId)).toMatchObject({
        counter: 5,
        lastUsedAt: NOW + 3,
      });
      expect(await accounts.passkeys.recordUse(randomUUID(), 9, NOW)).toBe(false);
    });

    it('M13 a challenge is taken once, for its purpose, before it expires', async () => {
      const t = therapist();
      await accounts.createTherapist(t);
      const challenge = (purpose: 'register' | 'signin', expiresAt = NOW + 1000) => ({
        challenge: randomUUID(),
        purpose,
        therapistId: purpose === 'register' ? t.therapistId : null,
        expiresAt,
      });
      const register = challenge('register');
      expect(await accounts.passkeys.putChallenge(register, NOW, 1000)).toBe(true);
      expect(await accounts.passkeys.takeChallenge(register.challenge, 'register', NOW)).toEqual(register);
      expect(await accounts.passkeys.takeChallenge(register.challenge, 'register', NOW)).toBeNull();
      const signin = challenge('signin');
      await accounts.passkeys.putChallenge(signin, NOW, 1000);
      // Offered for the other purpose, it is refused and used up all the same.
      expect(await accounts.passkeys.takeChallenge(signin.challenge, 'register', NOW)).toBeNull();
      expect(await accounts.passkeys.takeChallenge(signin.challenge, 'signin', NOW)).toBeNull();
      const late = challenge('signin');
      await accounts.passkeys.putChallenge(late, NOW, 1000);
      expect(await accounts.passkeys.takeChallenge(late.challenge, 'signin', NOW + 1000)).toBeNull();
      expect(await accounts.passkeys.takeChallenge(randomUUID(), 'signin', NOW)).toBeNull();
    });

    it('M13 past the cap of open challenges a new one is refused until old ones expire', async () => {
      // Far on, so that every other test's challenges have expired: a shared store works too.
      const LATER = NOW + 10 ** 12;
      const put = (now: number, expiresAt: number) =>
        accounts.passkeys.putChallenge(
          { challenge: randomUUID(), purpose: 'signin', therapistId: null, expiresAt },
          now,
          2,
        );
      expect(await put(LATER, LATER + 10)).toBe(true);
      expect(await put(LATER, LATER + 10)).toBe(true);
      expect(await put(LATER, LATER + 10)).toBe(false);
      expect(await put(LATER + 10, LATER + 20)).toBe(true);
    });
  });
}
