/**
 * The practice around the rooms (issue 10, K1–K9 in shared/SPEC.md): a therapist's couples, the
 * versions of their home links, which rooms belong to which couple, assignments, what each partner
 * chose to share of a practice, and the therapist's note on a shared one. A narrow interface of its
 * own so the Redis store of issue 13 can fill it too; its contract suite is
 * `tests/store/practiceContract.ts`.
 */

export type PartnerLetter = 'A' | 'B';

export interface PartnerRecord {
  name: string;
  pronouns: string | null;
}

export interface CoupleRecord {
  coupleId: string;
  /** The therapist the couple belongs to: nobody else ever reads or changes it (K1). */
  therapistId: string;
  partners: Record<PartnerLetter, PartnerRecord>;
  note: string;
  nextSessionAt: number | null;
  createdAt: number;
  /** The therapist's confidentiality text for this couple's sessions (I42); null until set. */
  confidentiality: string | null;
}

export interface CoupleChanges {
  partners?: Partial<Record<PartnerLetter, PartnerRecord>>;
  note?: string;
  nextSessionAt?: number | null;
  /** I42: null clears it. */
  confidentiality?: string | null;
}

export type RoomKind = 'session' | 'practice';

/** A room bound to a couple; a room with no such record belongs to nobody. */
export interface RoomOwnerRecord {
  roomId: string;
  coupleId: string;
  kind: RoomKind;
  /** The assignment a practice was started from, if any. */
  assignmentId: string | null;
  createdAt: number;
}

export interface AssignmentRecord {
  assignmentId: string;
  coupleId: string;
  /** Empty when the therapist left the topic to the couple. */
  topic: string;
  firstSpeaker: PartnerLetter;
  rounds: number;
  /** A calendar day, `YYYY-MM-DD`, or none. */
  due: string | null;
  note: string;
  createdAt: number;
}

/** One partner's decision about sharing a practice with the therapist (K5). */
export interface ShareRecord {
  shared: boolean;
  decidedAt: number;
}

export interface PracticeNoteRecord {
  note: string;
  at: number;
}

export type ShareResult =
  | { ok: true; shares: Partial<Record<PartnerLetter, ShareRecord>> }
  /** Both partners had already said yes: the sharing is fixed (K5), nothing was written. */
  | { ok: false; reason: 'fixed' };

/** Who deleted a couple, and when (E2): the `erasures` row the deletion leaves, never content. */
export interface CoupleErasure {
  byKind: 'therapist' | 'operator';
  /** The therapist's id; null for the operator. */
  byId: string | null;
  at: number;
}

export interface PracticeStore {
  /** Stores the couple and both partners' home links at version 1, in one write. */
  createCouple(couple: CoupleRecord): Promise<void>;
  couple(coupleId: string): Promise<CoupleRecord | null>;
  /** The therapist's couples, newest first. */
  couplesOf(therapistId: string): Promise<CoupleRecord[]>;
  /** Applies the changes given; null when there is no such couple. */
  updateCouple(coupleId: string, changes: CoupleChanges): Promise<CoupleRecord | null>;
  /**
   * Deletes the couple and everything of theirs this store holds — the couple, both home links (so
   * they stop at once), room owners, assignments, share choices and notes of their rooms — and
   * records the erasure (kind 'couple'), in one write. Their rooms themselves are erased first, one by
   * one, by the erasure service (server/room/eraseRoom.ts). False when there is no such couple.
   */
  deleteCouple(coupleId: string, erasure: CoupleErasure): Promise<boolean>;

  /** The version a partner's home link must carry to be valid (K2); null for an unknown couple. */
  linkVersion(coupleId: string, partner: PartnerLetter): Promise<number | null>;
  /** Revokes the partner's current home link; returns the new version (null: no such couple). */
  bumpLinkVersion(coupleId: string, partner: PartnerLetter): Promise<number | null>;

  addRoomOwner(owner: RoomOwnerRecord): Promise<void>;
  /** Forgets a room's owner (a room that could not be created after its owner was written). */
  removeRoomOwner(roomId: string): Promise<void>;
  roomOwner(roomId: string): Promise<RoomOwnerRecord | null>;
  /** The couple's rooms of that kind, newest first. */
  roomsOf(coupleId: string, kind: RoomKind): Promise<RoomOwnerRecord[]>;
  /** When each of the couples' newest session room was made (couples without one are left out). */
  lastSessionTimes(coupleIds: string[]): Promise<Map<string, number>>;

  createAssignment(assignment: AssignmentRecord): Promise<void>;
  assignment(assignmentId: string): Promise<AssignmentRecord | null>;
  /** The couple's assignments, newest first. */
  assignmentsOf(coupleId: string): Promise<AssignmentRecord[]>;
  /** False when the couple has no such assignment. */
  deleteAssignment(coupleId: string, assignmentId: string): Promise<boolean>;

  /**
   * Records a partner's decision about sharing a practice (K5), unless both partners have already
   * said yes: then the sharing is fixed and nothing changes. Checked and written atomically.
   */
  setShare(roomId: string, partner: PartnerLetter, shared: boolean, at: number): Promise<ShareResult>;
  sharesOf(roomId: string): Promise<Partial<Record<PartnerLetter, ShareRecord>>>;

  /** Sets (or replaces) the therapist's note on a practice. */
  setPracticeNote(roomId: string, note: PracticeNoteRecord): Promise<void>;
  practiceNote(roomId: string): Promise<PracticeNoteRecord | null>;
}
