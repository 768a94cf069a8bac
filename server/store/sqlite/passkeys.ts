import type Database from 'better-sqlite3';
import type {
  ChallengePurpose,
  PasskeyChallengeRecord,
  PasskeyRecord,
  PasskeyStore,
} from '../passkeyTypes.ts';

/**
 * Passkeys (M12–M15) and their challenges. A passkey goes with its therapist (ON DELETE CASCADE).
 * Challenges are rows rather than process memory so that a second server process (issue 13) can
 * check a challenge the first one gave; taking one deletes it, which is what makes it single-use.
 */
export const PASSKEYS_SCHEMA = `
CREATE TABLE IF NOT EXISTS passkeys (
  passkey_id TEXT PRIMARY KEY,
  therapist_id TEXT NOT NULL REFERENCES therapists(therapist_id) ON DELETE CASCADE,
  credential_id TEXT NOT NULL UNIQUE,
  public_key BLOB NOT NULL,
  counter INTEGER NOT NULL,
  transports TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX IF NOT EXISTS passkeys_therapist ON passkeys(therapist_id);
CREATE TABLE IF NOT EXISTS passkey_challenges (
  challenge TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  therapist_id TEXT REFERENCES therapists(therapist_id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS passkey_challenges_expiry ON passkey_challenges(expires_at);
`;

interface PasskeyRow {
  passkey_id: string;
  therapist_id: string;
  credential_id: string;
  public_key: Buffer;
  counter: number;
  transports: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

interface ChallengeRow {
  challenge: string;
  purpose: string;
  therapist_id: string | null;
  expires_at: number;
}

function passkey(row: PasskeyRow): PasskeyRecord {
  const transports: unknown = JSON.parse(row.transports);
  return {
    passkeyId: row.passkey_id,
    therapistId: row.therapist_id,
    credentialId: row.credential_id,
    publicKey: new Uint8Array(row.public_key),
    counter: row.counter,
    transports: Array.isArray(transports) ? transports.filter((t) => typeof t === 'string') : [],
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

/** The SQLite side of `PasskeyStore`; `observed` is the store's write wrapper (readiness, S13). */
export class SqlitePasskeys implements PasskeyStore {
  private readonly stmt;

  constructor(
    private readonly db: Database.Database,
    private readonly observed: <T>(write: () => T) => T,
  ) {
    db.exec(PASSKEYS_SCHEMA);
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO passkeys (passkey_id, therapist_id, credential_id, public_key, counter, transports, name, created_at, last_used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (credential_id) DO NOTHING`,
      ),
      listOf: db.prepare<[string], PasskeyRow>(
        'SELECT * FROM passkeys WHERE therapist_id = ? ORDER BY created_at, rowid',
      ),
      byCredential: db.prepare<[string], PasskeyRow>('SELECT * FROM passkeys WHERE credential_id = ?'),
      // Zero after zero is an authenticator that keeps no counter (most synced passkeys); anything
      // else must go up (M14).
      use: db.prepare<[number, number, string, number, number]>(
        'UPDATE passkeys SET counter = ?, last_used_at = ? WHERE passkey_id = ? AND ((? = 0 AND counter = 0) OR ? > counter)',
      ),
      remove: db.prepare('DELETE FROM passkeys WHERE therapist_id = ? AND passkey_id = ?'),
      dropExpired: db.prepare('DELETE FROM passkey_challenges WHERE expires_at <= ?'),
      countOpen: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM passkey_challenges'),
      putChallenge: db.prepare(
        'INSERT INTO passkey_challenges (challenge, purpose, therapist_id, expires_at) VALUES (?, ?, ?, ?)',
      ),
      takeChallenge: db.prepare<[string], ChallengeRow>(
        'DELETE FROM passkey_challenges WHERE challenge = ? RETURNING *',
      ),
    };
  }

  async add(p: PasskeyRecord): Promise<'created' | 'exists'> {
    const result = this.observed(() =>
      this.stmt.insert.run(
        p.passkeyId,
        p.therapistId,
        p.credentialId,
        Buffer.from(p.publicKey),
        p.counter,
        JSON.stringify(p.transports),
        p.name,
        p.createdAt,
        p.lastUsedAt,
      ),
    );
    return result.changes === 1 ? 'created' : 'exists';
  }

  async listOf(therapistId: string): Promise<PasskeyRecord[]> {
    return this.stmt.listOf.all(therapistId).map(passkey);
  }

  async byCredentialId(credentialId: string): Promise<PasskeyRecord | null> {
    const row = this.stmt.byCredential.get(credentialId);
    return row ? passkey(row) : null;
  }

  async recordUse(passkeyId: string, counter: number, now: number): Promise<boolean> {
    return this.observed(() => this.stmt.use.run(counter, now, passkeyId, counter, counter).changes === 1);
  }

  async remove(therapistId: string, passkeyId: string): Promise<boolean> {
    return this.observed(() => this.stmt.remove.run(therapistId, passkeyId).changes === 1);
  }

  async putChallenge(c: PasskeyChallengeRecord, now: number, maxOpen: number): Promise<boolean> {
    return this.observed(() =>
      this.db
        .transaction(() => {
          this.stmt.dropExpired.run(now);
          if ((this.stmt.countOpen.get()?.n ?? 0) >= maxOpen) return false;
          this.stmt.putChallenge.run(c.challenge, c.purpose, c.therapistId, c.expiresAt);
          return true;
        })
        .immediate(),
    );
  }

  async takeChallenge(
    challenge: string,
    purpose: ChallengePurpose,
    now: number,
  ): Promise<PasskeyChallengeRecord | null> {
    const row = this.observed(() => this.stmt.takeChallenge.get(challenge));
    if (!row || row.purpose !== purpose || row.expires_at <= now) return null;
    return {
      challenge: row.challenge,
      purpose: row.purpose,
      therapistId: row.therapist_id,
      expiresAt: row.expires_at,
    };
  }
}
