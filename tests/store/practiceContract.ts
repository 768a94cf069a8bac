import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AssignmentRecord,
  CoupleRecord,
  PracticeStore,
  RoomOwnerRecord,
} from '../../server/store/practiceTypes.ts';
import type { Erasure } from '../../server/store/types.ts';

/**
 * What every `PracticeStore` must do (K1–K7), tested only through the interface so the Redis store of
 * issue 13 can run the same suite. Ids are random, so a store shared between runs works too.
 */
export interface PracticeUnderTest {
  practice: PracticeStore;
  /** The store's erasure trail (`Store.erasuresOf`), where a deleted couple's row is read back. */
  erasuresOf(subjectId: string): Promise<Erasure[]>;
  cleanup(): Promise<void>;
}

const AT = 1_760_000_000_000;

export function newCouple(therapistId: string, createdAt = AT, names = ['Sam', 'Alex']): CoupleRecord {
  return {
    coupleId: `couple-${randomUUID()}`,
    therapistId,
    partners: {
      A: { name: names[0] ?? 'Sam', pronouns: 'she/her' },
      B: { name: names[1] ?? 'Alex', pronouns: null },
    },
    note: 'first seen in spring',
    nextSessionAt: null,
    createdAt,
    confidentiality: null,
  };
}

function owner(coupleId: string, kind: 'session' | 'practice', createdAt: number): RoomOwnerRecord {
  return { roomId: `room-${randomUUID()}`, coupleId, kind, assignmentId: null, createdAt };
}

function assignment(coupleId: string, createdAt: number): AssignmentRecord {
  return {
    assignmentId: `assignment-${randomUUID()}`,
    coupleId,
    topic: 'Sunday plans',
    firstSpeaker: 'B',
    rounds: 2,
    due: '2026-12-24',
    note: 'Go gently.',
    createdAt,
  };
}

