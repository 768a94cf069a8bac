import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RetentionPolicy, Store } from '../../server/store/types.ts';
import { RoomEvent } from '../../shared/index.ts';
import { CREATED_AT, createRoomIn, eventsFrom, type StoreUnderTest } from './storeContract.ts';

/**
 * What every `Store` must do to erase a room and to answer retention (E1–E3), through the interface
 * only, so the Redis store runs the same suite.
 */

const bytes = (...values: number[]) => new Uint8Array(values);
const HOUR = 3_600_000;
const POLICY: RetentionPolicy = { exportWindowMs: 72 * HOUR, practiceMs: 90 * 24 * HOUR };

/** A room with a bit of everything the store keeps for a room; returns its id. */
async function fullRoom(store: Store): Promise<string> {
  const roomId = await createRoomIn(store, 'practice');
  await store.append(roomId, 1, eventsFrom(2, 3), { seat: 'A', commandId: 'cmd-1', fingerprint: 'fp' });
  await store.bumpSeatVersion(roomId, 'B');
  await store.audit({ roomId, at: CREATED_AT, seat: 'A', action: 'command:speak', seq: 4 });
  await store.appendDocUpdate(`${roomId}/notes`, bytes(1, 2, 3));
  await store.appendDocUpdate(`${roomId}/draft/A`, bytes(4, 5));
  const bad = await store.appendDocUpdate(`${roomId}/draft/A`, bytes(0, 0, 0));
  await store.setAsideDocUpdate(`${roomId}/draft/A`, bad);
  return roomId;
}

/** Ends the room at `at` (the `ended` event after its last one). */
async function endRoom(store: Store, roomId: string, at: number) {
  const head = (await store.read(roomId, 1)).at(-1)?.seq ?? 0;
  const ended = RoomEvent.parse({ type: 'ended', seq: head + 1, at, actor: 'A' });
  expect(await store.append(roomId, head, [ended], null)).toEqual({ ok: true });
}

async function nothingOf(store: Store, roomId: string) {
  expect(await store.getRoom(roomId)).toBeNull();
  expect(await store.read(roomId, 1)).toEqual([]);
  expect(await store.findCommand(roomId, 'A', 'cmd-1')).toBeNull();
  expect(await store.readAudit(roomId)).toEqual([]);
  expect(await store.loadDoc(`${roomId}/notes`)).toEqual([]);
  expect(await store.loadDoc(`${roomId}/draft/A`)).toEqual([]);
  expect(await store.docSizes(roomId)).toEqual(new Map());
}

