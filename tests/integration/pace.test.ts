import { describe, expect, it } from 'vitest';
import { pendingShorterAsk } from '../../shared/index.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();

describe('the pace over the wire', () => {
  it('T38 T7 "Shorter, please" reaches the speaker; the therapist widens the piece limit; a "not now" carries its time', async () => {
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
    const later = await b.ok({ type: 'proposeLater', minutes: 10 });
    await a.caughtUp(later);
    const declinedAt = a.events.at(-1)?.at ?? 0;
    expect(a.state?.stage === 'round' && a.state.round.declined).toMatchObject({
      until: declinedAt + 600_000,
    });
    await a.ok({ type: 'requestFloor' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({ type: 'uTurn' });
    const asked = await b.ok({ type: 'askShorter' });
    await a.caughtUp(asked);
    expect(a.state && pendingShorterAsk(a.state)).toMatchObject({ seat: 'B' });
    expect(await a.send({ type: 'speak', text: 'x'.repeat(301) })).toMatchObject({
      ok: false,
      error: { code: 'too_long' },
    });
    await therapist.ok({ type: 'setPieceLimit', chars: 500 });
    const spoke = await a.ok({ type: 'speak', text: 'x'.repeat(400) });
    await therapist.caughtUp(spoke);
    expect(therapist.state?.shorterAsks).toHaveLength(1);
    expect(therapist.state && pendingShorterAsk(therapist.state)).toBeNull();
  });
});
