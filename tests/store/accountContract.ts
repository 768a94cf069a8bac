import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStore, TherapistRecord } from '../../server/store/accountTypes.ts';

/**
 * What every `AccountStore` must do (M1–M11), through the interface only, so the Redis store of
 * issue 13 can run the same suite. Emails and ids are random: a shared store works too.
 */
export interface AccountsUnderTest {
  accounts: AccountStore;
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

export function accountContract(name: string, make: () => Promise<AccountsUnderTest>) {
  describe(`${name}: the account store contract (M1–M11)`, () => {
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
  });
}