export function erasureContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`Store contract, erasure: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: Store;

    beforeEach(async () => {
      subject = await make();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('E1 eraseRoom removes the room, its seats, events, commands, audit and documents, and nothing of another room', async () => {
      const roomId = await fullRoom(store);
      const other = await fullRoom(store);
      const by = { byKind: 'operator', byId: null, at: CREATED_AT + HOUR } as const;
      // Read first: a room the store remembers must be gone with the rest.
      expect(await store.getRoom(roomId)).not.toBeNull();
      expect(await store.eraseRoom(roomId, by)).toBe(true);
      await nothingOf(store, roomId);

      expect(await store.getRoom(other)).toMatchObject({ seatVersions: { A: 1, B: 2 } });
      expect((await store.read(other, 1)).map((event) => event.seq)).toEqual([1, 2, 3, 4]);
      expect(await store.findCommand(other, 'A', 'cmd-1')).toEqual({ seq: 4, fingerprint: 'fp' });
      expect(await store.readAudit(other)).toHaveLength(1);
      expect((await store.loadDoc(`${other}/notes`)).map((row) => row.update)).toEqual([bytes(1, 2, 3)]);
      expect((await store.loadDoc(`${other}/draft/A`)).map((row) => row.update)).toEqual([bytes(4, 5)]);
    });

    it('E1 nothing of an erased room is stored again: a late document write is refused, a late audit line dropped, a late event not appended', async () => {
      const roomId = await fullRoom(store);
      await store.eraseRoom(roomId, { byKind: 'retention', byId: null, at: CREATED_AT });

      await expect(store.appendDocUpdate(`${roomId}/notes`, bytes(9))).rejects.toThrow();
      await expect(store.replaceDoc(`${roomId}/notes`, bytes(9, 9), 1_000_000)).rejects.toThrow();
      await store.audit({ roomId, at: CREATED_AT, seat: 'A', action: 'disconnect' });
      const late = await store
        .append(roomId, 4, eventsFrom(5, 1), { seat: 'A', commandId: 'cmd-1', fingerprint: 'fp' })
        .catch(() => null);
      expect(late?.ok ?? false).toBe(false);
      await nothingOf(store, roomId);
    });

    it('E2 an erasure is recorded once — what, by whom, when — and erasing again records nothing', async () => {
      const roomId = await fullRoom(store);
      const by = { kind: 'practice', byKind: 'partner', byId: 'A', at: CREATED_AT + 5 } as const;
      expect(await store.eraseRoom(roomId, by)).toBe(true);
      expect(await store.eraseRoom(roomId, { byKind: 'operator', byId: null, at: CREATED_AT + 9 })).toBe(
        false,
      );
      expect(await store.erasuresOf(roomId)).toEqual([
        { kind: 'practice', subjectId: roomId, byKind: 'partner', byId: 'A', at: CREATED_AT + 5 },
      ]);
      expect(await store.erasuresOf('no-such-subject')).toEqual([]);
    });

    it('E3 an ended room is due for erasure once its export window has passed, oldest first; a room not ended never', async () => {
      const open = await createRoomIn(store);
      const early = await createRoomIn(store);
      const late = await createRoomIn(store);
      const endOfEarly = CREATED_AT + HOUR;
      const endOfLate = CREATED_AT + 2 * HOUR;
      await endRoom(store, late, endOfLate);
      await endRoom(store, early, endOfEarly);
      const due = async (now: number) =>
        (await store.retention.roomsToErase(now, POLICY, 100))
          .filter((room) => [open, early, late].includes(room.roomId))
          .map((room) => [room.roomId, room.why]);

      expect(await due(endOfEarly + POLICY.exportWindowMs)).toEqual([]);
      expect(await due(endOfEarly + POLICY.exportWindowMs + 1)).toEqual([[early, 'ended']]);
      expect(await due(endOfLate + POLICY.exportWindowMs + 1)).toEqual([
        [early, 'ended'],
        [late, 'ended'],
      ]);
      expect(await due(endOfLate + 365 * 24 * HOUR)).not.toContainEqual([open, 'ended']);
      await store.eraseRoom(early, { byKind: 'retention', byId: null, at: endOfLate });
      expect(await due(endOfLate + POLICY.exportWindowMs + 1)).toEqual([[late, 'ended']]);
    });
    it("E1 erasing a room forgets its couple's side of it — owner, share choices, note — and nothing of the couple's other rooms", async () => {
      const roomId = await createRoomIn(store, 'practice');
      const other = await createRoomIn(store, 'practice');
      const coupleId = `couple-${roomId}`;
      for (const [id, at] of [
        [roomId, CREATED_AT],
        [other, CREATED_AT + 1],
      ] as const) {
        await store.practice.addRoomOwner({
          roomId: id,
          coupleId,
          kind: 'practice',
          assignmentId: null,
          createdAt: at,
        });
        await store.practice.setShare(id, 'A', true, at);
        await store.practice.setPracticeNote(id, { note: 'Well done.', at });
      }
      await store.eraseRoom(roomId, { byKind: 'partner', byId: 'A', at: CREATED_AT + 2 });
      expect(await store.practice.roomOwner(roomId)).toBeNull();
      expect(await store.practice.sharesOf(roomId)).toEqual({});
      expect(await store.practice.practiceNote(roomId)).toBeNull();
      expect((await store.practice.roomsOf(coupleId, 'practice')).map((owner) => owner.roomId)).toEqual([
        other,
      ]);
      expect(await store.practice.sharesOf(other)).toEqual({
        A: { shared: true, decidedAt: CREATED_AT + 1 },
      });
    });

    it('E3 an ended room a couple owns is not due: only rooms that belong to no couple go after the export window', async () => {
      const owned = await createRoomIn(store);
      const loose = await createRoomIn(store);
      for (const id of [owned, loose]) await endRoom(store, id, CREATED_AT);
      await store.practice.addRoomOwner({
        roomId: owned,
        coupleId: `couple-${owned}`,
        kind: 'session',
        assignmentId: null,
        createdAt: CREATED_AT,
      });
      const due = (
        await store.retention.roomsToErase(CREATED_AT + POLICY.exportWindowMs + 1, POLICY, 100)
      ).filter((room) => [owned, loose].includes(room.roomId));
      expect(due).toEqual([{ roomId: loose, why: 'ended' }]);
    });

    it("E3 a couple's practice is due RETENTION_PRACTICE_DAYS after it was made unless both partners shared it; a session never is", async () => {
      const rooms = [
        await createRoomIn(store),
        await createRoomIn(store),
        await createRoomIn(store),
        await createRoomIn(store),
      ];
      const [unshared, halfShared, shared, session] = rooms as [string, string, string, string];
      const coupleId = `couple-${unshared}`;
      const own = (roomId: string, kind: 'practice' | 'session', createdAt: number) =>
        store.practice.addRoomOwner({ roomId, coupleId, kind, assignmentId: null, createdAt });
      await own(unshared, 'practice', CREATED_AT);
      await own(halfShared, 'practice', CREATED_AT + 1);
      await own(shared, 'practice', CREATED_AT + 2);
      await own(session, 'session', CREATED_AT);
      await store.practice.setShare(halfShared, 'A', true, CREATED_AT);
      await store.practice.setShare(halfShared, 'B', false, CREATED_AT);
      await store.practice.setShare(shared, 'A', true, CREATED_AT);
      await store.practice.setShare(shared, 'B', true, CREATED_AT);
      const due = async (now: number) =>
        (await store.retention.roomsToErase(now, POLICY, 100)).filter((room) => rooms.includes(room.roomId));

      expect(await due(CREATED_AT + POLICY.practiceMs - 1)).toEqual([]);
      expect(await due(CREATED_AT + POLICY.practiceMs + 10)).toEqual([
        { roomId: unshared, why: 'practice' },
        { roomId: halfShared, why: 'practice' },
      ]);
    });
  });
}
