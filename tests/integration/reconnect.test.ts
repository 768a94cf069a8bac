import { describe, expect, it } from 'vitest';
import { LIMITS, SERVER_EVENTS, viewState } from '../../shared/index.ts';
import { eventually } from '../support/eventually.ts';
import { toSpeak } from '../support/roundAtSpeak.ts';
import { withServer } from '../support/session.ts';

/** A therapy room with everyone in, at round 1 `speak` with A holding the floor. */
async function roomAtSpeak(ctx: ReturnType<typeof withServer>, options: { reconnect?: boolean } = {}) {
  const room = await ctx.server.createRoom('therapy');
  const therapist = await ctx.join(room.token('therapist'));
  const a = await ctx.join(room.token('A'), options);
  const b = await ctx.join(room.token('B'), options);
  await toSpeak(therapist, a, b);
  return { room, therapist, a, b };
}

describe('dropped connections', () => {
  const ctx = withServer({ seatGraceMs: 60_000 });

  it('S4 a listener who drops mid-round and reconnects with lastSeq receives exactly what they missed', async () => {
    const { room, therapist, a, b } = await roomAtSpeak(ctx);
    const seen = b.lastSeq ?? 0;
    b.close();
    await eventually(() => expect(therapist.presence?.seats.B).toBe('reconnecting'));
    await a.ok({ type: 'speak', text: 'A part of me worries about the bills.' });
    const last = await therapist.ok({ type: 'setTimer', seconds: 60 });

    const back = await ctx.join(room.token('B'), { lastSeq: seen, state: b.state });
    await back.caughtUp(last);
    const sync = SERVER_EVENTS.sync.parse(back.frames.find((f) => f.event === 'sync')?.args[0]);
    expect(sync.kind).toBe('events');
    expect(sync.kind === 'events' && sync.events.map((e) => e.seq)).toEqual([seen + 1, seen + 2]);
    expect(back.state).toEqual(viewState(therapist.state as never, 'B'));
    await eventually(() => expect(therapist.presence?.seats.B).toBe('online'));
    // The floor did not move, and B picks up as listener at `reflect`.
    await back.ok({ type: 'reflect', text: 'A part of you worries about the bills.' });
  });

  it('S4 socket.io reconnects by itself after a transport drop and misses nothing', async () => {
    const { therapist, a, b } = await roomAtSpeak(ctx, { reconnect: true });
    b.socket.io.engine.close(); // the wifi blinks
    await a.ok({ type: 'speak', text: 'A part of me feels small.' });
    const last = await therapist.ok({ type: 'setTimer', seconds: 30 });
    await b.caughtUp(last);
    const laterSeqs = (events: { seq: number }[]) => events.map((e) => e.seq).filter((seq) => seq > 5);
    expect(laterSeqs(b.events)).toEqual(laterSeqs(a.events));
    // waiting, admitted, and once more after the transport came back
    expect(b.frames.filter((f) => f.event === 'welcome')).toHaveLength(3);
    expect(b.state).toEqual(viewState(therapist.state as never, 'B'));
  });

  it('S4 a client that claims to be ahead of the log gets a snapshot', async () => {
    const { room, therapist } = await roomAtSpeak(ctx);
    const odd = await ctx.join(room.token('B'), { lastSeq: 9_999 });
    await eventually(() => expect(odd.state).toEqual(viewState(therapist.state as never, 'B')));
    expect(odd.frames.find((f) => f.event === 'sync')?.args[0]).toMatchObject({ kind: 'snapshot' });
  });
});

describe('far behind, and several tabs', () => {
  const ctx = withServer();

  it('S4 a client further behind than the replay limit gets a snapshot instead of every event', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    const seen = b.lastSeq ?? 0;
    b.close();
    let last = 0;
    for (let i = 0; i <= LIMITS.replayMaxEvents; i++) last = await a.ok({ type: 'setTimer', seconds: 30 });
    const back = await ctx.join(room.token('B'), { lastSeq: seen, state: b.state });
    await back.caughtUp(last);
    expect(back.frames.find((f) => f.event === 'sync')?.args[0]).toMatchObject({
      kind: 'snapshot',
      seq: last,
    });
  });

  it('a seat open in two tabs stays online while one of them is open', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const phone = await ctx.join(room.token('B'));
    const laptop = await ctx.join(room.token('B'));
    await eventually(() => expect(a.presence?.seats.B).toBe('online'));
    phone.close();
    const seq = await a.ok({ type: 'setTimer', seconds: 30 });
    await laptop.caughtUp(seq); // the other tab still receives everything
    expect(a.presence?.seats.B).toBe('online');
    laptop.close();
    await eventually(() => expect(a.presence?.seats.B).toBe('reconnecting'));
  });
});

describe('the grace period', () => {
  const ctx = withServer({ seatGraceMs: 150 });

  it('T33 a seat gone past the grace period pauses the round; the floor does not move', async () => {
    const { room, therapist, a, b } = await roomAtSpeak(ctx);
    b.close();
    await eventually(() => expect(therapist.state?.pause).toMatchObject({ kind: 'connection', seat: 'B' }));
    expect(therapist.presence?.seats.B).toBe('offline');
    expect(therapist.state).toMatchObject({ stage: 'round', round: { speaker: 'A', step: 'speak' } });
    expect(await a.send({ type: 'speak', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'paused' },
    });

    const back = await ctx.join(room.token('B'));
    await eventually(() => expect(back.state?.pause?.kind).toBe('connection'));
    await therapist.ok({ type: 'resume' });
    await a.ok({ type: 'speak', text: 'A part of me is glad you are back.' });
  });
});
