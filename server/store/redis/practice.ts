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
import type { Erasure } from '../types.ts';
import type { Call } from './accounts.ts';
import { practiceKeys as k, PRACTICE } from './keys.ts';

/** How often an update of a couple is tried again when another writer changed it in between. */
const UPDATE_TRIES = 10;

/** The Redis side of `PracticeStore` (K1–K10); its writes are `practiceScripts.ts`. */
export class RedisPractice implements PracticeStore {
  constructor(
    private readonly call: Call,
    private readonly wrote: (writes: number) => void,
  ) {}

  async createCouple(couple: CoupleRecord): Promise<void> {
    await this.call((c) =>
      c.createCouple(
        [k.couples, k.couplesOf(couple.therapistId), k.links],
        [couple.coupleId, JSON.stringify(couple)],
      ),
    );
    this.wrote(1);
  }

  async couple(coupleId: string): Promise<CoupleRecord | null> {
    const json = await this.call((c) => c.hGet(k.couples, coupleId));
    return json ? (JSON.parse(json) as CoupleRecord) : null;
  }

  async couplesOf(therapistId: string): Promise<CoupleRecord[]> {
    const ids = await this.call((c) => c.lRange(k.couplesOf(therapistId), 0, -1));
    return newestFirst(await this.many<CoupleRecord>(k.couples, ids));
  }

  /** Read, change, and write only if nobody wrote in between (compare and set, tried again if so). */
  async updateCouple(coupleId: string, changes: CoupleChanges): Promise<CoupleRecord | null> {
    for (let attempt = 0; attempt < UPDATE_TRIES; attempt++) {
      const json = await this.call((c) => c.hGet(k.couples, coupleId));
      if (!json) return null;
      const was = JSON.parse(json) as CoupleRecord;
      const changed: CoupleRecord = {
        ...was,
        partners: {
          A: changes.partners?.A ?? was.partners.A,
          B: changes.partners?.B ?? was.partners.B,
        },
        note: changes.note ?? was.note,
        nextSessionAt: changes.nextSessionAt === undefined ? was.nextSessionAt : changes.nextSessionAt,
        confidentiality:
          changes.confidentiality === undefined ? was.confidentiality : changes.confidentiality,
      };
      const answer = await this.call((c) =>
        c.updateCouple([k.couples], [coupleId, json, JSON.stringify(changed)]),
      );
      this.wrote(1);
      if (answer === 'ok') return changed;
      if (answer === 'gone') return null;
    }
    throw new Error('the couple kept changing while it was updated');
  }

  async deleteCouple(coupleId: string, erasure: CoupleErasure): Promise<boolean> {
    const record: Erasure = { kind: 'couple', subjectId: coupleId, ...erasure };
    const existed = await this.call((c) =>
      c.deleteCouple(
        [k.couples, k.owners, k.practiceRooms, k.shares, k.notes, k.assignments, k.links],
        [PRACTICE, coupleId, JSON.stringify(record)],
      ),
    );
    this.wrote(1);
    return Number(existed) === 1;
  }

  async linkVersion(coupleId: string, partner: PartnerLetter): Promise<number | null> {
    const version = await this.call((c) => c.hGet(k.links, `${coupleId}:${partner}`));
    return version ? Number(version) : null;
  }

  async bumpLinkVersion(coupleId: string, partner: PartnerLetter): Promise<number | null> {
    const version = await this.call((c) => c.bumpLink([k.links], [`${coupleId}:${partner}`]));
    this.wrote(1);
    return version === null || version === undefined ? null : Number(version);
  }

  async addRoomOwner(owner: RoomOwnerRecord): Promise<void> {
    await this.call((c) =>
      c.addRoomOwner(
        [k.owners, k.roomsOf(owner.coupleId), k.practiceRooms],
        [owner.roomId, JSON.stringify(owner), owner.kind, owner.createdAt],
      ),
    );
    this.wrote(1);
  }

  async removeRoomOwner(roomId: string): Promise<void> {
    await this.forgetRoom(roomId, 'owner');
  }

  /** Erasure (E1): the room's owner, its partners' share choices and the therapist's note on it. */
  async forgetRoom(roomId: string, what: 'owner' | 'all'): Promise<void> {
    await this.call((c) =>
      c.forgetRoom([k.owners, k.practiceRooms, k.shares, k.notes], [PRACTICE, roomId, what]),
    );
    this.wrote(1);
  }

  async roomOwner(roomId: string): Promise<RoomOwnerRecord | null> {
    const json = await this.call((c) => c.hGet(k.owners, roomId));
    return json ? (JSON.parse(json) as RoomOwnerRecord) : null;
  }

  async roomsOf(coupleId: string, kind: RoomKind): Promise<RoomOwnerRecord[]> {
    return newestFirst((await this.ownersOf(coupleId)).filter((owner) => owner.kind === kind));
  }

  async lastSessionTimes(coupleIds: string[]): Promise<Map<string, number>> {
    const times = new Map<string, number>();
    for (const coupleId of coupleIds) {
      const sessions = (await this.ownersOf(coupleId)).filter((owner) => owner.kind === 'session');
      if (sessions.length > 0) times.set(coupleId, Math.max(...sessions.map((owner) => owner.createdAt)));
    }
    return times;
  }

