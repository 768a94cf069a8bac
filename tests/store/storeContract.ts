import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, Store } from '../../server/store/types.ts';
import { type Actor, type DraftEvent, type Mode, RoomEvent, type Seat } from '../../shared/index.ts';
import { eventually } from '../support/eventually.ts';

/**
 * What every `Store` must do, tested only through the interface so the Redis store can run the
 * same suite (tldraw `storageContractSuite.ts`). `make` gives a fresh, empty-enough store; room ids
 * are random, so a store shared between runs works too.
 */
export interface StoreUnderTest {
  store: Store;
  /**
   * Another store object on the same data, as another server process would open it (Redis). Absent
   * where a second writer cannot exist: SQLite's data directory has one process at a time (S10).
   */
  peer?(): Promise<Store>;
  cleanup(): Promise<void>;
}

export const CREATED_AT = 1_760_000_000_000;

export function newRoomId(): string {
  return `room-${randomUUID()}`;
}

/** The first event of a room, as the server writes it on creation. */
export function roomCreated(roomId: string, mode: Mode): RoomEvent {
  return RoomEvent.parse({
    type: 'roomCreated',
    seq: 1,
    at: CREATED_AT,
    actor: 'system',
    roomId,
    mode,
  });
}

/** Varied, schema-valid drafts (nested objects, optional and nullable fields) to cycle through. */
const DRAFTS: DraftEvent[] = [
  { type: 'seatAdmitted', seat: 'A' },
  { type: 'contractAgreed', seat: 'B', safeWord: 'lighthouse' },
  {
    type: 'checkedIn',
    seat: 'A',
    visibility: 'therapist',
    checkIn: { parts: ['a tight chest', 'a tired part'], selfEnergy: 5 },
  },
  { type: 'floorRequested', seat: 'A', topic: 'Sunday plans' },
  {
    type: 'partNamed',
    seat: 'A',
    requested: false,
    part: { name: 'the planner', kind: 'protector', feltWhere: 'shoulders', fears: 'chaos' },
  },
  { type: 'spoke', seat: 'A', text: 'A part of me gets tense — "late" changes.', part: null },
  { type: 'timerExtended', byMs: 60_000 },
  { type: 'paused', kind: 'safety', seat: 'B' },
];

/**
 * `count` valid events with consecutive seqs from `firstSeq`. `tag` goes into the first event's
 * topic-like text when given, so tests can tell whose write won.
 */
export function eventsFrom(firstSeq: number, count: number, tag = '', actor: Actor = 'A'): RoomEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = firstSeq + i;
    const draft = DRAFTS[(seq - 1) % DRAFTS.length] as DraftEvent;
    const tagged = tag
      ? { type: 'floorRequested' as const, seat: 'A' as const, topic: `${tag} #${seq}` }
      : draft;
    return RoomEvent.parse({ ...tagged, seq, at: CREATED_AT + seq * 1000, actor });
  });
}

export function seatsOfMode(mode: Mode): Seat[] {
  return mode === 'therapy' ? ['therapist', 'A', 'B'] : ['A', 'B'];
}

/** Creates a room the way the server does: every seat at version 1, `roomCreated` at seq 1. */
export async function createRoomIn(store: Store, mode: Mode = 'therapy', roomId = newRoomId()) {
  const seatVersions = Object.fromEntries(seatsOfMode(mode).map((seat) => [seat, 1]));
  await store.createRoom({ roomId, mode, createdAt: CREATED_AT, seatVersions }, [roomCreated(roomId, mode)]);
  return roomId;
}

const seqs = (events: RoomEvent[]) => events.map((event) => event.seq);