export function practiceContract(name: string, make: () => Promise<PracticeUnderTest>): void {
  describe(`PracticeStore contract: ${name}`, () => {
    let subject: PracticeUnderTest;
    let store: PracticeStore;

    beforeEach(async () => {
      subject = await make();
      store = subject.practice;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('K1 a couple is stored with both home links at version 1; an unknown couple is null', async () => {
      const couple = newCouple(`t-${randomUUID()}`);
      await store.createCouple(couple);
      expect(await store.couple(couple.coupleId)).toEqual(couple);
      expect(await store.linkVersion(couple.coupleId, 'A')).toBe(1);
      expect(await store.linkVersion(couple.coupleId, 'B')).toBe(1);
      expect(await store.couple('no-such-couple')).toBeNull();
      expect(await store.linkVersion('no-such-couple', 'A')).toBeNull();
    });

    it("K1 a therapist's list holds their own couples only, newest first", async () => {
      const mine = `t-${randomUUID()}`;
      const older = newCouple(mine, AT);
      const newer = newCouple(mine, AT + 1000);
      const sameTime = newCouple(mine, AT + 1000);
      const theirs = newCouple(`t-${randomUUID()}`, AT + 2000);
      for (const c of [older, newer, sameTime, theirs]) await store.createCouple(c);
      const listed = (await store.couplesOf(mine)).map((c) => c.coupleId);
      expect(listed).toEqual([sameTime.coupleId, newer.coupleId, older.coupleId]);
      expect(await store.couplesOf(`t-${randomUUID()}`)).toEqual([]);
    });

    it('K1 updating a couple changes what is given and keeps the rest', async () => {
      const couple = newCouple(`t-${randomUUID()}`);
      await store.createCouple(couple);
      const renamed = await store.updateCouple(couple.coupleId, {
        partners: { B: { name: 'Robin', pronouns: 'they/them' } },
        nextSessionAt: AT + 86_400_000,
      });
      const expected = {
        ...couple,
        partners: { A: couple.partners.A, B: { name: 'Robin', pronouns: 'they/them' } },
        nextSessionAt: AT + 86_400_000,
      };
      expect(renamed).toEqual(expected);
      expect(await store.couple(couple.coupleId)).toEqual(expected);
      const cleared = await store.updateCouple(couple.coupleId, { note: '', nextSessionAt: null });
      expect(cleared).toEqual({ ...expected, note: '', nextSessionAt: null });
      expect(await store.updateCouple('no-such-couple', { note: 'x' })).toBeNull();
    });

    it("K2 bumping a partner's home link version revokes theirs only", async () => {
      const couple = newCouple(`t-${randomUUID()}`);
      await store.createCouple(couple);
      expect(await store.bumpLinkVersion(couple.coupleId, 'B')).toBe(2);
      expect(await store.bumpLinkVersion(couple.coupleId, 'B')).toBe(3);
      expect(await store.linkVersion(couple.coupleId, 'B')).toBe(3);
      expect(await store.linkVersion(couple.coupleId, 'A')).toBe(1);
      expect(await store.bumpLinkVersion('no-such-couple', 'A')).toBeNull();
    });

    it("K3 a couple's rooms are listed by kind, newest first, with the last session's time", async () => {
      const couple = newCouple(`t-${randomUUID()}`);
      const other = newCouple(`t-${randomUUID()}`);
      await store.createCouple(couple);
      await store.createCouple(other);
      const first = owner(couple.coupleId, 'session', AT);
      const second = owner(couple.coupleId, 'session', AT + 5000);
      const practice = { ...owner(couple.coupleId, 'practice', AT + 9000), assignmentId: 'assignment-1' };
      const elsewhere = owner(other.coupleId, 'session', AT + 1);
      for (const o of [first, second, practice, elsewhere]) await store.addRoomOwner(o);
      expect(await store.roomOwner(practice.roomId)).toEqual(practice);
      expect(await store.roomOwner('no-such-room')).toBeNull();
      expect(await store.roomsOf(couple.coupleId, 'session')).toEqual([second, first]);
      expect(await store.roomsOf(couple.coupleId, 'practice')).toEqual([practice]);
      const times = await store.lastSessionTimes([couple.coupleId, other.coupleId, 'no-such-couple']);
      expect(times).toEqual(
        new Map([
          [couple.coupleId, AT + 5000],
          [other.coupleId, AT + 1],
        ]),
      );
      await store.removeRoomOwner(second.roomId);
      expect(await store.roomOwner(second.roomId)).toBeNull();
      expect(await store.roomsOf(couple.coupleId, 'session')).toEqual([first]);
    });

    it("K1 assignments are the couple's, newest first, and deleted only through their couple", async () => {
      const couple = newCouple(`t-${randomUUID()}`);
      await store.createCouple(couple);
      const older = assignment(couple.coupleId, AT);
      const newer = { ...assignment(couple.coupleId, AT + 1), topic: '', due: null };
      await store.createAssignment(older);
      await store.createAssignment(newer);
      expect(await store.assignment(older.assignmentId)).toEqual(older);
      expect(await store.assignmentsOf(couple.coupleId)).toEqual([newer, older]);
      expect(await store.deleteAssignment('another-couple', older.assignmentId)).toBe(false);
      expect(await store.deleteAssignment(couple.coupleId, older.assignmentId)).toBe(true);
      expect(await store.deleteAssignment(couple.coupleId, older.assignmentId)).toBe(false);
      expect(await store.assignment(older.assignmentId)).toBeNull();
      expect(await store.assignmentsOf(couple.coupleId)).toEqual([newer]);
    });

    it('K5 each partner decides about sharing; once both said yes it is fixed', async () => {
      const roomId = `room-${randomUUID()}`;
      expect(await store.sharesOf(roomId)).toEqual({});
      expect(await store.setShare(roomId, 'A', true, AT)).toEqual({
        ok: true,
        shares: { A: { shared: true, decidedAt: AT } },
      });
      expect(await store.setShare(roomId, 'B', false, AT + 1)).toEqual({
        ok: true,
        shares: { A: { shared: true, decidedAt: AT }, B: { shared: false, decidedAt: AT + 1 } },
      });
      // Either may change their mind while the other has not also said yes.
      await store.setShare(roomId, 'A', false, AT + 2);
      await store.setShare(roomId, 'A', true, AT + 3);
      const both = await store.setShare(roomId, 'B', true, AT + 4);
      expect(both).toEqual({
        ok: true,
        shares: { A: { shared: true, decidedAt: AT + 3 }, B: { shared: true, decidedAt: AT + 4 } },
      });
      expect(await store.setShare(roomId, 'A', false, AT + 5)).toEqual({ ok: false, reason: 'fixed' });
      expect(await store.sharesOf(roomId)).toEqual(both.ok ? both.shares : null);
    });

    it('K10 E2 deleting a couple removes its links, rooms, assignments, shares and notes at once, and says who and when', async () => {
      const couple = newCouple(`t-${randomUUID()}`);
      const other = newCouple(`t-${randomUUID()}`);
      await store.createCouple(couple);
      await store.createCouple(other);
      const session = owner(couple.coupleId, 'session', AT);
      const practice = owner(couple.coupleId, 'practice', AT + 1);
      const theirs = owner(other.coupleId, 'practice', AT + 2);
      for (const o of [session, practice, theirs]) await store.addRoomOwner(o);
      const task = assignment(couple.coupleId, AT);
      const theirTask = assignment(other.coupleId, AT);
      await store.createAssignment(task);
      await store.createAssignment(theirTask);
      for (const roomId of [practice.roomId, theirs.roomId]) {
        await store.setShare(roomId, 'A', true, AT);
        await store.setShare(roomId, 'B', true, AT);
        await store.setPracticeNote(roomId, { note: 'Well done.', at: AT });
      }

      const by = { byKind: 'therapist' as const, byId: couple.therapistId, at: AT + 10 };
      expect(await store.deleteCouple(couple.coupleId, by)).toBe(true);
      expect(await store.couple(couple.coupleId)).toBeNull();
      expect(await store.linkVersion(couple.coupleId, 'A')).toBeNull();
      expect(await store.linkVersion(couple.coupleId, 'B')).toBeNull();
      expect(await store.roomOwner(session.roomId)).toBeNull();
      expect(await store.roomsOf(couple.coupleId, 'practice')).toEqual([]);
      expect(await store.assignment(task.assignmentId)).toBeNull();
      expect(await store.sharesOf(practice.roomId)).toEqual({});
      expect(await store.practiceNote(practice.roomId)).toBeNull();
      expect(await store.couplesOf(couple.therapistId)).toEqual([]);
      expect(await subject.erasuresOf(couple.coupleId)).toEqual([
        { kind: 'couple', subjectId: couple.coupleId, ...by },
      ]);
      // Nothing of the other couple changed.
      expect(await store.couple(other.coupleId)).toEqual(other);
      expect(await store.roomOwner(theirs.roomId)).toEqual(theirs);
      expect(await store.assignment(theirTask.assignmentId)).toEqual(theirTask);
      expect(await store.practiceNote(theirs.roomId)).toEqual({ note: 'Well done.', at: AT });
      expect(await store.sharesOf(theirs.roomId)).toMatchObject({ A: { shared: true }, B: { shared: true } });
      // A second deletion finds nothing and records nothing.
      expect(await store.deleteCouple(couple.coupleId, by)).toBe(false);
      expect(await subject.erasuresOf(couple.coupleId)).toHaveLength(1);
    });

    it("I42 a couple's confidentiality text is stored, replaced and cleared on its own, and goes with the couple", async () => {
      const couple = { ...newCouple(`t-${randomUUID()}`), confidentiality: 'What you tell me alone…' };
      await store.createCouple(couple);
      expect(await store.couple(couple.coupleId)).toEqual(couple);
      const replaced = await store.updateCouple(couple.coupleId, { confidentiality: 'Version two.' });
      expect(replaced).toEqual({ ...couple, confidentiality: 'Version two.' });
      // Changing something else keeps the text; null clears it.
      await store.updateCouple(couple.coupleId, { note: 'moved to Tuesdays' });
      expect((await store.couple(couple.coupleId))?.confidentiality).toBe('Version two.');
      await store.updateCouple(couple.coupleId, { confidentiality: null });
      expect((await store.couple(couple.coupleId))?.confidentiality).toBeNull();
      await store.updateCouple(couple.coupleId, { confidentiality: 'Again.' });
      expect(await store.couplesOf(couple.therapistId)).toMatchObject([{ confidentiality: 'Again.' }]);
      const by = { byKind: 'therapist' as const, byId: couple.therapistId, at: AT + 10 };
      expect(await store.deleteCouple(couple.coupleId, by)).toBe(true);
      expect(await store.couple(couple.coupleId)).toBeNull();
    });

    it("K6 the therapist's note on a practice is set and replaced", async () => {
      const roomId = `room-${randomUUID()}`;
      expect(await store.practiceNote(roomId)).toBeNull();
      await store.setPracticeNote(roomId, { note: 'Well done.', at: AT });
      await store.setPracticeNote(roomId, { note: 'Well done, both of you.', at: AT + 1 });
      expect(await store.practiceNote(roomId)).toEqual({ note: 'Well done, both of you.', at: AT + 1 });
    });
  });
}