  async createAssignment(assignment: AssignmentRecord): Promise<void> {
    await this.call((c) =>
      c.createAssignment(
        [k.assignments, k.assignmentsOf(assignment.coupleId)],
        [assignment.assignmentId, JSON.stringify(assignment)],
      ),
    );
    this.wrote(1);
  }

  async assignment(assignmentId: string): Promise<AssignmentRecord | null> {
    const json = await this.call((c) => c.hGet(k.assignments, assignmentId));
    return json ? (JSON.parse(json) as AssignmentRecord) : null;
  }

  async assignmentsOf(coupleId: string): Promise<AssignmentRecord[]> {
    const ids = await this.call((c) => c.lRange(k.assignmentsOf(coupleId), 0, -1));
    return newestFirst(await this.many<AssignmentRecord>(k.assignments, ids));
  }

  async deleteAssignment(coupleId: string, assignmentId: string): Promise<boolean> {
    const done = await this.call((c) =>
      c.deleteAssignment([k.assignments, k.assignmentsOf(coupleId)], [assignmentId, coupleId]),
    );
    this.wrote(1);
    return Number(done) === 1;
  }

  async setShare(roomId: string, partner: PartnerLetter, shared: boolean, at: number): Promise<ShareResult> {
    const reply = (await this.call((c) =>
      c.setShare([k.shares], [roomId, partner, `${shared ? 1 : 0}:${at}`]),
    )) as string[];
    this.wrote(1);
    if (reply[0] === 'fixed') return { ok: false, reason: 'fixed' };
    return { ok: true, shares: sharesFrom(reply[1] ?? '', reply[2] ?? '') };
  }

  async sharesOf(roomId: string): Promise<Partial<Record<PartnerLetter, ShareRecord>>> {
    const [a, b] = await this.call((c) => c.hmGet(k.shares, [`${roomId}:A`, `${roomId}:B`]));
    return sharesFrom(a ?? '', b ?? '');
  }

  async setPracticeNote(roomId: string, note: PracticeNoteRecord): Promise<void> {
    await this.call((c) => c.hSet(k.notes, roomId, JSON.stringify({ note: note.note, at: note.at })));
    this.wrote(1);
  }

  async practiceNote(roomId: string): Promise<PracticeNoteRecord | null> {
    const json = await this.call((c) => c.hGet(k.notes, roomId));
    return json ? (JSON.parse(json) as PracticeNoteRecord) : null;
  }

  /** Practice rooms made before `before` that not both partners shared (E3), oldest first. */
  async unsharedPracticesBefore(before: number, limit: number): Promise<{ roomId: string; at: number }[]> {
    const due: { roomId: string; at: number }[] = [];
    for (let offset = 0; due.length < limit; ) {
      const rooms = await this.call((c) =>
        c.zRangeWithScores(k.practiceRooms, '-inf', `(${before}`, {
          BY: 'SCORE',
          LIMIT: { offset, count: Math.max(limit, 100) },
        }),
      );
      if (rooms.length === 0) break;
      offset += rooms.length;
      for (const room of rooms) {
        const shares = await this.sharesOf(room.value);
        if (!(shares.A?.shared && shares.B?.shared)) due.push({ roomId: room.value, at: room.score });
      }
    }
    return due.slice(0, limit);
  }

  /** Which of these rooms a couple owns. */
  async owned(roomIds: string[]): Promise<Set<string>> {
    if (roomIds.length === 0) return new Set();
    const owners = await this.call((c) => c.hmGet(k.owners, roomIds));
    return new Set(roomIds.filter((_, i) => typeof owners[i] === 'string'));
  }

  private async ownersOf(coupleId: string): Promise<RoomOwnerRecord[]> {
    const ids = await this.call((c) => c.lRange(k.roomsOf(coupleId), 0, -1));
    return this.many<RoomOwnerRecord>(k.owners, ids);
  }

  /** The JSON rows of `ids` in a hash, in the order of `ids`; missing ones left out. */
  private async many<T>(hash: string, ids: string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    const rows = await this.call((c) => c.hmGet(hash, ids));
    return rows.filter((row): row is string => typeof row === 'string').map((row) => JSON.parse(row) as T);
  }
}

/**
 * Newest first; of two made in the same millisecond the later one first, as SQLite's rowid
 * order does. `rows` are in the order made (lists are appended to).
 */
function newestFirst<T extends { createdAt: number }>(rows: T[]): T[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => y.row.createdAt - x.row.createdAt || y.i - x.i)
    .map(({ row }) => row);
}

function sharesFrom(a: string, b: string): Partial<Record<PartnerLetter, ShareRecord>> {
  const shares: Partial<Record<PartnerLetter, ShareRecord>> = {};
  for (const [partner, stored] of [
    ['A', a],
    ['B', b],
  ] as const) {
    if (stored === '') continue;
    const [shared, decidedAt] = stored.split(':');
    shares[partner] = { shared: shared === '1', decidedAt: Number(decidedAt) };
  }
  return shares;
}