export function storeContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: Store;

    beforeEach(async () => {
      subject = await make();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('room directory', () => {
      it('createRoom then getRoom returns the room with every seat at version 1, and its first events', async () => {
        const therapy = await createRoomIn(store, 'therapy');
        const practice = await createRoomIn(store, 'practice');

        expect(await store.getRoom(therapy)).toEqual({
          roomId: therapy,
          mode: 'therapy',
          createdAt: CREATED_AT,
          seatVersions: { therapist: 1, A: 1, B: 1 },
        });
        expect(await store.getRoom(practice)).toEqual({
          roomId: practice,
          mode: 'practice',
          createdAt: CREATED_AT,
          seatVersions: { A: 1, B: 1 },
        });
        expect(await store.read(therapy, 1)).toEqual([roomCreated(therapy, 'therapy')]);
        expect(await store.read(practice, 1)).toEqual([roomCreated(practice, 'practice')]);
      });

      it('getRoom of an unknown id is null, and an unknown room has no events, commands or audit', async () => {
        const unknown = newRoomId();
        expect(await store.getRoom(unknown)).toBeNull();
        expect(await store.read(unknown, 1)).toEqual([]);
        expect(await store.findCommand(unknown, 'A', 'cmd-00000001')).toBeNull();
        expect(await store.readAudit(unknown)).toEqual([]);
      });

      it('createRoom of an id that exists fails and changes nothing', async () => {
        const roomId = await createRoomIn(store, 'therapy');
        await store.append(roomId, 1, eventsFrom(2, 1), null);
        await store.bumpSeatVersion(roomId, 'A');
        await expect(createRoomIn(store, 'practice', roomId)).rejects.toThrow();
        expect(await store.getRoom(roomId)).toMatchObject({ mode: 'therapy', seatVersions: { A: 2 } });
        expect(seqs(await store.read(roomId, 1))).toEqual([1, 2]);
      });

      it('A5 bumpSeatVersion increments only that seat, returns the new version and keeps it', async () => {
        const roomId = await createRoomIn(store, 'therapy');
        const other = await createRoomIn(store, 'therapy');

        expect(await store.bumpSeatVersion(roomId, 'A')).toBe(2);
        expect(await store.bumpSeatVersion(roomId, 'A')).toBe(3);
        expect(await store.bumpSeatVersion(roomId, 'therapist')).toBe(2);

        expect((await store.getRoom(roomId))?.seatVersions).toEqual({ therapist: 2, A: 3, B: 1 });
        expect((await store.getRoom(other))?.seatVersions).toEqual({ therapist: 1, A: 1, B: 1 });
      });

      it('A5 a room read before a new seat version is read again with it (nothing stale is kept)', async () => {
        const roomId = await createRoomIn(store, 'therapy');
        expect((await store.getRoom(roomId))?.seatVersions.B).toBe(1);
        expect(await store.bumpSeatVersion(roomId, 'B')).toBe(2);
        expect((await store.getRoom(roomId))?.seatVersions).toEqual({ therapist: 1, A: 1, B: 2 });
        // What a caller does with the room it got changes nothing in the store.
        const read = await store.getRoom(roomId);
        if (read) read.seatVersions.B = 99;
        expect((await store.getRoom(roomId))?.seatVersions.B).toBe(2);
      });

      it('S13 ready() is true for an open store that can write', async () => {
        expect(await store.ready()).toBe(true);
      });
    });

    describe('event log', () => {
      it('S1 append at the head stores the events; read returns them parsed, in order, from any seq, with a limit', async () => {
        const roomId = await createRoomIn(store);
        const first = eventsFrom(2, 3);
        const second = eventsFrom(5, 6);
        expect(await store.append(roomId, 1, first, null)).toEqual({ ok: true });
        expect(
          await store.append(roomId, 4, second, { seat: 'A', commandId: 'cmd-append-1', fingerprint: 'fp' }),
        ).toEqual({
          ok: true,
        });

        const all = [roomCreated(roomId, 'therapy'), ...first, ...second];
        const read = await store.read(roomId, 1);
        expect(read).toEqual(all);
        expect(seqs(read)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        for (const event of read) expect(RoomEvent.safeParse(event).success).toBe(true);

        for (let fromSeq = 1; fromSeq <= 11; fromSeq++) {
          expect(await store.read(roomId, fromSeq)).toEqual(all.slice(fromSeq - 1));
        }
        expect(await store.read(roomId, 3, 2)).toEqual(all.slice(2, 4));
        expect(await store.read(roomId, 9, 5)).toEqual(all.slice(8));
        expect(await store.read(roomId, 1, 1)).toEqual([all[0]]);
        expect(await store.read(roomId, 11)).toEqual([]);
      });

      it('S2 append with a stale or future expectedSeq is a conflict naming the head, and writes nothing', async () => {
        const roomId = await createRoomIn(store);
        await store.append(roomId, 1, eventsFrom(2, 2), null);
        const before = await store.read(roomId, 1);

        expect(await store.append(roomId, 1, eventsFrom(2, 1, 'stale'), null)).toEqual({
          ok: false,
          reason: 'conflict',
          headSeq: 3,
        });
        expect(await store.append(roomId, 0, eventsFrom(1, 1, 'from zero'), null)).toEqual({
          ok: false,
          reason: 'conflict',
          headSeq: 3,
        });
        // Ahead of the head would leave a gap (T32): refused the same way.
        expect(await store.append(roomId, 5, eventsFrom(6, 1, 'ahead'), null)).toEqual({
          ok: false,
          reason: 'conflict',
          headSeq: 3,
        });
        // A refused append records no command either, so the command may still be applied later (A4).
        expect(
          await store.append(roomId, 2, eventsFrom(3, 1, 'stale'), {
            seat: 'B',
            commandId: 'cmd-stale-1',
            fingerprint: 'fp',
          }),
        ).toEqual({ ok: false, reason: 'conflict', headSeq: 3 });
        expect(await store.findCommand(roomId, 'B', 'cmd-stale-1')).toBeNull();

        expect(await store.read(roomId, 1)).toEqual(before);
        expect(
          await store.append(roomId, 3, eventsFrom(4, 1), {
            seat: 'B',
            commandId: 'cmd-stale-1',
            fingerprint: 'fp',
          }),
        ).toEqual({ ok: true });
        expect((await store.findCommand(roomId, 'B', 'cmd-stale-1'))?.seq).toBe(4);
      });

      it('S2 of concurrent appends at the same expectedSeq exactly one wins; the others see its head', async () => {
        const roomId = await createRoomIn(store);
        const writers = ['one', 'two', 'three', 'four'];
        const results = await Promise.all(
          writers.map((writer) =>
            store.append(roomId, 1, eventsFrom(2, 2, writer), {
              seat: 'A',
              commandId: `cmd-${writer}`,
              fingerprint: 'fp',
            }),
          ),
        );

        const winners = writers.filter((_, i) => results[i]?.ok);
        expect(winners).toHaveLength(1);
        for (const result of results.filter((r) => !r.ok)) {
          expect(result).toEqual({ ok: false, reason: 'conflict', headSeq: 3 });
        }
        const log = await store.read(roomId, 1);
        expect(log).toEqual([roomCreated(roomId, 'therapy'), ...eventsFrom(2, 2, winners[0])]);
        for (const writer of writers) {
          expect(await store.findCommand(roomId, 'A', `cmd-${writer}`)).toEqual(
            writer === winners[0] ? { seq: 3, fingerprint: 'fp' } : null,
          );
        }
      });

      it('A4 a second append with the same seat and command id is a duplicate with the first seq, and writes nothing', async () => {
        const roomId = await createRoomIn(store);
        const command = { seat: 'A' as const, commandId: 'cmd-retry-0001', fingerprint: 'fp' };
        expect(await store.append(roomId, 1, eventsFrom(2, 2), command)).toEqual({ ok: true });
        const before = await store.read(roomId, 1);

        // The retry is decided again against the new head, and still must not apply twice.
        expect(await store.append(roomId, 3, eventsFrom(4, 2), command)).toEqual({
          ok: false,
          reason: 'duplicate',
          seq: 3,
          fingerprint: 'fp',
        });
        expect(await store.read(roomId, 1)).toEqual(before);
        expect(await store.findCommand(roomId, 'A', command.commandId)).toEqual({
          seq: 3,
          fingerprint: 'fp',
        });
      });

      it('A4 the same command id from another seat, or in another room, is a different command', async () => {
        const roomId = await createRoomIn(store);
        const otherRoom = await createRoomIn(store);
        const commandId = 'cmd-shared-0001';

        expect(
          await store.append(roomId, 1, eventsFrom(2, 1), { seat: 'A', commandId, fingerprint: 'fp' }),
        ).toEqual({
          ok: true,
        });
        expect(
          await store.append(roomId, 2, eventsFrom(3, 2), { seat: 'B', commandId, fingerprint: 'fp' }),
        ).toEqual({
          ok: true,
        });
        expect(
          await store.append(roomId, 4, eventsFrom(5, 1), {
            seat: 'therapist',
            commandId,
            fingerprint: 'fp',
          }),
        ).toEqual({
          ok: true,
        });
        expect(
          await store.append(otherRoom, 1, eventsFrom(2, 1), { seat: 'A', commandId, fingerprint: 'fp' }),
        ).toEqual({
          ok: true,
        });

        expect((await store.findCommand(roomId, 'A', commandId))?.seq).toBe(2);
        expect((await store.findCommand(roomId, 'B', commandId))?.seq).toBe(4);
        expect((await store.findCommand(roomId, 'therapist', commandId))?.seq).toBe(5);
        expect((await store.findCommand(otherRoom, 'A', commandId))?.seq).toBe(2);
        expect(await store.findCommand(otherRoom, 'B', commandId)).toBeNull();
        expect(seqs(await store.read(roomId, 1))).toEqual([1, 2, 3, 4, 5]);
      });

      it('A4 findCommand gives the seq a command was acknowledged with (its last event), else null', async () => {
        const roomId = await createRoomIn(store);
        expect(await store.findCommand(roomId, 'A', 'cmd-find-0001')).toBeNull();

        await store.append(roomId, 1, eventsFrom(2, 1), null);
        await store.append(roomId, 2, eventsFrom(3, 3), {
          seat: 'A',
          commandId: 'cmd-find-0001',
          fingerprint: 'fp',
        });
        await store.append(roomId, 5, eventsFrom(6, 1), {
          seat: 'A',
          commandId: 'cmd-find-0002',
          fingerprint: 'fp',
        });

        expect((await store.findCommand(roomId, 'A', 'cmd-find-0001'))?.seq).toBe(5);
        expect((await store.findCommand(roomId, 'A', 'cmd-find-0002'))?.seq).toBe(6);
        expect(await store.findCommand(roomId, 'A', 'cmd-find-0003')).toBeNull();
        expect(await store.findCommand(roomId, 'B', 'cmd-find-0001')).toBeNull();
      });

      it('events, heads and commands of two rooms never mix', async () => {
        const x = await createRoomIn(store, 'therapy');
        const y = await createRoomIn(store, 'practice');
        // The same seqs in both rooms: each room has its own head.
        expect(
          await store.append(x, 1, eventsFrom(2, 2, 'x'), {
            seat: 'A',
            commandId: 'cmd-mix-0001',
            fingerprint: 'fp',
          }),
        ).toEqual({
          ok: true,
        });
        expect(
          await store.append(y, 1, eventsFrom(2, 1, 'y'), {
            seat: 'A',
            commandId: 'cmd-mix-0001',
            fingerprint: 'fp',
          }),
        ).toEqual({
          ok: true,
        });
        expect(await store.append(x, 3, eventsFrom(4, 1, 'x'), null)).toEqual({ ok: true });
        expect(await store.append(y, 3, eventsFrom(4, 1, 'y'), null)).toEqual({
          ok: false,
          reason: 'conflict',
          headSeq: 2,
        });
        expect(await store.append(y, 2, eventsFrom(3, 1, 'y'), null)).toEqual({ ok: true });

        expect(await store.read(x, 1)).toEqual([roomCreated(x, 'therapy'), ...eventsFrom(2, 3, 'x')]);
        expect(await store.read(y, 1)).toEqual([roomCreated(y, 'practice'), ...eventsFrom(2, 2, 'y')]);
        expect(await store.read(y, 2, 10)).toEqual(eventsFrom(2, 2, 'y'));
        expect((await store.findCommand(x, 'A', 'cmd-mix-0001'))?.seq).toBe(3);
        expect((await store.findCommand(y, 'A', 'cmd-mix-0001'))?.seq).toBe(2);
      });
    });

    describe('audit trail', () => {
      it('S6 audit entries come back in the order written, per room, with optional fields as given', async () => {
        const x = await createRoomIn(store);
        const y = await createRoomIn(store);
        const inX: AuditEntry[] = [
          { roomId: x, at: CREATED_AT, seat: 'system', action: 'room:created' },
          { roomId: x, at: CREATED_AT + 1, seat: 'A', action: 'connect' },
          { roomId: x, at: CREATED_AT + 2, seat: 'A', action: 'command:speak', seq: 7 },
          { roomId: x, at: CREATED_AT + 2, seat: 'B', action: 'rejected:speak', code: 'not_your_turn' },
          { roomId: x, at: CREATED_AT + 3, seat: null, action: 'handshake:refused', code: 'token_revoked' },
        ];
        const inY: AuditEntry[] = [
          { roomId: y, at: CREATED_AT + 1, seat: 'therapist', action: 'token:reissued:A' },
          { roomId: y, at: CREATED_AT, seat: 'B', action: 'disconnect' },
        ];
        // Interleaved writes; each room reads back only its own, in write order (not time order).
        for (let i = 0; i < Math.max(inX.length, inY.length); i++) {
          const ex = inX[i];
          const ey = inY[i];
          if (ex) await store.audit(ex);
          if (ey) await store.audit(ey);
        }

        expect(await store.readAudit(x)).toEqual(inX);
        expect(await store.readAudit(y)).toEqual(inY);
      });
    });

    describe('document store', () => {
      const bytes = (...values: number[]) => new Uint8Array(values);

      const updatesOf = async (name: string) => (await store.loadDoc(name)).map((row) => row.update);

      it('D8 a new document is empty; updates come back in the order stored, per document, with rising ids', async () => {
        const name = `${await createRoomIn(store)}/notes`;
        const other = `${await createRoomIn(store)}/notes`;
        expect(await store.loadDoc(name)).toEqual([]);
        const first = await store.appendDocUpdate(name, bytes(1, 2, 3));
        await store.appendDocUpdate(other, bytes(9));
        const second = await store.appendDocUpdate(name, bytes(4));
        expect(second).toBeGreaterThan(first);
        expect(await store.loadDoc(name)).toEqual([
          { id: first, update: bytes(1, 2, 3) },
          { id: second, update: bytes(4) },
        ]);
        expect(await updatesOf(other)).toEqual([bytes(9)]);
      });

      it("D8 replaceDoc swaps a document's updates up to the watermark for one, and leaves others alone", async () => {
        const name = `${await createRoomIn(store)}/draft/A`;
        const other = `${await createRoomIn(store)}/draft/B`;
        let last = 0;
        for (const value of [1, 2, 3]) last = await store.appendDocUpdate(name, bytes(value));
        await store.appendDocUpdate(other, bytes(7));
        await store.replaceDoc(name, bytes(1, 2, 3, 4), last);
        expect(await updatesOf(name)).toEqual([bytes(1, 2, 3, 4)]);
        expect(await updatesOf(other)).toEqual([bytes(7)]);
        await store.appendDocUpdate(name, bytes(5));
        expect(await updatesOf(name)).toEqual([bytes(1, 2, 3, 4), bytes(5)]);
      });

      it('D8 compaction deletes only the updates it merged: one stored after the merge was taken survives', async () => {
        const name = `${await createRoomIn(store)}/notes`;
        await store.appendDocUpdate(name, bytes(1));
        const merged = await store.appendDocUpdate(name, bytes(2));
        // Written while the merge of 1 and 2 was being made (another connection, another process).
        await store.appendDocUpdate(name, bytes(3));
        await store.replaceDoc(name, bytes(1, 2), merged);
        const left = await updatesOf(name);
        expect(left).toHaveLength(2);
        expect(left).toEqual(expect.arrayContaining([bytes(1, 2), bytes(3)]));
      });

      it('D13 an update set aside is no longer loaded; the others are', async () => {
        const name = `${await createRoomIn(store)}/notes`;
        await store.appendDocUpdate(name, bytes(1));
        const bad = await store.appendDocUpdate(name, bytes(0, 0, 0));
        await store.appendDocUpdate(name, bytes(2));
        await store.setAsideDocUpdate(name, bad);
        expect(await updatesOf(name)).toEqual([bytes(1), bytes(2)]);
      });

      it("D12 docSizes sums each document's stored bytes, for that room only", async () => {
        const roomId = await createRoomIn(store);
        const neighbour = await createRoomIn(store);
        await store.appendDocUpdate(`${roomId}/notes`, bytes(1, 2, 3));
        await store.appendDocUpdate(`${roomId}/notes`, bytes(4));
        await store.appendDocUpdate(`${roomId}/draft/A`, bytes(5, 6));
        await store.appendDocUpdate(`${neighbour}/notes`, bytes(7, 7, 7, 7, 7));
        await store.appendDocUpdate(`${roomId}0/notes`, bytes(8));
        expect(await store.docSizes(roomId)).toEqual(
          new Map([
            [`${roomId}/notes`, 4],
            [`${roomId}/draft/A`, 2],
          ]),
        );
      });
    });
    describe('leases (S29)', () => {
      it('S29 a lease has one holder at a time: its holder renews it, another gets it after its release or its time', async () => {
        const roomId = await createRoomIn(store);
        const name = `${roomId}/record#writer`;
        expect(await store.lease(name, 'one', 60_000)).toBe(true);
        expect(await store.lease(name, 'two', 60_000)).toBe(false);
        expect(await store.lease(name, 'one', 60_000)).toBe(true);
        // Another holder's release leaves it alone; the holder's frees it.
        await store.releaseLease(name, 'two');
        expect(await store.lease(name, 'two', 60_000)).toBe(false);
        await store.releaseLease(name, 'one');
        expect(await store.lease(name, 'two', 50)).toBe(true);
        expect(await store.lease(name, 'one', 60_000)).toBe(false);
        // Not renewed: gone after its time.
        await eventually(async () => expect(await store.lease(name, 'one', 60_000)).toBe(true));
        // Leases of other names, or other rooms, are their own.
        expect(await store.lease(`${roomId}/notes#compaction`, 'two', 60_000)).toBe(true);
      });
    });
    describe('several writers and followers', () => {
      const NO_PEER = 'one process per data directory (S10): there is no second writer to race or follow';

      it('S29 two store objects take one lease at once: exactly one holds it', async ({ skip }) => {
        if (!subject.peer) return skip(NO_PEER);
        const other = await subject.peer();
        const roomId = await createRoomIn(store);
        for (let round = 0; round < 5; round++) {
          const name = `${roomId}/record#writer-${round}`;
          const taken = await Promise.all([
            store.lease(name, 'one', 60_000),
            other.lease(name, 'two', 60_000),
          ]);
          expect(taken.filter(Boolean)).toHaveLength(1);
        }
      });

      it('S2 A4 two store objects append at one seq: exactly one is applied, the other sees the conflict and, after reading, appends at the next seq', async ({
        skip,
      }) => {
        if (!subject.peer) return skip(NO_PEER);
        const other = await subject.peer();
        const roomId = await createRoomIn(store);
        for (let round = 0; round < 5; round++) {
          const head = 1 + round * 2;
          const [mine, theirs] = await Promise.all([
            store.append(roomId, head, eventsFrom(head + 1, 2, `mine ${round}`), {
              seat: 'A',
              commandId: `cmd-mine-${round}`,
              fingerprint: 'fp',
            }),
            other.append(roomId, head, eventsFrom(head + 1, 2, `theirs ${round}`), {
              seat: 'B',
              commandId: `cmd-theirs-${round}`,
              fingerprint: 'fp',
            }),
          ]);
          expect([mine, theirs].filter((result) => result.ok)).toHaveLength(1);
          const lost = mine.ok ? theirs : mine;
          expect(lost).toEqual({ ok: false, reason: 'conflict', headSeq: head + 2 });
          // The loser catches up and decides again; it holds a slot only now.
          const loser = mine.ok ? other : store;
          const seen = await loser.read(roomId, head + 1);
          expect(seqs(seen)).toEqual([head + 1, head + 2]);
          const [seat, commandId] = mine.ok
            ? (['B', `cmd-theirs-${round}`] as const)
            : (['A', `cmd-mine-${round}`] as const);
          expect(await loser.findCommand(roomId, seat, commandId)).toBeNull();
        }
        // Both see one log, with exactly one write per seq.
        const log = await other.read(roomId, 1);
        expect(log).toEqual(await store.read(roomId, 1));
        expect(seqs(log)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
        expect(await other.append(roomId, 11, eventsFrom(12, 1, 'next'), null)).toEqual({ ok: true });
      });

      it('D8 two writers store updates of one document at once: every update is kept, each under an id of its own', async () => {
        const writer = subject.peer ? await subject.peer() : store;
        const name = `${await createRoomIn(store)}/notes`;
        const batches = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? store : writer).appendDocUpdates(name, [
              new Uint8Array([i, 1]),
              new Uint8Array([i, 2]),
            ]),
          ),
        );
        const ids = batches.flat();
        expect(new Set(ids).size).toBe(20);
        for (const batch of batches) expect(batch[1]).toBeGreaterThan(batch[0] ?? Number.POSITIVE_INFINITY);
        const rows = await store.loadDoc(name);
        expect(rows.map((row) => row.id)).toEqual(ids.toSorted((x, y) => x - y));
        expect(rows.map((row) => [...row.update]).toSorted()).toEqual(
          Array.from({ length: 10 }, (_, i) => [
            [i, 1],
            [i, 2],
          ])
            .flat()
            .toSorted(),
        );
      });

      it('D8 an update stored while a compaction merges (by another writer where there is one) survives it and loads', async () => {
        const writer = subject.peer ? await subject.peer() : store;
        const name = `${await createRoomIn(store)}/notes`;
        const bytes = (...values: number[]) => new Uint8Array(values);
        await store.appendDocUpdates(name, [bytes(1), bytes(2), bytes(3)]);
        const loaded = await store.loadDoc(name);
        const throughId = loaded.at(-1)?.id ?? 0;
        // The merge of what was loaded is being made when the other writer stores its update.
        const late = await writer.appendDocUpdate(name, bytes(4));
        expect(late).toBeGreaterThan(throughId);
        const mergedId = await store.replaceDoc(name, bytes(1, 2, 3), throughId);
        expect(mergedId).toBeGreaterThan(late);

        for (const reader of new Set([store, writer])) {
          const rows = await reader.loadDoc(name);
          expect(rows.map((row) => row.update)).toEqual(expect.arrayContaining([bytes(1, 2, 3), bytes(4)]));
          expect(rows).toHaveLength(2);
        }
        expect(await store.docSizes(name.split('/')[0] ?? '')).toEqual(new Map([[name, 4]]));
      });

      it('S24 a follower gets every event after its seq, in order, each once — the ones stored and each append after (by another writer where there is one)', async () => {
        const writer = subject.peer ? await subject.peer() : store;
        const roomId = await createRoomIn(store);
        const elsewhere = await createRoomIn(store);
        await store.append(roomId, 1, eventsFrom(2, 2), null);
        const got: RoomEvent[] = [];
        const from3: RoomEvent[] = [];
        const following = store.follow(roomId, 1, (events) => got.push(...events));
        const later = store.follow(roomId, 3, (events) => from3.push(...events));
        try {
          await eventually(() => expect(seqs(got)).toEqual([2, 3]));
          for (let head = 3; head < 12; head += 3) {
            expect(await writer.append(roomId, head, eventsFrom(head + 1, 3, 'w'), null)).toEqual({
              ok: true,
            });
          }
          await writer.append(elsewhere, 1, eventsFrom(2, 4, 'elsewhere'), null);
          await eventually(() => expect(seqs(got)).toEqual([2, 3, ...eventsFrom(4, 9).map((e) => e.seq)]));
          expect(got).toEqual(await store.read(roomId, 2));
          await eventually(() => expect(from3).toEqual(got.slice(2)));
        } finally {
          following.stop();
          later.stop();
        }
      });

      it("S24 a stopped follower gets nothing more; the room's other followers and other rooms' go on", async () => {
        const writer = subject.peer ? await subject.peer() : store;
        const x = await createRoomIn(store);
        const y = await createRoomIn(store);
        const inX: number[] = [];
        const stillX: number[] = [];
        const inY: number[] = [];
        const stopped = store.follow(x, 1, (events) => inX.push(...seqs(events)));
        const kept = store.follow(x, 1, (events) => stillX.push(...seqs(events)));
        const other = store.follow(y, 1, (events) => inY.push(...seqs(events)));
        try {
          await writer.append(x, 1, eventsFrom(2, 1), null);
          await eventually(() => expect(inX).toEqual([2]));
          stopped.stop();
          await writer.append(x, 2, eventsFrom(3, 1), null);
          await writer.append(y, 1, eventsFrom(2, 2), null);
          // The stopped one would have had seq 3 before the kept one's read of it resolved.
          await eventually(() => expect(stillX).toEqual([2, 3]));
          await eventually(() => expect(inY).toEqual([2, 3]));
          expect(inX).toEqual([2]);
        } finally {
          kept.stop();
          other.stop();
        }
      });

      it("S26 a document's follower gets every row after its id, in order, each once — a compaction's merged row too — until stopped", async () => {
        const writer = subject.peer ? await subject.peer() : store;
        const roomId = await createRoomIn(store);
        const name = `${roomId}/notes`;
        const first = await store.appendDocUpdate(name, new Uint8Array([1]));
        const got: { id: number; update: number[] }[] = [];
        const following = store.followDoc(name, first, (rows) =>
          got.push(...rows.map((row) => ({ id: row.id, update: [...row.update] }))),
        );
        try {
          const ids = await writer.appendDocUpdates(name, [new Uint8Array([2]), new Uint8Array([3])]);
          await writer.appendDocUpdate(`${roomId}/draft/A`, new Uint8Array([9]));
          await eventually(() => expect(got.map((row) => row.update)).toEqual([[2], [3]]));
          expect(got.map((row) => row.id)).toEqual(ids);
          const merged = await writer.replaceDoc(name, new Uint8Array([1, 2, 3]), ids.at(-1) as number);
          await eventually(() => expect(got.at(-1)).toEqual({ id: merged, update: [1, 2, 3] }));
          following.stop();
          await writer.appendDocUpdate(name, new Uint8Array([4]));
          await writer.appendDocUpdate(name, new Uint8Array([5]));
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(got).toHaveLength(3);
        } finally {
          following.stop();
        }
      });
    });
  });
}
