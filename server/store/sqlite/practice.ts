import type Database from 'better-sqlite3';
import type {
  AssignmentRecord,
  CoupleChanges,
  CoupleErasure,
  CoupleRecord,
  PartnerLetter,
  PracticeNoteRecord,
  PracticeStore,
  RoomKind,
  RoomOwnerRecord,
  ShareRecord,
  ShareResult,
} from '../practiceTypes.ts';
import { migrateCoupleTerms } from './coupleTerms.ts';

/** The tables themselves are `PRACTICE_SCHEMA` (./practiceSchema.ts), created by the store on opening. */

interface CoupleRow {
  couple_id: string;
  therapist_id: string;
  a_name: string;
  a_pronouns: string | null;
  b_name: string;
  b_pronouns: string | null;
  note: string;
  next_session_at: number | null;
  created_at: number;
  /** Added by `migrateCoupleTerms` (I42). */
  confidentiality: string | null;
}

interface OwnerRow {
  room_id: string;
  couple_id: string;
  kind: string;
  assignment_id: string | null;
  created_at: number;
}

interface AssignmentRow {
  assignment_id: string;
  couple_id: string;
  topic: string;
  first_speaker: string;
  rounds: number;
  due: string | null;
  note: string;
  created_at: number;
}

function couple(row: CoupleRow): CoupleRecord {
  return {
    coupleId: row.couple_id,
    therapistId: row.therapist_id,
    partners: {
      A: { name: row.a_name, pronouns: row.a_pronouns },
      B: { name: row.b_name, pronouns: row.b_pronouns },
    },
    note: row.note,
    nextSessionAt: row.next_session_at,
    createdAt: row.created_at,
    confidentiality: row.confidentiality,
  };
}

function owner(row: OwnerRow): RoomOwnerRecord {
  return {
    roomId: row.room_id,
    coupleId: row.couple_id,
    kind: row.kind as RoomKind,
    assignmentId: row.assignment_id,
    createdAt: row.created_at,
  };
}

function assignment(row: AssignmentRow): AssignmentRecord {
  return {
    assignmentId: row.assignment_id,
    coupleId: row.couple_id,
    topic: row.topic,
    firstSpeaker: row.first_speaker as PartnerLetter,
    rounds: row.rounds,
    due: row.due,
    note: row.note,
    createdAt: row.created_at,
  };
}

/** The SQLite side of `PracticeStore`; `observed` is the store's write wrapper (readiness, S13). */
export class SqlitePractice implements PracticeStore {
  private readonly stmt;

