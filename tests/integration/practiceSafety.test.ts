import { describe, expect, it } from 'vitest';
import { timerRemaining } from '../../shared/index.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();

describe('safety in a practice room, over the wire', () => {
  it('A12 T28 T30 a practice safety plan reaches its author only; a timer stays frozen through the safety pause', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    await a.ok({ type: 'agreeContract', safeWord: 'mango' });
    await b.ok({ type: 'agreeContract' });
    await a.ok({
      type: 'shareSafetyPlan',
      plan: { location: 'PLACE-OF-A', emergencyContact: 'CONTACT-OF-A' },
    });
    await a.ok({ type: 'setTimer', seconds: 600 });
    const paused = await a.ok({ type: 'safetyPause' });
    await b.caughtUp(paused);
    expect(a.state?.safetyPlans.A?.plan).toEqual({
      location: 'PLACE-OF-A',
      emergencyContact: 'CONTACT-OF-A',
    });
    expect(b.state?.safetyPlans.A?.plan).toBeUndefined();
    // A partner who joins later gets a snapshot: the plan is not in it either.
    const late = await ctx.join(room.token('B'));
    const seenByB = JSON.stringify([b.events, b.state, late.state]);
    expect(seenByB).not.toContain('PLACE-OF-A');
    expect(seenByB).not.toContain('CONTACT-OF-A');
    const timer = b.state?.timer;
    if (!timer) throw new Error('no timer');
    expect(timer.pausedAt).toBe(b.events.find((e) => e.seq === paused)?.at);
    expect(timerRemaining(timer, Date.now() + 3_600_000)).toBe(timerRemaining(timer, Date.now()));
  });
});
