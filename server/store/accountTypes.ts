/**
 * The therapists' accounts and their signed-in devices (M1–M8 in shared/SPEC.md). A narrow interface
 * of its own so the Redis store of issue 13 can fill it too; its contract suite is
 * `tests/store/accountContract.ts`.
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

export interface AccountStore {
  /** `email_taken` when an account with that email exists; nothing is written then. */
  createTherapist(therapist: TherapistRecord): Promise<'created' | 'email_taken'>;
  therapistByEmail(email: string): Promise<TherapistRecord | null>;
  therapist(therapistId: string): Promise<TherapistRecord | null>;
  countTherapists(): Promise<number>;
  createAuthSession(session: AuthSessionRecord): Promise<void>;
  authSession(idHash: string): Promise<AuthSessionRecord | null>;
  deleteAuthSession(idHash: string): Promise<void>;
  /** Signs the therapist out on every device (M4); returns how many sessions ended. */
  deleteAuthSessionsOf(therapistId: string): Promise<number>;
}