  constructor(
    private readonly db: Database.Database,
    private readonly observed: <T>(write: () => T) => T,
  ) {
    migrateCoupleTerms(db);
    this.stmt = {
      insertCouple: db.prepare(
        'INSERT INTO couples (couple_id, therapist_id, a_name, a_pronouns, b_name, b_pronouns, note, next_session_at, created_at, confidentiality) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertLink: db.prepare('INSERT INTO couple_links (couple_id, partner, version) VALUES (?, ?, 1)'),
      couple: db.prepare<[string], CoupleRow>('SELECT * FROM couples WHERE couple_id = ?'),
      // rowid breaks ties between couples made in the same millisecond: the later one is newer.
      couplesOf: db.prepare<[string], CoupleRow>(
        'SELECT * FROM couples WHERE therapist_id = ? ORDER BY created_at DESC, rowid DESC',
      ),
      updateCouple: db.prepare(
        'UPDATE couples SET a_name = ?, a_pronouns = ?, b_name = ?, b_pronouns = ?, note = ?, next_session_at = ?, confidentiality = ? WHERE couple_id = ?',
      ),
      linkVersion: db.prepare<[string, string], { version: number }>(
        'SELECT version FROM couple_links WHERE couple_id = ? AND partner = ?',
      ),
      bumpLink: db.prepare<[string, string], { version: number }>(
        'UPDATE couple_links SET version = version + 1 WHERE couple_id = ? AND partner = ? RETURNING version',
      ),
      insertOwner: db.prepare(
        'INSERT INTO room_owners (room_id, couple_id, kind, assignment_id, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteOwner: db.prepare('DELETE FROM room_owners WHERE room_id = ?'),
      owner: db.prepare<[string], OwnerRow>('SELECT * FROM room_owners WHERE room_id = ?'),
      roomsOf: db.prepare<[string, string], OwnerRow>(
        'SELECT * FROM room_owners WHERE couple_id = ? AND kind = ? ORDER BY created_at DESC, rowid DESC',
      ),
      lastSession: db.prepare<[string], { at: number | null }>(
        "SELECT MAX(created_at) AS at FROM room_owners WHERE couple_id = ? AND kind = 'session'",
      ),
      insertAssignment: db.prepare(
        'INSERT INTO assignments (assignment_id, couple_id, topic, first_speaker, rounds, due, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      assignment: db.prepare<[string], AssignmentRow>('SELECT * FROM assignments WHERE assignment_id = ?'),
      assignmentsOf: db.prepare<[string], AssignmentRow>(
        'SELECT * FROM assignments WHERE couple_id = ? ORDER BY created_at DESC, rowid DESC',
      ),
      deleteAssignment: db.prepare('DELETE FROM assignments WHERE couple_id = ? AND assignment_id = ?'),
      shares: db.prepare<[string], { partner: string; shared: number; decided_at: number }>(
        'SELECT partner, shared, decided_at FROM practice_shares WHERE room_id = ?',
      ),
      upsertShare: db.prepare(
        'INSERT INTO practice_shares (room_id, partner, shared, decided_at) VALUES (?, ?, ?, ?) ON CONFLICT (room_id, partner) DO UPDATE SET shared = excluded.shared, decided_at = excluded.decided_at',
      ),
      upsertNote: db.prepare(
        'INSERT INTO practice_notes (room_id, note, at) VALUES (?, ?, ?) ON CONFLICT (room_id) DO UPDATE SET note = excluded.note, at = excluded.at',
      ),
      // A couple's rows, in an order that leaves no row pointing at one already gone.
      deleteCouple: [
        'DELETE FROM practice_shares WHERE room_id IN (SELECT room_id FROM room_owners WHERE couple_id = ?)',
        'DELETE FROM practice_notes WHERE room_id IN (SELECT room_id FROM room_owners WHERE couple_id = ?)',
        'DELETE FROM room_owners WHERE couple_id = ?',
        'DELETE FROM assignments WHERE couple_id = ?',
        'DELETE FROM couple_links WHERE couple_id = ?',
      ].map((sql) => db.prepare<[string]>(sql)),
      deleteCoupleRow: db.prepare<[string]>('DELETE FROM couples WHERE couple_id = ?'),
      // The erasures table is the erasure store's (./erasures.ts), in the same database file.
      recordErasure: db.prepare(
        "INSERT INTO erasures (kind, subject_id, by_kind, by_id, at) VALUES ('couple', ?, ?, ?, ?)",
      ),
      note: db.prepare<[string], { note: string; at: number }>(
        'SELECT note, at FROM practice_notes WHERE room_id = ?',
      ),
    };
  }

  async createCouple(c: CoupleRecord): Promise<void> {
    this.observed(() =>
      this.db
        .transaction(() => {
          const { A, B } = c.partners;
          this.stmt.insertCouple.run(
            c.coupleId,
            c.therapistId,
            A.name,
            A.pronouns,
            B.name,
            B.pronouns,
            c.note,
            c.nextSessionAt,
            c.createdAt,
            c.confidentiality,
          );
          this.stmt.insertLink.run(c.coupleId, 'A');
          this.stmt.insertLink.run(c.coupleId, 'B');
        })
        .immediate(),
    );
  }

  async couple(coupleId: string): Promise<CoupleRecord | null> {
    const row = this.stmt.couple.get(coupleId);
    return row ? couple(row) : null;
  }

  async couplesOf(therapistId: string): Promise<CoupleRecord[]> {
    return this.stmt.couplesOf.all(therapistId).map(couple);
  }

  async updateCouple(coupleId: string, changes: CoupleChanges): Promise<CoupleRecord | null> {
    return this.observed(() =>
      this.db
        .transaction(() => {
          const row = this.stmt.couple.get(coupleId);
          if (!row) return null;
          const was = couple(row);
          const A = changes.partners?.A ?? was.partners.A;
          const B = changes.partners?.B ?? was.partners.B;
          const note = changes.note ?? was.note;
          const next = changes.nextSessionAt === undefined ? was.nextSessionAt : changes.nextSessionAt;
          const terms = changes.confidentiality === undefined ? was.confidentiality : changes.confidentiality;
          this.stmt.updateCouple.run(A.name, A.pronouns, B.name, B.pronouns, note, next, terms, coupleId);
          return { ...was, partners: { A, B }, note, nextSessionAt: next, confidentiality: terms };
        })
        .immediate(),
    );
  }

  async deleteCouple(coupleId: string, erasure: CoupleErasure): Promise<boolean> {
    return this.observed(() =>
      this.db
        .transaction(() => {
          for (const statement of this.stmt.deleteCouple) statement.run(coupleId);
          const existed = this.stmt.deleteCoupleRow.run(coupleId).changes > 0;
          if (existed) this.stmt.recordErasure.run(coupleId, erasure.byKind, erasure.byId, erasure.at);
          return existed;
        })
        .immediate(),
    );
  }

  async linkVersion(coupleId: string, partner: PartnerLetter): Promise<number | null> {
    return this.stmt.linkVersion.get(coupleId, partner)?.version ?? null;
  }

  async bumpLinkVersion(coupleId: string, partner: PartnerLetter): Promise<number | null> {
    return this.observed(() => this.stmt.bumpLink.get(coupleId, partner)?.version ?? null);
  }

  async addRoomOwner(o: RoomOwnerRecord): Promise<void> {
    this.observed(() => this.stmt.insertOwner.run(o.roomId, o.coupleId, o.kind, o.assignmentId, o.createdAt));
  }

  async removeRoomOwner(roomId: string): Promise<void> {
    this.observed(() => this.stmt.deleteOwner.run(roomId));
  }

  async roomOwner(roomId: string): Promise<RoomOwnerRecord | null> {
    const row = this.stmt.owner.get(roomId);
    return row ? owner(row) : null;
  }

  async roomsOf(coupleId: string, kind: RoomKind): Promise<RoomOwnerRecord[]> {
    return this.stmt.roomsOf.all(coupleId, kind).map(owner);
  }

  async lastSessionTimes(coupleIds: string[]): Promise<Map<string, number>> {
    const times = new Map<string, number>();
    for (const coupleId of coupleIds) {
      const at = this.stmt.lastSession.get(coupleId)?.at;
      if (typeof at === 'number') times.set(coupleId, at);
    }
    return times;
  }

  async createAssignment(a: AssignmentRecord): Promise<void> {
    this.observed(() =>
      this.stmt.insertAssignment.run(
        a.assignmentId,
        a.coupleId,
        a.topic,
        a.firstSpeaker,
        a.rounds,
        a.due,
        a.note,
        a.createdAt,
      ),
    );
  }

  async assignment(assignmentId: string): Promise<AssignmentRecord | null> {
    const row = this.stmt.assignment.get(assignmentId);
    return row ? assignment(row) : null;
  }

  async assignmentsOf(coupleId: string): Promise<AssignmentRecord[]> {
    return this.stmt.assignmentsOf.all(coupleId).map(assignment);
  }

  async deleteAssignment(coupleId: string, assignmentId: string): Promise<boolean> {
    return this.observed(() => this.stmt.deleteAssignment.run(coupleId, assignmentId).changes === 1);
  }

  private readShares(roomId: string): Partial<Record<PartnerLetter, ShareRecord>> {
    const shares: Partial<Record<PartnerLetter, ShareRecord>> = {};
    for (const row of this.stmt.shares.all(roomId)) {
      if (row.partner === 'A' || row.partner === 'B')
        shares[row.partner] = { shared: row.shared === 1, decidedAt: row.decided_at };
    }
    return shares;
  }

  async setShare(roomId: string, partner: PartnerLetter, shared: boolean, at: number): Promise<ShareResult> {
    return this.observed(() =>
      this.db
        .transaction((): ShareResult => {
          const before = this.readShares(roomId);
          if (before.A?.shared && before.B?.shared) return { ok: false, reason: 'fixed' };
          this.stmt.upsertShare.run(roomId, partner, shared ? 1 : 0, at);
          return { ok: true, shares: this.readShares(roomId) };
        })
        .immediate(),
    );
  }

  async sharesOf(roomId: string): Promise<Partial<Record<PartnerLetter, ShareRecord>>> {
    return this.readShares(roomId);
  }

  async setPracticeNote(roomId: string, n: PracticeNoteRecord): Promise<void> {
    this.observed(() => this.stmt.upsertNote.run(roomId, n.note, n.at));
  }

  async practiceNote(roomId: string): Promise<PracticeNoteRecord | null> {
    return this.stmt.note.get(roomId) ?? null;
  }
}
