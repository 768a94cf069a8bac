import type { AccountStore, AuthSessionRecord, InviteRecord, TherapistRecord } from '../accountTypes.ts';
import type { PasskeyStore } from '../passkeyTypes.ts';
import type { RedisClient } from './connection.ts';
import { ACCOUNTS, accountKeys as k } from './keys.ts';
import { RedisPasskeys } from './passkeys.ts';

export type Call = <T>(run: (client: RedisClient) => Promise<T>) => Promise<T>;

/** The Redis side of `AccountStore` (M1–M11); passkeys in `passkeys.ts`. Writes: `accountScripts.ts`. */
export class RedisAccounts implements AccountStore {
  readonly passkeys: PasskeyStore;

  constructor(
    private readonly call: Call,
    private readonly wrote: (writes: number) => void,
  ) {
    this.passkeys = new RedisPasskeys(call, wrote);
  }

  async createTherapist(t: TherapistRecord): Promise<'created' | 'email_taken'> {
    const answer = await this.call((c) => c.createTherapist([k.emails], therapistArgs(t)));
    this.wrote(1);
    return answer === 'created' ? 'created' : 'email_taken';
  }

  async createTherapistWithInvite(
    t: TherapistRecord,
    inviteHash: string,
    now: number,
  ): Promise<'created' | 'email_taken' | 'bad_invite'> {
    const answer = await this.call((c) =>
      c.createTherapistWithInvite(
        [k.emails, k.invites, k.inviteExpiry],
        [...therapistArgs(t), inviteHash, now],
      ),
    );
    this.wrote(1);
    return answer === 'created' || answer === 'email_taken' ? answer : 'bad_invite';
  }

  async therapistByEmail(email: string): Promise<TherapistRecord | null> {
    const therapistId = await this.call((c) => c.hGet(k.emails, email));
    return therapistId ? this.therapist(therapistId) : null;
  }

  async therapist(therapistId: string): Promise<TherapistRecord | null> {
    const row = await this.call((c) => c.hGetAll(k.therapist(therapistId)));
    if (row.therapistId === undefined) return null;
    return {
      therapistId: row.therapistId,
      email: row.email ?? '',
      name: row.name ?? '',
      passwordHash: row.passwordHash ?? '',
      totpSecret: row.totpSecret ?? null,
      createdAt: Number(row.createdAt),
    };
  }

  async countTherapists(): Promise<number> {
    return this.call((c) => c.hLen(k.emails));
  }

  async createAuthSession(s: AuthSessionRecord): Promise<void> {
    await this.call((c) =>
      c.createSession(
        [k.session(s.idHash), k.sessionsOf(s.therapistId)],
        [s.idHash, s.therapistId, s.createdAt, s.expiresAt],
      ),
    );
    this.wrote(1);
  }

  async authSession(idHash: string): Promise<AuthSessionRecord | null> {
    const row = await this.call((c) => c.hGetAll(k.session(idHash)));
    if (row.therapistId === undefined) return null;
    return {
      idHash,
      therapistId: row.therapistId,
      createdAt: Number(row.createdAt),
      expiresAt: Number(row.expiresAt),
    };
  }

  async deleteAuthSession(idHash: string): Promise<void> {
    await this.call((c) => c.deleteSession([k.session(idHash)], [ACCOUNTS, idHash]));
    this.wrote(1);
  }

  async deleteAuthSessionsOf(therapistId: string): Promise<number> {
    const ended = await this.call((c) => c.deleteSessionsOf([k.sessionsOf(therapistId)], [ACCOUNTS]));
    this.wrote(1);
    return Number(ended);
  }

  async setPendingTotp(therapistId: string, secret: string): Promise<void> {
    await this.call((c) => c.setPendingTotp([k.therapist(therapistId)], [secret]));
    this.wrote(1);
  }

  async pendingTotp(therapistId: string): Promise<string | null> {
    return (await this.call((c) => c.hGet(k.therapist(therapistId), 'totpPending'))) ?? null;
  }

  async confirmTotp(
    therapistId: string,
    secret: string,
    step: number,
    recoveryHashes: string[],
  ): Promise<boolean> {
    const done = await this.call((c) =>
      c.confirmTotp([k.therapist(therapistId), k.recovery(therapistId)], [secret, step, ...recoveryHashes]),
    );
    this.wrote(1);
    return Number(done) === 1;
  }

  async clearTotp(therapistId: string): Promise<void> {
    await this.call((c) => c.clearTotp([k.therapist(therapistId), k.recovery(therapistId)], []));
    this.wrote(1);
  }

  async spendTotpStep(therapistId: string, step: number): Promise<boolean> {
    const done = await this.call((c) => c.spendTotpStep([k.therapist(therapistId)], [step]));
    this.wrote(1);
    return Number(done) === 1;
  }

  async spendRecoveryCode(therapistId: string, codeHash: string, now: number): Promise<boolean> {
    const done = await this.call((c) => c.spendRecoveryCode([k.recovery(therapistId)], [codeHash, now]));
    this.wrote(1);
    return Number(done) === 1;
  }

  async recoveryCodesLeft(therapistId: string): Promise<number> {
    const codes = await this.call((c) => c.hVals(k.recovery(therapistId)));
    return codes.filter((usedAt) => usedAt === '').length;
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    await this.call((c) =>
      c.createInvite(
        [k.invites, k.inviteExpiry],
        [invite.idHash, JSON.stringify(invite), invite.createdAt, invite.expiresAt],
      ),
    );
    this.wrote(1);
  }
}

function therapistArgs(t: TherapistRecord): (string | number)[] {
  return [ACCOUNTS, t.therapistId, t.email, t.name, t.passwordHash, t.totpSecret ?? '', t.createdAt];
}
