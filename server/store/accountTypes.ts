import type { PasskeyStore } from './passkeyTypes.ts';

/**
 * The therapists' accounts, their signed-in devices, second factors, passkeys and invites (M1–M15 in
 * shared/SPEC.md). A narrow interface of its own so the Redis store of issue 13 can fill it too.
 */

export interface TherapistRecord {
  therapistId: string;
  /** Lower-cased and trimmed; unique. */
  email: string;
  name: string;
  /** An argon2id PHC string, never the password (M1). */
  passwordHash: string;
  /** The TOTP secret (base32) once a second factor is confirmed; null without one. */
  totpSecret: string | null;
  createdAt: number;
}

/** One signed-in device: the cookie's value is known only to the browser; the store keeps its hash (M3). */
export interface AuthSessionRecord {
  idHash: string;
  therapistId: string;
  createdAt: number;
  expiresAt: number;
}

/** A one-time invite to make an account (M10); only the SHA-256 of its token is kept. */
export interface InviteRecord {
  idHash: string;
  /** The therapist who made it; null when the operator's `npm run admin -- invite` did. */
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface AccountStore {
  /** `email_taken` when an account with that email exists; nothing is written then. */
  createTherapist(therapist: TherapistRecord): Promise<'created' | 'email_taken'>;
  /**
   * Makes the account and uses up the invite in one step (M10): `bad_invite` when the invite is
   * unknown, used or expired at `now`; `email_taken` leaves the invite unused.
   */
  createTherapistWithInvite(
    therapist: TherapistRecord,
    inviteHash: string,
    now: number,
  ): Promise<'created' | 'email_taken' | 'bad_invite'>;
  therapistByEmail(email: string): Promise<TherapistRecord | null>;
  therapist(therapistId: string): Promise<TherapistRecord | null>;
  countTherapists(): Promise<number>;
  createAuthSession(session: AuthSessionRecord): Promise<void>;
  authSession(idHash: string): Promise<AuthSessionRecord | null>;
  deleteAuthSession(idHash: string): Promise<void>;
  /** Signs the therapist out on every device (M4); returns how many sessions ended. */
  deleteAuthSessionsOf(therapistId: string): Promise<number>;

  /** Keeps a new TOTP secret until it is confirmed with a code (M8); replaces an earlier pending one. */
  setPendingTotp(therapistId: string, secret: string): Promise<void>;
  pendingTotp(therapistId: string): Promise<string | null>;
  /**
   * Turns the pending secret on, with `step` as its last used time step and these recovery code
   * hashes in place of any earlier ones. False when nothing was pending (or it changed meanwhile).
   */
  confirmTotp(therapistId: string, secret: string, step: number, recoveryHashes: string[]): Promise<boolean>;
  /** Turns the second factor off: secret, pending secret, last step and recovery codes are gone. */
  clearTotp(therapistId: string): Promise<void>;
  /** Records `step` as used; false when this step or a later one was used already (M8: no replay). */
  spendTotpStep(therapistId: string, step: number): Promise<boolean>;
  /** Uses a recovery code once; false when it is not one of the account's unused codes (M8). */
  spendRecoveryCode(therapistId: string, codeHash: string, now: number): Promise<boolean>;
  recoveryCodesLeft(therapistId: string): Promise<number>;

  createInvite(invite: InviteRecord): Promise<void>;

  /** Passkeys and their challenges (M12–M15; `passkeyTypes.ts`). */
  readonly passkeys: PasskeyStore;
}
