import { describe, expect, it } from 'vitest';
import { commandsFor } from '../../shared/index.ts';
import { exampleCommand } from '../property/commandPool.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();

describe('a practice session with no therapist', () => {
  it('T1 T5 T15 T19 T21 T22 T23 T28 the room guides two partners through a round, a time-out and a swap', async () => {
    const room = await ctx.server.createRoom('practice');
    expect(Object.keys(room.seats).sort()).toEqual(['A', 'B']);
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    expect(a.welcome).toMatchObject({ mode: 'practice', seat: 'A', admitted: true });

    await a.ok({ type: 'agreeContract', safeWord: 'mango' });
    await b.ok({ type: 'agreeContract', safeWord: 'kiwi' });
    await a.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    expect(await b.send({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'therapist' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_target' },
    });
    await b.ok({ type: 'checkIn', checkIn: { parts: ['a sad part'] }, visibility: 'room' });

    // The step order is enforced by the room itself.
    expect(await b.send({ type: 'reflect', text: 'too early' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_step' },
    });
    await b.ok({ type: 'requestFloor', topic: 'visiting my parents' });
    expect(await b.send({ type: 'listenerReady' })).toMatchObject({
      ok: false,
      error: { code: 'not_your_turn' },
    });
    await a.ok({ type: 'listenerReady' });
    await b.ok({ type: 'setTimer', seconds: 120, label: 'speaking' });

    // T23: each partner may ask for their own U-turn, not the other's.
    expect(await a.send({ type: 'requestUTurn', seat: 'B' })).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' },
    });
    await a.ok({ type: 'requestUTurn', seat: 'A' });
    await a.ok({ type: 'uTurn', part: { name: 'the one who shuts down', kind: 'protector' } });

    await b.ok({ type: 'uTurn', part: { name: 'the homesick one', kind: 'exile' } });
    await b.ok({ type: 'speak', text: 'A part of me misses home and feels torn.' });
    await a.ok({ type: 'reflect', text: 'A part of you misses home and feels torn.' });
    await b.ok({ type: 'confirm' });

    // T22: a time-out pauses for up to a day; its caller resumes it.
    const timeOut = await a.ok({ type: 'timeOut' });
    await b.caughtUp(timeOut);
    const pause = b.state?.pause;
    expect(pause).toMatchObject({ kind: 'time_out', seat: 'A' });
    expect(pause?.kind === 'time_out' && pause.until > pause.at).toBe(true);
    expect(await b.send({ type: 'answerMore', more: false })).toMatchObject({
      ok: false,
      error: { code: 'paused' },
    });
    // Whoever called the time-out brings the couple back.
    expect(await b.send({ type: 'resume' })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    await a.ok({ type: 'resume' });

    await b.ok({ type: 'answerMore', more: false });
    await a.ok({ type: 'summarize', text: 'You miss home and feel torn between us and them.' });
    await b.ok({ type: 'confirm' });
    await a.ok({ type: 'validate', text: 'What makes sense to me is that both matter to you.' });
    await a.ok({ type: 'empathize', text: 'I imagine a part of you feels lonely here.' });
    await b.ok({ type: 'confirm' });
    await b.ok({ type: 'land', text: 'That helps.' });

    // T15: in practice either partner swaps, but only at `next`.
    const swap = await a.ok({ type: 'swapRoles' });
    await b.caughtUp(swap);
    expect(b.state).toMatchObject({
      stage: 'round',
      round: { number: 2, speaker: 'A', step: 'request_floor' },
    });
    expect(await b.send({ type: 'requestFloor', topic: 'mine' })).toMatchObject({
      ok: false,
      error: { code: 'not_your_turn' },
    });
    expect(await a.send({ type: 'startClosing' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_step' },
    });

    // T19: ending needs the other partner's confirmation.
    await a.ok({ type: 'requestEnd' });
    expect(await a.send({ type: 'confirmEnd' })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    const end = await b.ok({ type: 'confirmEnd' });
    await a.caughtUp(end);
    await b.caughtUp(end);
    expect(a.state?.stage).toBe('ended');

    // A11: A's requested U-turn named a part A never spoke for, so B never learned it; B spoke for
    // hers, so A knows its name.
    expect(JSON.stringify(b.frames)).not.toContain('the one who shuts down');
    expect(JSON.stringify(a.frames)).toContain('the homesick one');
  });

  it('T29 a practice room has no therapist seat and refuses therapist-only interventions', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    for (const command of commandsFor('practice', null).map(exampleCommand)) {
      expect(await a.send(command)).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    }
  });
});
