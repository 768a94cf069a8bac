/**
 * The practice around the rooms (issue 10): couples, their home links, which rooms are theirs,
 * assignments and practice sharing (the erasure trail is `erasures.ts`'s). The DDL is the contract between the parts
 * that read and write these tables; add a column only with a migration.
 */
export const PRACTICE_SCHEMA = `
CREATE TABLE IF NOT EXISTS couples (
  couple_id TEXT PRIMARY KEY,
  therapist_id TEXT NOT NULL,
  a_name TEXT NOT NULL,
  a_pronouns TEXT,
  b_name TEXT NOT NULL,
  b_pronouns TEXT,
  note TEXT NOT NULL DEFAULT '',
  next_session_at INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS couples_therapist ON couples(therapist_id, created_at);
CREATE TABLE IF NOT EXISTS couple_links (
  couple_id TEXT NOT NULL,
  partner TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (couple_id, partner)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS room_owners (
  room_id TEXT PRIMARY KEY,
  couple_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  assignment_id TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS room_owners_couple ON room_owners(couple_id, created_at);
CREATE TABLE IF NOT EXISTS assignments (
  assignment_id TEXT PRIMARY KEY,
  couple_id TEXT NOT NULL,
  topic TEXT NOT NULL DEFAULT '',
  first_speaker TEXT NOT NULL,
  rounds INTEGER NOT NULL,
  due TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS assignments_couple ON assignments(couple_id, created_at);
CREATE TABLE IF NOT EXISTS practice_shares (
  room_id TEXT NOT NULL,
  partner TEXT NOT NULL,
  shared INTEGER NOT NULL,
  decided_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, partner)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS practice_notes (
  room_id TEXT PRIMARY KEY,
  note TEXT NOT NULL,
  at INTEGER NOT NULL
);
`;
