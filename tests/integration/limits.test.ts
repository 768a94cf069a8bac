import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { postRoom } from '../support/roomApi.ts';
import { withServer } from '../support/session.ts';

describe('rate limits', () => {
  // A window no test outlasts: the counts below must not depend on how fast the machine is.
  const ctx = withServer({ commandsPer10s: 5, commandWindowSeconds: 3600, roomsPerHour: 2 });

  it('S7 a connection sending too many commands gets rate_limited and the rest are not applied', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const acks = await Promise.all(
      Array.from({ length: 8 }, () => a.send({ type: 'setTimer', seconds: 30 })),
    );
    const codes = acks.map((ack) => (ack.ok ? 'ok' : ack.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(3);
  });

  it('S7 the command budget is per seat: reconnecting does not refill it', async () => {
    const room = await ctx.server.createRoom('practice');
    const first = await ctx.join(room.token('A'));
    for (let i = 0; i < 5; i++) await first.ok({ type: 'setTimer', seconds: 30 });
    first.close();
    const again = await ctx.join(room.token('A'));
    expect(await again.send({ type: 'setTimer', seconds: 30 })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    const partner = await ctx.join(room.token('B'));
    expect(await partner.send({ type: 'setTimer', seconds: 30 })).toMatchObject({ ok: true });
  });

  it('S7 room creation is limited per client address; refused requests do not count', async () => {
    const bad = await fetch(`${ctx.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'nonsense' }),
    });
    expect(bad.status).toBe(400);
    await ctx.server.createRoom('practice'); // counted in its own test's server: a fresh limit
    await ctx.server.createRoom('therapy');
    const third = await postRoom(ctx.server.url, 'practice');
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('T30 S7 the safe word is never rate-limited', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    for (let i = 0; i < 5; i++) await a.send({ type: 'setTimer', seconds: 30 });
    expect(await a.send({ type: 'setTimer', seconds: 30 })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    expect(await a.send({ type: 'safetyPause' })).toMatchObject({ ok: true });
  });
});

describe('a safety pause called again', () => {
  const ctx = withServer();

  it('T30 T32 S6 a partner already pausing adds nothing: no event, no audit row, no alert; the other partner is still recorded', async () => {
    const room = await ctx.server.createRoom('therapy');
    const therapist = await ctx.join(room.token('therapist'));
    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    const first = await a.ok({ type: 'safetyPause' });

    // A frightened partner pressing the button again and again: each press is answered, none is stored.
    const again = await Promise.all(Array.from({ length: 200 }, () => a.send({ type: 'safetyPause' })));
    expect(again.every((ack) => ack.ok && ack.seq === first)).toBe(true);

    const second = await b.ok({ type: 'safetyPause' });
    expect(second).toBe(first + 1);
    const audit = async () =>
      (await ctx.server.store.readAudit(room.roomId)).map((r) => `${r.seat} ${r.action}`);
    // B's row is written after every one of A's presses was answered, so once it is there, A's are too.
    await eventually(async () => expect(await audit()).toContain('B command:safetyPause'));
    const rows = await audit();
    expect(rows.filter((row) => row.includes('safetyPause'))).toEqual([
      'A command:safetyPause',
      'B command:safetyPause',
    ]);
    const log = await ctx.server.store.read(room.roomId, 1);
    expect(log.filter((e) => e.type === 'paused').map((e) => e.actor)).toEqual(['A', 'B']);
    await eventually(() => expect(therapist.alerts.at(-1)).toEqual({ seat: 'B', seq: second }));
    expect(therapist.alerts).toEqual([
      { seat: 'A', seq: first },
      { seat: 'B', seq: second },
    ]);
    await therapist.caughtUp(second);
    expect(therapist.state?.pause).toMatchObject({ kind: 'safety', callers: ['A', 'B'] });
  });
});
