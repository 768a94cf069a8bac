import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/types.ts';
import { tryUpgrade } from '../support/docClient.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { type Room, reissueSeat } from '../support/roomApi.ts';
import type { SeatClient } from '../support/seatClient.ts';
import { withServer } from '../support/session.ts';

/** A real SQLite store whose document writes or event appends wait at a gate the test opens. */
class GatedStore extends SqliteStore {
  private gate: Promise<void> | null = null;
  private release: () => void = () => undefined;
  private gating: 'docs' | 'events' | null = null;
  /** Writes that reached the gate. */
  waiting = 0;

  closeGate(what: 'docs' | 'events') {
    this.gating = what;
    this.gate = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  openGate() {
    this.gating = null;
    this.gate = null;
    this.release();
  }

  private async pass(what: 'docs' | 'events') {
    if (this.gating !== what || !this.gate) return;
    this.waiting += 1;
    await this.gate;
  }

  override async appendDocUpdate(name: string, update: Uint8Array) {
    await this.pass('docs');
    return super.appendDocUpdate(name, update);
  }

  override async appendDocUpdates(name: string, updates: Uint8Array[]) {
    await this.pass('docs');
    return super.appendDocUpdates(name, updates);
  }

  override async append(...args: Parameters<SqliteStore['append']>) {
    await this.pass('events');
    return super.append(...args);
  }
}

let gated: GatedStore | null = null;
const ctx = withServer(
  {},
  {
    store: (dir): Store => {
      gated = new GatedStore(dir);
      return gated;
    },
  },
);
const { open: doc } = withDocClients(() => ctx.server.url);

/** Every byte of every file in the data directory: the database, its WAL and index, and the rest. */
function dataDirBytes(): Buffer {
  const dir = ctx.server.dataDir;
  return Buffer.concat(readdirSync(dir).map((file) => readFileSync(join(dir, file))));
}

/** A written practice room at A's first piece: both partners in, A holding the floor with `topic`. */
async function roomAtSpeak(topic: string) {
  const room = await ctx.server.createRoom('practice', 'written');
  const a = await ctx.join(room.token('A'));
  const b = await ctx.join(room.token('B'));
  await a.ok({ type: 'agreeContract' });
  await b.ok({ type: 'agreeContract' });
  await a.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
  await b.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
  await a.ok({ type: 'requestFloor', topic });
  await b.ok({ type: 'listenerReady' });
  await a.ok({ type: 'uTurn', part: { name: 'the worried one', kind: 'protector' } });
  return { room, a, b };
}

/** Writes `text` into the room's notes as A, and waits until a second reader has it (stored, D8). */
async function writeNotes(room: Room, text: string) {
  const writer = doc(`${room.roomId}/notes`, room.token('A'));
  await writer.synced();
  writer.text().insert(0, text);
  const check = doc(`${room.roomId}/notes`, room.token('B'));
  await eventually(() => expect(check.text().toString()).toContain(text));
  return writer;
}

async function closedAsDeleted(client: SeatClient) {
  await eventually(() =>
    expect(client.closing).toEqual({ code: 'session_ended', message: 'This session was deleted.' }),
  );
  await eventually(() => expect(client.socket.connected).toBe(false));
}

describe('erasing a room (E1, E2)', () => {
  it('E1 E2 the marker a partner wrote in a command and in a document is in no file of the data directory once the room is erased; another room goes on', async () => {
    const marker = randomUUID();
    const { room, a, b } = await roomAtSpeak(`about ${marker}`);
    await a.ok({ type: 'speak', text: `A part of me says ${marker}.` });
    const notes = await writeNotes(room, `our notes ${marker}`);
    // The record carries the piece too: open it so it is written.
    const record = doc(`${room.roomId}/record`, room.token('B'));
    await eventually(() => expect(JSON.stringify(record.doc.getArray('entries').toJSON())).toContain(marker));

    const neighbourMarker = randomUUID();
    const { room: neighbour, a: na } = await roomAtSpeak(`about ${neighbourMarker}`);
    const neighbourNotes = await writeNotes(neighbour, `their notes ${neighbourMarker}`);

    expect(dataDirBytes().includes(marker)).toBe(true); // the test sees the marker where it is

    expect(await ctx.server.eraseRoom(room.roomId, { byKind: 'therapist', byId: 'therapist-1' })).toBe(true);

    const bytes = dataDirBytes();
    expect(bytes.includes(marker)).toBe(false);
    expect(bytes.includes(neighbourMarker)).toBe(true);

    // Everyone still in the room is told, in words, and let go.
    await closedAsDeleted(a);
    await closedAsDeleted(b);
    for (const client of [notes, record]) {
      await eventually(() =>
        expect(client.tap.closes).toContainEqual({ code: 4410, reason: 'This session was deleted.' }),
      );
    }
    // The links lead nowhere now, and say why.
    expect(await ctx.open(room.token('A')).refused()).toEqual({
      message: 'This session was deleted.',
      data: { code: 'session_ended', message: 'This session was deleted.' },
    });
    expect(await tryUpgrade(ctx.server.url, `${room.roomId}/notes`, room.token('A'))).toMatchObject({
      outcome: 4410,
      reason: 'This session was deleted.',
    });
    const reissue = await reissueSeat(ctx.server.url, room.roomId, 'A', room.token('A'));
    expect(reissue.status).toBe(410);
    expect(await reissue.json()).toEqual({
      error: { code: 'session_ended', message: 'This session was deleted.' },
    });
    expect(await ctx.server.store.getRoom(room.roomId)).toBeNull();
    // Who and when, nothing more (E2).
    expect(await ctx.server.store.erasuresOf(room.roomId)).toEqual([
      {
        kind: 'room',
        subjectId: room.roomId,
        byKind: 'therapist',
        byId: 'therapist-1',
        at: expect.any(Number),
      },
    ]);
    expect(dataDirBytes().includes(marker)).toBe(false);

    // The other room did not notice.
    await na.ok({ type: 'speak', text: 'Still here.' });
    neighbourNotes.text().insert(0, 'more ');
    const check = doc(`${neighbour.roomId}/notes`, neighbour.token('B'));
    await eventually(() => expect(check.text().toString()).toBe(`more their notes ${neighbourMarker}`));
    expect(na.closing).toBeNull();
  });

  it('E1 a document write under way when the room is erased does not bring it back', async () => {
    const marker = randomUUID();
    const { room } = await roomAtSpeak('a topic');
    const writer = doc(`${room.roomId}/notes`, room.token('A'));
    await writer.synced();
    const store = gated as GatedStore;
    store.closeGate('docs');
    writer.text().insert(0, `late ${marker}`);
    await eventually(() => expect(store.waiting).toBe(1));

    expect(await ctx.server.eraseRoom(room.roomId, { byKind: 'operator', byId: null })).toBe(true);
    store.openGate();
    await eventually(() => expect(writer.tap.closes.map((close) => close.code)).toContain(4410));

    // The write that was waiting went to the store after the erasure and was refused there.
    await eventually(() => expect(ctx.server.logs.join('')).toContain('doc update not stored'));
    expect(await ctx.server.store.loadDoc(`${room.roomId}/notes`)).toEqual([]);
    expect(await ctx.server.store.docSizes(room.roomId)).toEqual(new Map());
    await ctx.server.store.checkpoint();
    expect(dataDirBytes().includes(marker)).toBe(false);
  });

  it('E1 a command half-way through the store when the room is erased leaves nothing of it behind', async () => {
    const marker = randomUUID();
    const { room, a, b } = await roomAtSpeak('a topic');
    const store = gated as GatedStore;
    store.closeGate('events');
    // Its socket is closed by the erasure: the answer may never reach it.
    void a.send({ type: 'speak', text: `late ${marker}` }).catch(() => null);
    await eventually(() => expect(store.waiting).toBe(1));

    const erasing = ctx.server.eraseRoom(room.roomId, { byKind: 'operator', byId: null });
    store.openGate();
    expect(await erasing).toBe(true);
    await closedAsDeleted(a);
    await closedAsDeleted(b);

    expect(await store.getRoom(room.roomId)).toBeNull();
    expect(await store.read(room.roomId, 1)).toEqual([]);
    expect(await store.readAudit(room.roomId)).toEqual([]);
    expect(ctx.server.rooms.loadedIds()).not.toContain(room.roomId);
    expect(dataDirBytes().includes(marker)).toBe(false);
  });
});
