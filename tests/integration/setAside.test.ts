import { describe, expect, it } from 'vitest';
import { entriesToAnswer } from '../../shared/index.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();

describe('set aside over the wire', () => {
  it('T26 T24 stop contempt on a reflection: both partners see it set aside and the round back at reflect', async () => {
    const room = await ctx.server.createRoom('therapy', 'written');
    const therapist = await ctx.join(room.token('therapist'));
    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    await a.ok({ type: 'agreeContract' });
    await b.ok({ type: 'agreeContract' });
    await therapist.ok({ type: 'skipStep' });
    await a.ok({ type: 'requestFloor', topic: 'money' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({ type: 'uTurn', part: { name: 'the worrier', kind: 'exile' } });
    await a.ok({ type: 'speak', text: 'A part of me is scared about money.' });
    const contempt = await b.ok({ type: 'reflect', text: 'You are always so dramatic.' });
    await therapist.ok({ type: 'stopContempt', seat: 'B' });
    // I24: straight to the sequence's last step, which asks for the U-turn.
    const stopped = await therapist.ok({ type: 'contemptStep', step: 'u_turn' });
    for (const client of [a, b]) {
      await client.caughtUp(stopped);
      const state = client.state;
      if (state?.stage !== 'round') throw new Error('not in a round');
      expect(state.round.step).toBe('reflect');
      expect(state.round.entries.find((e) => e.seq === contempt)?.setAside).toBe('contempt');
      expect(entriesToAnswer(state.round).map((e) => e.text)).toEqual([
        'A part of me is scared about money.',
      ]);
    }
    expect(await a.send({ type: 'confirm' })).toMatchObject({ ok: false, error: { code: 'wrong_step' } });
    await b.ok({ type: 'uTurn', part: { name: 'the eye-roller', kind: 'protector' } });
    const again = await b.ok({ type: 'reflect', text: 'A part of you is scared about money.' });
    await a.caughtUp(again);
    expect(a.events.at(-1)).toMatchObject({ type: 'reflected', rephrases: contempt });
  });
});
