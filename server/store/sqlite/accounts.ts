import type Database from 'better-sqlite3';
import type { AccountStore, AuthSessionRecord, InviteRecord, TherapistRecord } from '../accountTypes.ts';
import type { PasskeyStore } from '../passkeyTypes.ts';
import { SqlitePasskeys } from './passkeys.ts';

/**
 * Accounts (M1–M11; passkeys M12–M15 in `passkeys.ts`). `totp_pending` holds a secret between "set up" and "confirm" (M8);
 * `totp_last_step` is the last TOTP time step used, so a code cannot be used twice. Recovery codes
 * and invites are kept only as SHA-256 hashes: a copy of the database signs nobody in.
 */
export const ACCOUNTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS therapists (
  therapist_id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  totp_secret TEXT,
  totp_pending TEXT,
  totp_last_step INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_sessions (
  id_hash TEXT PRIMARY KEY,
  therapist_id TEXT NOT NULL REFERENCES therapists(therapist_id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_sessions_therapist ON auth_sessions(therapist_id);
CREATE TABLE IF NOT EXISTS recovery_codes (
  therapist_id TEXT NOT NULL REFERENCES therapists(therapist_id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at INTEGER,
  PRIMARY KEY (therapist_id, code_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS invites (
  id_hash TEXT PRIMARY KEY,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

interface TherapistRow {
  therapist_id: string;
  email: string;
  name: string;
  password_hash: string;
  totp_secret: string | null;
  created_at: number;
}

function therapist(row: TherapistRow | undefined): TherapistRecord | null {
  if (!row) return null;
  return {
    therapistId: row.therapist_id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    createdAt: row.created_at,
  };
}

/** The SQLite side of `AccountStore`; `observed` is the store's write wrapper (readiness, S13). */
export class SqliteAccounts implements AccountStore {
  private readonly stmt;
  readonly passkeys: PasskeyStore;

  constructor(
    private readonly db: Database.Database,
    private readonly observed: <T>(write: () => T) => T,
  ) {
    db.exec(ACCOUNTS_SCHEMA);
    this.passkeys = new SqlitePasskeys(db, observed);
    this.stmt = {
      insertTherapist: db.prepare(
        'INSERT INTO therapists (therapist_id, email, name, password_hash, totp_secret, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING',
      ),
      byEmail: db.prepare<[string], TherapistRow>('SELECT * FROM therapists WHERE email = ?'),
      byId: db.prepare<[string], TherapistRow>('SELECT * FROM therapists WHERE therapist_id = ?'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM therapists'),
      insertSession: db.prepare(
        'INSERT INTO auth_sessions (id_hash, therapist_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ),
      session: db.prepare<
        [string],
        { id_hash: string; therapist_id: string; created_at: number; expires_at: number }
      >('SELECT * FROM auth_sessions WHERE id_hash = ?'),
      deleteSession: db.prepare('DELETE FROM auth_sessions WHERE id_hash = ?'),
      deleteSessionsOf: db.prepare('DELETE FROM auth_sessions WHERE therapist_id = ?'),
      setPending: db.prepare('UPDATE therapists SET totp_pending = ? WHERE therapist_id = ?'),
      pending: db.prepare<[string], { totp_pending: string | null }>(
        'SELECT totp_pending FROM therapists WHERE therapist_id = ?',
      ),
      confirm: db.prepare(
        'UPDATE therapists SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ? WHERE therapist_id = ? AND totp_pending = ?',
      ),
      clear: db.prepare(
        'UPDATE therapists SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL WHERE therapist_id = ?',
      ),
      spendStep: db.prepare(
        'UPDATE therapists SET totp_last_step = ? WHERE therapist_id = ? AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < ?)',
      ),
      deleteCodes: db.prepare('DELETE FROM recovery_codes WHERE therapist_id = ?'),
      insertCode: db.prepare('INSERT INTO recovery_codes (therapist_id, code_hash) VALUES (?, ?)'),
      spendCode: db.prepare(
        'UPDATE recovery_codes SET used_at = ? WHERE therapist_id = ? AND code_hash = ? AND used_at IS NULL',
      ),
      codesLeft: db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM recovery_codes WHERE therapist_id = ? AND used_at IS NULL',
      ),
      insertInvite: db.prepare(
        'INSERT INTO invites (id_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ),
      takeInvite: db.prepare('DELETE FROM invites WHERE id_hash = ? AND expires_at > ?'),
      dropExpiredInvites: db.prepare('DELETE FROM invites WHERE expires_at <= ?'),
    };
  }

  async createTherapist(t: TherapistRecord): Promise<'created' | 'email_taken'> {
    const result = this.observed(() => this.insertTherapist(t));
    return result.changes === 1 ? 'created' : 'email_taken';
  }

  async createTherapistWithInvite(
    t: TherapistRecord,
    inviteHash: string,
    now: number,
  ): Promise<'created' | 'email_taken' | 'bad_invite'> {
    try {
      return this.observed(() =>
        this.db
          .transaction((): 'created' | 'bad_invite' => {
            if (this.stmt.takeInvite.run(inviteHash, now).changes !== 1) return 'bad_invite';
            if (this.insertTherapist(t).changes === 1) return 'created';
            // Throwing rolls the transaction back, so the invite stays usable for the right email.
            throw new EmailTaken();
          })
          .immediate(),
      );
    } catch (error) {
      if (error instanceof EmailTaken) return 'email_taken';
      throw error;
    }
  }

  private insertTherapist(t: TherapistRecord) {
    return this.stmt.insertTherapist.run(
      t.therapistId,
      t.email,
      t.name,
      t.passwordHash,
      t.totpSecret,
      t.createdAt,
    );
  }

  async therapistByEmail(email: string): Promise<TherapistRecord | null> {
    return therapist(this.stmt.byEmail.get(email));
  }

  async therapist(therapistId: string): Promise<TherapistRecord | null> {
    return therapist(this.stmt.byId.get(therapistId));
  }

  async countTherapists(): Promise<number> {
    return this.stmt.count.get()?.n ?? 0;
  }

  async createAuthSession(s: AuthSessionRecord): Promise<void> {
    this.observed(() => this.stmt.insertSession.run(s.idHash, s.therapistId, s.createdAt, s.expiresAt));
  }

  async authSession(idHash: string): Promise<AuthSessionRecord | null> {
    const row = this.stmt.session.get(idHash);
    if (!row) return null;
    return {
      idHash: row.id_hash,
      therapistId: row.therapist_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async deleteAuthSession(idHash: string): Promise<void> {
    this.observed(() => this.stmt.deleteSession.run(idHash));
  }

  async deleteAuthSessionsOf(therapistId: string): Promise<number> {
    return this.observed(() => this.stmt.deleteSessionsOf.run(therapistId).changes);
  }

  async setPendingTotp(therapistId: string, secret: string): Promise<void> {
    this.observed(() => this.stmt.setPending.run(secret, therapistId));
  }

  async pendingTotp(therapistId: string): Promise<string | null> {
    return this.stmt.pending.get(therapistId)?.totp_pending ?? null;
  }

  async confirmTotp(
    therapistId: string,
    secret: string,
    step: number,
    recoveryHashes: string[],
  ): Promise<boolean> {
    return this.observed(() =>
      this.db
        .transaction(() => {
          if (this.stmt.confirm.run(step, therapistId, secret).changes !== 1) return false;
          this.stmt.deleteCodes.run(therapistId);
          for (const hash of recoveryHashes) this.stmt.insertCode.run(therapistId, hash);
          return true;
        })
        .immediate(),
    );
  }

  async clearTotp(therapistId: string): Promise<void> {
    this.observed(() =>
      this.db
        .transaction(() => {
          this.stmt.clear.run(therapistId);
          this.stmt.deleteCodes.run(therapistId);
        })
        .immediate(),
    );
  }

  async spendTotpStep(therapistId: string, step: number): Promise<boolean> {
    return this.observed(() => this.stmt.spendStep.run(step, therapistId, step).changes === 1);
  }

  async spendRecoveryCode(therapistId: string, codeHash: string, now: number): Promise<boolean> {
    return this.observed(() => this.stmt.spendCode.run(now, therapistId, codeHash).changes === 1);
  }

  async recoveryCodesLeft(therapistId: string): Promise<number> {
    return this.stmt.codesLeft.get(therapistId)?.n ?? 0;
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    this.observed(() =>
      this.db.transaction(() => {
        // Expired invites are of no use to anyone; they go when a new one is made.
        this.stmt.dropExpiredInvites.run(invite.createdAt);
        this.stmt.insertInvite.run(invite.idHash, invite.createdBy, invite.createdAt, invite.expiresAt);
      })(),
    );
  }
}

class EmailTaken extends Error {}
