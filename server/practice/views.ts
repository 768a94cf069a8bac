import type {
  AssignmentRecord,
  CoupleRecord,
  PartnerLetter,
  PracticeNoteRecord,
  RoomOwnerRecord,
  ShareRecord,
} from '../store/practiceTypes.ts';
import type { RoomFacts } from './roomFacts.ts';

/**
 * The shapes the couples and home routes answer with (docs/PROTOCOL.md §2.7, §2.8), built from the
 * store's records and a room's facts. Who may see a practice's summary is decided here, once (K5).
 */

export function coupleView(c: CoupleRecord) {
  return {
    id: c.coupleId,
    partners: c.partners,
    note: c.note,
    nextSessionAt: c.nextSessionAt,
    createdAt: c.createdAt,
    confidentiality: c.confidentiality,
  };
}

export function assignmentView(a: AssignmentRecord) {
  return {
    id: a.assignmentId,
    topic: a.topic,
    firstSpeaker: a.firstSpeaker,
    rounds: a.rounds,
    due: a.due,
    note: a.note,
    createdAt: a.createdAt,
  };
}

export function sessionItem(owner: RoomOwnerRecord, facts: RoomFacts) {
  return {
    roomId: owner.roomId,
    kind: 'session' as const,
    createdAt: owner.createdAt,
    talk: facts.talk,
    stage: facts.stage,
    summary: facts.summaries.therapist,
  };
}

/** Who is looking: the couple's therapist, or one of the partners through their home link. */
export type Viewer = 'therapist' | PartnerLetter;

export interface PracticeParts {
  owner: RoomOwnerRecord;
  facts: RoomFacts;
  shares: Partial<Record<PartnerLetter, ShareRecord>>;
  note: PracticeNoteRecord | null;
}

/**
 * A practice as `viewer` may see it (K5): whether it happened, its length, rounds and safety pauses
 * always; its summary to the therapist only while both partners share it — a partner was in the room
 * and sees their own.
 */
export function practiceItem(viewer: Viewer, p: PracticeParts) {
  const shares = { A: p.shares.A?.shared ?? null, B: p.shares.B?.shared ?? null };
  const shared = shares.A === true && shares.B === true;
  return {
    roomId: p.owner.roomId,
    createdAt: p.owner.createdAt,
    assignmentId: p.owner.assignmentId,
    stage: p.facts.stage,
    happened: p.facts.happened,
    safetyPauses: p.facts.safetyPauses,
    shares,
    shared,
    therapistNote: p.note?.note ?? null,
    summary: viewer !== 'therapist' || shared ? p.facts.summaries[viewer] : null,
  };
}
