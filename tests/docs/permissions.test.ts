import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Seat } from '../../shared/index.ts';
import { tryUpgrade } from '../support/docClient.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';
import { track } from '../support/track.ts';

const ctx = withServer();
const docs = withDocClients(() => ctx.server.url);

type Access = 'none' | 'read' | 'write';
const DOCS = ['record', 'notes', 'therapist-notes', 'draft/A', 'draft/B'] as const;

/**
 * Written out by hand from SPEC D2–D6, so the test does not trust the code it checks. Neither partner
 * has chosen to share their draft (the default), so each partner's draft is theirs and the therapist's.
 */
const THERAPY: Record<Seat, Record<(typeof DOCS)[number], Access>> = {
  therapist: {
    record: 'read',
    notes: 'write',
    'therapist-notes': 'write',
    'draft/A': 'read',
    'draft/B': 'read',
  },
  A: { record: 'read', notes: 'write', 'therapist-notes': 'none', 'draft/A': 'write', 'draft/B': 'none' },
  B: { record: 'read', notes: 'write', 'therapist-notes': 'none', 'draft/A': 'none', 'draft/B': 'write' },
};

const open = (roomId: string, doc: string, token: string) => docs.open(`${roomId}/${doc}`, token);

async function therapyRoomWithEveryoneIn() {
  const room = await ctx.server.createRoom('therapy');
  const therapist = await ctx.join(room.token('therapist'));
  await therapist.ok({ type: 'admit', seat: 'A' });
  const seq = await therapist.ok({ type: 'admit', seat: 'B' });
  const a = await ctx.join(room.token('A'));
  await a.ok({ type: 'agreeContract', safeWord: 'harbour' });
  await a.caughtUp(seq);
  return room;
}

describe('D1–D6 who may read and write which document', () => {
  it.each(
    (Object.keys(THERAPY) as Seat[]).flatMap((seat) =>
      DOCS.map((doc) => [seat, doc, THERAPY[seat][doc]] as const),
    ),
  )('D1–D6 %s on %s: %s', async (seat, doc, access) => {
    const room = await therapyRoomWithEveryoneIn();
    if (access === 'none') {
      const answer = await tryUpgrade(ctx.server.url, `${room.roomId}/${doc}`, room.token(seat));
      expect(answer).toEqual({ outcome: 4403, reason: 'Your seat cannot open this document.' });
      return;
    }
    // A witness that may read the document: another seat if there is one, else the same seat again.
    const witnessSeat =
      (['therapist', 'A', 'B'] as Seat[]).find((s) => s !== seat && THERAPY[s][doc] !== 'none') ?? seat;
    const client = open(room.roomId, doc, room.token(seat));
    const witness = open(room.roomId, doc, room.token(witnessSeat));
    await client.synced();
    await witness.synced();
    if (doc === 'record') {
      // Read: the server-written record is there, with the contract A agreed to.
      expect(client.doc.getArray('entries').toJSON()).toContainEqual(
        expect.objectContaining({ type: 'contractAgreed', seat: 'A', safeWord: 'harbour' }),
      );
    }
    client.text().insert(0, `written-by-${seat}`);
    if (access === 'write') {
      await eventually(() => expect(witness.text().toString()).toContain(`written-by-${seat}`));
      return;
    }
    // Read only: the write is refused, the connection told and closed, and nobody else sees it.
    await eventually(() => expect(client.tap.closes.map((c) => c.code)).toContain(4403));
    const marker = open(room.roomId, 'notes', room.token(witnessSeat));
    await marker.synced();
    marker.text().insert(0, 'round-trip');
    const check = open(room.roomId, 'notes', room.token(witnessSeat));
    await eventually(() => expect(check.text().toString()).toContain('round-trip'));
    expect(witness.text().toString()).not.toContain(`written-by-${seat}`);
  });

  it('D1–D6 in a practice room each partner writes their own draft, reads the other only when both share; no therapist notes', async () => {
    const room = await ctx.server.createRoom('practice');
    const expected: Record<'A' | 'B', Record<(typeof DOCS)[number], number>> = {
      A: { record: 101, notes: 101, 'therapist-notes': 4403, 'draft/A': 101, 'draft/B': 4403 },
      B: { record: 101, notes: 101, 'therapist-notes': 4403, 'draft/A': 4403, 'draft/B': 101 },
    };
    const statuses = async () => {
      for (const seat of ['A', 'B'] as const) {
        for (const doc of DOCS) {
          const answer = await tryUpgrade(ctx.server.url, `${room.roomId}/${doc}`, room.token(seat));
          expect(answer.outcome, `${seat} ${doc}`).toBe(expected[seat][doc]);
        }
      }
    };
    await statuses();
    // D4: one partner's choice alone opens nothing; both, and each reads the other's.
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    await a.ok({ type: 'shareDraft', shared: true });
    await statuses();
    await b.ok({ type: 'shareDraft', shared: true });
    expected.A['draft/B'] = 101;
    expected.B['draft/A'] = 101;
    await statuses();
    const own = open(room.roomId, 'draft/A', room.token('A'));
    const other = open(room.roomId, 'draft/A', room.token('B'));
    await Promise.all([own.synced(), other.synced()]);
    own.text().insert(0, 'mine');
    await eventually(() => expect(other.text().toString()).toBe('mine'));
    other.text().insert(0, 'not yours');
    await eventually(() => expect(other.tap.closes.map((c) => c.code)).toContain(4403));
  });

  it('D1 a partner waiting to be let in opens no document at all', async () => {
    const room = await ctx.server.createRoom('therapy');
    for (const doc of DOCS) {
      const answer = await tryUpgrade(ctx.server.url, `${room.roomId}/${doc}`, room.token('A'));
      expect(answer.outcome, doc).toBe(4403);
    }
  });

  it('D1 bad tokens, other rooms and unknown documents are refused before any byte of a document', async () => {
    const room = await ctx.server.createRoom('practice');
    const other = await ctx.server.createRoom('practice');
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/notes`, 'forged')).outcome).toBe(4401);
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/notes`, other.token('A'))).outcome).toBe(4403);
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/secrets`, room.token('A'))).outcome).toBe(404);
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/draft/C`, room.token('A'))).outcome).toBe(404);
    expect(
      (await tryUpgrade(ctx.server.url, `${room.roomId}/therapist-notes`, room.token('A'))).outcome,
    ).toBe(4403);
    const elsewhere = await new Promise<number>((resolve) => {
      const ws = track(new WebSocket(`${ctx.server.url.replace('http', 'ws')}/elsewhere`), (open) =>
        open.terminate(),
      );
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(elsewhere).toBe(404);
  });
});

