import { beforeEach, describe, expect, it } from 'vitest';
import { type DocClient, tryUpgrade } from '../support/docClient.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { reissueSeat } from '../support/roomApi.ts';
import { withServer } from '../support/session.ts';

const HOUR = 3_600_000;
/** The default export window (EXPORT_WINDOW_HOURS = 72). */
const WINDOW = 72 * HOUR;

/** The server's clock, moved by the test; it starts at the machine's time so tokens are valid. */
let clock = Date.now();
// Registered before the server's, so each test's server starts on a fresh clock.
beforeEach(() => {
  clock = Date.now();
});
const ctx = withServer({}, { now: () => clock });
const { open: doc } = withDocClients(() => ctx.server.url);
const seat = (token: string) => ctx.open(token);

/**
 * A practice room where each partner wrote in the notes and in their own draft, then ended (T19: one
 * asks, the other confirms). Everyone has left; returns the room and the moment it ended.
 */
async function endedPracticeRoom() {
  const room = await ctx.server.createRoom('practice');
  const a = seat(room.token('A'));
  const b = seat(room.token('B'));
  await Promise.all([a.connected(), b.connected()]);
  const docs: DocClient[] = [];
  const writes = [
    [`${room.roomId}/notes`, 'A', 'our shared notes'],
    [`${room.roomId}/draft/A`, 'A', "A's own words"],
    [`${room.roomId}/draft/B`, 'B', "B's own words"],
  ] as const;
  for (const [name, who, text] of writes) {
    const writer = doc(name, room.token(who));
    await writer.synced();
    writer.text().insert(0, text);
    // Stored before it is relayed (D8): once a second reader has it, it is in the store.
    const check = doc(name, room.token(who));
    await eventually(() => expect(check.text().toString()).toBe(text));
    docs.push(writer, check);
  }
  for (const client of docs) client.destroy();

  await a.ok({ type: 'requestEnd' });
  const end = await b.ok({ type: 'confirmEnd' });
  await a.caughtUp(end);
  const ended = a.state;
  if (ended?.stage !== 'ended') throw new Error(`expected the session to have ended, got ${ended?.stage}`);
  expect(ended.endedAt).toBe(clock);
  a.close();
  b.close();
  return { room, endedAt: ended.endedAt };
}

describe('the export window after the end (A15)', () => {
  it('A15 D10 within the window a partner still connects and reads the notes and their own draft, read-only; never the other’s draft', async () => {
    const { room, endedAt } = await endedPracticeRoom();
    clock = endedAt + WINDOW - 60_000;

    const a = seat(room.token('A'));
    await a.connected();
    expect(a.welcome).toMatchObject({ roomId: room.roomId, seat: 'A', serverTime: clock });
    await eventually(() => expect(a.state?.stage).toBe('ended'));
    expect(a.closing).toBeNull();

    const notes = doc(`${room.roomId}/notes`, room.token('A'));
    const own = doc(`${room.roomId}/draft/A`, room.token('A'));
    await Promise.all([notes.synced(), own.synced()]);
    expect(notes.text().toString()).toBe('our shared notes');
    expect(own.text().toString()).toBe("A's own words");
    // The other's draft, even now: refused before a byte of it (D10).
    expect(await tryUpgrade(ctx.server.url, `${room.roomId}/draft/B`, room.token('A'))).toMatchObject({
      outcome: 4403,
    });
    // Read-only: a change is refused (D9, D10) and nothing of it is kept.
    own.text().insert(0, 'AFTER THE END ');
    await eventually(() => expect(own.tap.closes.map((c) => c.code)).toContain(4403));
    const again = doc(`${room.roomId}/draft/A`, room.token('A'));
    await again.synced();
    expect(again.text().toString()).toBe("A's own words");
  });

  it('A15 A5 after the end a link can no longer be re-issued: 410 session_ended', async () => {
    const { room } = await endedPracticeRoom();
    const res = await reissueSeat(ctx.server.url, room.roomId, 'A', room.token('A'));
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session_ended');
    // The old link is not revoked by the refusal: A still reads what A keeps.
    const a = seat(room.token('A'));
    await a.connected();
  });

  it('A15 once the window has passed, socket.io gets closing session_ended and every document is closed 4410', async () => {
    const { room, endedAt } = await endedPracticeRoom();
    clock = endedAt + WINDOW + 1_000;

    for (const who of ['A', 'B'] as const) {
      const late = seat(room.token(who));
      await eventually(() => expect(late.closing).toMatchObject({ code: 'session_ended' }));
      await eventually(() => expect(late.socket.connected).toBe(false));
      expect(late.welcome).toBeNull();
      expect(late.frames.map((f) => f.event)).toEqual(['closing']);
    }
    for (const [who, name] of [
      ['A', 'record'],
      ['A', 'notes'],
      ['A', 'draft/A'],
      ['B', 'draft/B'],
      ['B', 'draft/A'],
    ] as const) {
      const answer = await tryUpgrade(ctx.server.url, `${room.roomId}/${name}`, room.token(who));
      expect(answer.outcome, `${who} ${name}`).toBe(4410);
    }
  });

  it('A15 connections still open when the window runs out are closed: socket.io with session_ended, documents 4410', async () => {
    const { room, endedAt } = await endedPracticeRoom();
    clock = endedAt + WINDOW - 60_000;
    const a = seat(room.token('A'));
    await a.connected();
    const notes = doc(`${room.roomId}/notes`, room.token('A'));
    await notes.synced();
    // Nothing to close while the window is open.
    expect(await ctx.server.closeEndedSessions()).toBe(0);
    expect(a.closing).toBeNull();

    clock = endedAt + WINDOW + 1_000;
    // The sweep runs every minute; the test runs it now rather than wait.
    expect(await ctx.server.closeEndedSessions()).toBe(1);
    await eventually(() => expect(a.closing).toMatchObject({ code: 'session_ended' }));
    await eventually(() => expect(a.socket.connected).toBe(false));
    await eventually(() => expect(notes.tap.closes.map((c) => c.code)).toContain(4410));
  });
});
