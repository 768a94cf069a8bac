import type Database from 'better-sqlite3';
import type { AccountStore, AuthSessionRecord, TherapistRecord } from '../accountTypes.ts';

export const ACCOUNTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS therapists (
  therapist_id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  totp_secret TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_sessions (
  id_hash TEXT PRIMARY KEY,
  therapist_id TEXT NOT NULL REFERENCES therapists(therapist_id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_sessions_therapist ON auth_sessions(therapist_id);
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

  constructor(
    db: Database.Database,
    private readonly observed: <T>(write: () => T) => T,
  ) {
    db.exec(ACCOUNTS_SCHEMA);
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
    };
  }

  async createTherapist(t: TherapistRecord): Promise<'created' | 'email_taken'> {
    const result = this.observed(() =>
      this.stmt.insertTherapist.run(
        t.therapistId,
        t.email,
        t.name,
        t.passwordHash,
        t.totpSecret,
        t.createdAt,
      ),
    );
    return result.changes === 1 ? 'created' : 'email_taken';
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
}
