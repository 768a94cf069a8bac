import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clinicalRecordMarkdown, type RoomEvent, summarizeSession } from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import type { SeatClient } from '../support/seatClient.ts';
import { withServer } from '../support/session.ts';
import { startTestServer } from '../support/testServer.ts';
import { track } from '../support/track.ts';

// A short breathing pause, so the test sees it end by itself (I11 lets the server choose its length).
const ctx = withServer({ breathingSeconds: 1 });

/** A therapy room with all three seats in, at round 1 with A speaking, B at `listener_ready` done. */
async function therapyRound() {
  const room = await ctx.server.createRoom('therapy');
  const therapist = await ctx.join(room.token('therapist'));
  await therapist.ok({ type: 'admit', seat: 'A' });
  await therapist.ok({ type: 'admit', seat: 'B' });
  const a = await ctx.join(room.token('A'));
  const b = await ctx.join(room.token('B'));
  await a.ok({ type: 'agreeContract' });
  await b.ok({ type: 'agreeContract' });
  await therapist.ok({ type: 'skipStep' });
  await a.ok({ type: 'requestFloor' });
  await b.ok({ type: 'listenerReady' });
  return { room, therapist, a, b, seats: [therapist, a, b] };
}

const lastOf = (client: SeatClient, type: RoomEvent['type']) =>
  client.events.filter((event) => event.type === type).at(-1);

describe('slowing down over the wire', () => {
  it('I10 I12 I13 a partner calls a breathing pause: every seat gets the same pause, and it ends by itself at the step', async () => {
    const { therapist, a, b, seats } = await therapyRound();
    const seq = await b.ok({ type: 'breathe' });
    for (const seat of seats) await seat.caughtUp(seq);
    const started = seats.map((seat) => lastOf(seat, 'breathingStarted'));
    expect(started[0]).toMatchObject({ type: 'breathingStarted', seat: 'B', actor: 'B' });
    // I13: the same event, whole, on every screen: the same caller and the same end.
    expect(started[1]).toEqual(started[0]);
    expect(started[2]).toEqual(started[0]);
    for (const seat of seats) expect(seat.state?.pause).toMatchObject({ kind: 'breathing', seat: 'B' });
    expect(await a.send({ type: 'uTurn' })).toMatchObject({ ok: false, error: { code: 'paused' } });

    // I12: nobody resumes it; the server's clock ends it and the round is where it was.
    for (const seat of seats) {
      await eventually(() => expect(lastOf(seat, 'breathingEnded')).toMatchObject({ actor: 'system' }));
      expect(seat.state?.pause).toBeNull();
      expect(seat.state?.stage === 'round' && seat.state.round.step).toBe('u_turn');
    }
    expect(ctx.server.breathing.pendingCount()).toBe(0);
    await a.ok({ type: 'uTurn' });

    // I14: the therapist ends one early; the clock's command for it then changes nothing.
    await therapist.ok({ type: 'breathe' });
    const resumed = await therapist.ok({ type: 'resume' });
    await a.caughtUp(resumed);
    expect(a.state?.pause).toBeNull();
    expect(ctx.server.breathing.pendingCount()).toBe(0);
  });

  it('I15 I16 I19 a flooding break: the caller comes back, the other partner waits; the clinical record lists them all', async () => {
    const { room, therapist, a, b, seats } = await therapyRound();
    const seq = await a.ok({ type: 'takeBreak', minutes: 20 });
    for (const seat of seats) await seat.caughtUp(seq);
    const taken = lastOf(b, 'breakTaken');
    expect(taken).toMatchObject({ seat: 'A', minutes: 20 });
    expect(taken?.type === 'breakTaken' && taken.until - taken.at).toBe(20 * 60_000);
    for (const seat of seats) expect(seat.state?.pause).toMatchObject({ kind: 'break', seat: 'A' });
    expect(await b.send({ type: 'resume' })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(await b.send({ type: 'breathe' })).toMatchObject({ ok: false, error: { code: 'paused' } });
    const back = await a.ok({ type: 'resume' });
    await therapist.caughtUp(back);
    expect(therapist.state?.pause).toBeNull();

    await b.ok({ type: 'breathe' });
    await eventually(() => expect(lastOf(a, 'breathingEnded')).toBeDefined());
    const summary = summarizeSession(await ctx.server.store.read(room.roomId, 1));
    expect(summary.slowingDown).toEqual([
      expect.objectContaining({ kind: 'break', calledBy: 'A', endedBy: 'A' }),
      expect.objectContaining({ kind: 'breathing', calledBy: 'B', endedBy: 'system' }),
    ]);
    const markdown = clinicalRecordMarkdown(summary, { timeZone: 'UTC', generatedAt: Date.now() });
    expect(markdown).toMatch(/Partner A asked for a break of 20 minutes/);
    expect(markdown).toMatch(/Partner B asked for a breathing pause \(1 second\); it ended by itself/);
  });

  it('I11 I12 a room loaded after its breathing pause was due ends it at once; a stopped server keeps no timer', async () => {
    // A server with the default minute; the pause is stored, the server stops before it is due.
    const first = await startTestServer({});
    const dataDir = track(first.dataDir, (dir) => rmSync(dir, { recursive: true, force: true }));
    track(first, (server) => server.close());
    const room = await first.createRoom('practice');
    const a = openSeat(first.url, room.token('A'));
    await a.connected();
    await a.ok({ type: 'agreeContract' });
    await a.ok({ type: 'breathe' });
    expect(a.state?.pause).toMatchObject({ kind: 'breathing' });
    const pause = a.state?.pause;
    expect(pause && 'until' in pause && pause.until - pause.at).toBe(60_000);
    expect(first.breathing.pendingCount()).toBe(1);
    a.close();
    await first.close();
    expect(first.breathing.pendingCount()).toBe(0);

    // The same data directory, with a clock two minutes on: loading the room ends the pause at once.
    const later = await startTestServer({}, dataDir, undefined, () => Date.now() + 120_000);
    track(later, () => later.stop());
    const again = openSeat(later.url, room.token('A'));
    await again.connected();
    await eventually(() => expect(again.state?.pause).toBeNull());
    expect(lastOf(again, 'breathingEnded')).toMatchObject({ actor: 'system' });
  });
});