describe('D10 after the end nothing is written', () => {
  async function endedTherapyRoom() {
    const room = await ctx.server.createRoom('therapy');
    const therapist = await ctx.join(room.token('therapist'));
    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    await a.ok({ type: 'shareDraft', shared: true });
    await b.ok({ type: 'shareDraft', shared: true });
    return { room, therapist, a };
  }

  it('D10 a partner’s notes connection, open since before the end, is refused its next write with a 44xx close', async () => {
    const { room, therapist } = await endedTherapyRoom();
    const writer = open(room.roomId, 'notes', room.token('A'));
    const reader = open(room.roomId, 'notes', room.token('B'));
    await Promise.all([writer.synced(), reader.synced()]);
    writer.text().insert(0, 'before the end');
    await eventually(() => expect(reader.text().toString()).toBe('before the end'));

    await therapist.ok({ type: 'requestEnd' });
    const end = await therapist.ok({ type: 'confirmEnd' });
    const record = open(room.roomId, 'record', room.token('A'));
    await eventually(() => expect(record.doc.getMap('meta').get('lastSeq')).toBe(end));
    writer.text().insert(0, 'AFTER-THE-END ');
    await eventually(() => expect(writer.tap.closes.map((c) => c.code)).toContain(4403));
    // Nobody received it, and it is not stored: a fresh reader sees the notes as they were.
    const fresh = open(room.roomId, 'notes', room.token('therapist'));
    await fresh.synced();
    expect(fresh.text().toString()).toBe('before the end');
    expect(reader.text().toString()).toBe('before the end');
    expect(reader.tap.closes).toEqual([]); // reading goes on
  });

  it('D10 after the end a new connection reads the notes and its own draft but writes neither; the other’s draft is closed and refused', async () => {
    const { room, therapist } = await endedTherapyRoom();
    const otherDraft = open(room.roomId, 'draft/A', room.token('B'));
    const therapistDraft = open(room.roomId, 'draft/A', room.token('therapist'));
    await Promise.all([otherDraft.synced(), therapistDraft.synced()]);
    await therapist.ok({ type: 'requestEnd' });
    await therapist.ok({ type: 'confirmEnd' });
    await eventually(() => expect(otherDraft.tap.closes.map((c) => c.code)).toContain(4401));
    await eventually(() => expect(therapistDraft.tap.closes.map((c) => c.code)).toContain(4401));
    for (const [seat, doc, status] of [
      ['B', 'draft/A', 4403],
      ['therapist', 'draft/A', 4403],
      ['A', 'therapist-notes', 4403],
      ['therapist', 'therapist-notes', 101],
      ['A', 'draft/A', 101],
      ['B', 'notes', 101],
    ] as const) {
      const answer = await tryUpgrade(ctx.server.url, `${room.roomId}/${doc}`, room.token(seat));
      expect(answer.outcome, `${seat} ${doc}`).toBe(status);
    }
    for (const [seat, doc] of [
      ['B', 'notes'],
      ['A', 'draft/A'],
      ['therapist', 'therapist-notes'],
    ] as const) {
      const late = open(room.roomId, doc, room.token(seat));
      await late.synced();
      late.text().insert(0, 'AFTER-THE-END');
      await eventually(() =>
        expect(
          late.tap.closes.map((c) => c.code),
          `${seat} ${doc}`,
        ).toContain(4403),
      );
    }
  });
});
