import { describe, expect, it } from 'vitest';
import { viewState } from '../../shared/index.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();

describe('a whole therapy session over real sockets', () => {
  it('T2 T5 T15 T19 T20 T23 T24 T25 T26 T30 A3 runs a round with interventions and ends', async () => {
    const room = await ctx.server.createRoom('therapy');
    const therapist = await ctx.join(room.token('therapist'));
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));

    // A3: waiting partners get their status and nothing of the room.
    expect(a.welcome).toMatchObject({
      seat: 'A',
      admitted: false,
      mode: 'therapy',
      serverTime: expect.any(Number),
    });
    expect(a.state).toBeNull();
    expect(a.frames.map((f) => f.event)).toEqual(['welcome']);
    await eventually(() => expect(therapist.presence?.seats).toMatchObject({ A: 'waiting', B: 'waiting' }));
    expect((await a.send({ type: 'agreeContract' })).ok).toBe(false);

    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    await eventually(() => expect(a.state?.admitted).toEqual({ A: true, B: true }));
    await eventually(() => expect(therapist.presence?.seats).toMatchObject({ A: 'online', B: 'online' }));

    await a.ok({ type: 'agreeContract', safeWord: 'lighthouse' });
    await b.ok({ type: 'agreeContract' });
    await a.ok({
      type: 'shareSafetyPlan',
      plan: { location: 'home office', emergencyContact: 'sister, 555-0100' },
    });
    await a.ok({
      type: 'checkIn',
      checkIn: { parts: ['a tight chest'], selfEnergy: 5 },
      visibility: 'therapist',
    });
    await b.ok({ type: 'checkIn', checkIn: { parts: ['a tired part'] }, visibility: 'room' });

    await a.ok({ type: 'requestFloor', topic: 'Sunday plans' });
    const urge = await b.ok({ type: 'urgeToSpeak' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({
      type: 'uTurn',
      part: {
        name: 'the planner',
        kind: 'protector',
        feltWhere: 'shoulders',
        fears: 'the whole week unravelling',
      },
    });
    const piece = await a.ok({ type: 'speak', text: 'A part of me gets tense when plans change late.' });

    // T24: "who is speaking?" — the therapist marks the piece; A rephrases it for the part.
    await therapist.ok({ type: 'markFromPart', entrySeq: piece });
    const rephrased = await a.ok({
      type: 'speak',
      text: 'A part of me, the planner, feels unsafe when plans change.',
    });
    await b.ok({ type: 'reflect', text: 'I heard a part of you feels unsafe with late changes.' });
    await a.ok({ type: 'correct', text: 'And it is trying to keep us calm.' });
    await b.ok({ type: 'reflect', text: 'A part of you feels unsafe and tries to keep us calm.' });
    await a.ok({ type: 'confirm' });

    // T20: the therapist pauses; partners are frozen; resume returns to the same step.
    await therapist.ok({ type: 'pause' });
    const frozen = await a.send({ type: 'answerMore', more: true });
    expect(frozen).toMatchObject({ ok: false, error: { code: 'paused' } });
    await therapist.ok({ type: 'resume' });
    await a.ok({ type: 'answerMore', more: false });

    // T25: direct access with A's part; B witnesses and is locked.
    await therapist.ok({ type: 'askDirectAccess', seat: 'A' });
    await a.ok({ type: 'answerDirectAccess', yes: true });
    expect(await b.send({ type: 'summarize', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'witness_locked' },
    });
    await therapist.ok({ type: 'directSay', text: 'Can the planner tell me what it is afraid of?' });
    await a.ok({ type: 'directSay', text: 'That nobody will hold things together.' });
    await therapist.ok({ type: 'endDirectAccess' });
    await b.ok({ type: 'witnessSay', text: 'I noticed how much it carries.' });

    // T26 + T23: contempt stopped for B (straight to the sequence's U-turn, I24), who must U-turn first.
    await therapist.ok({ type: 'stopContempt', seat: 'B' });
    await therapist.ok({ type: 'contemptStep', step: 'u_turn' });
    expect(await b.send({ type: 'summarize', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'in_u_turn' },
    });
    await b.ok({ type: 'uTurn', part: { name: 'the critic', kind: 'protector' } });

    await b.ok({ type: 'summarize', text: 'A part of you feels unsafe when plans change and wants calm.' });
    await a.ok({ type: 'confirm' });
    await b.ok({ type: 'validate', text: 'What makes sense to me is that change feels like chaos.' });
    await b.ok({ type: 'empathize', text: 'I imagine a part of you feels alone holding it all.' });
    await a.ok({ type: 'confirm' });

    // T30: the safe word — A pauses everything and the therapist is alerted.
    const safety = await a.ok({ type: 'safetyPause' });
    await eventually(() => expect(therapist.alerts).toEqual([{ seat: 'A', seq: safety }]));
    expect(await a.send({ type: 'resume' })).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    await therapist.ok({ type: 'resume' });

    await a.ok({ type: 'land', text: 'It landed gently.', request: 'Tell me earlier next time?' });
    const swap = await therapist.ok({ type: 'swapRoles' });
    for (const client of [therapist, a, b]) await client.caughtUp(swap);
    expect(b.state).toMatchObject({
      stage: 'round',
      round: { number: 2, speaker: 'B', step: 'request_floor' },
    });

    await therapist.ok({ type: 'startClosing' });
    await a.ok({ type: 'closingReflection', nextTime: 'Say it sooner.' });
    await therapist.ok({ type: 'requestEnd' });
    const end = await therapist.ok({ type: 'confirmEnd' });
    for (const client of [therapist, a, b]) await client.caughtUp(end);
    expect(a.state?.stage).toBe('ended');
    expect(await b.send({ type: 'pause' })).toMatchObject({ ok: false, error: { code: 'session_ended' } });

    // A14 live: every seat's folded view equals the view of the therapist's full state for that seat.
    const full = therapist.state;
    expect(full).not.toBeNull();
    if (!full) return;
    expect(a.state).toEqual(viewState(full, 'A'));
    expect(b.state).toEqual(viewState(full, 'B'));
    // A12, A11: B never learned A's safety plan or what A's part fears.
    const bFrames = JSON.stringify(b.frames);
    expect(bFrames).not.toContain('555-0100');
    expect(bFrames).not.toContain('unravelling');
    expect(bFrames).not.toContain('a tight chest');
    expect(JSON.stringify(therapist.frames)).toContain('555-0100');
    // A13: the speaker got a content-free stand-in for B's urge to speak; the therapist got the urge.
    expect(a.events.find((e) => e.seq === urge)).toEqual({
      type: 'private',
      seq: urge,
      at: expect.any(Number),
      actor: 'system',
    });
    expect(therapist.events.find((e) => e.seq === urge)).toMatchObject({ type: 'urgeToSpeak', seat: 'B' });
    // The entry marked from a part, and its rephrase, are in everyone's record.
    const entries = a.state?.previousRounds[0]?.entries ?? [];
    expect(entries.find((e) => e.seq === piece)?.setAside).toBe('from_part');
    expect(entries.find((e) => e.seq === rephrased)?.rephrases).toBe(piece);

    // S6: nothing anyone wrote reaches the logs or the audit trail — only ids, seats, types and codes.
    const written = [
      'lighthouse',
      'home office',
      '555-0100',
      'a tight chest',
      'Sunday plans',
      'the planner',
      'unravelling',
      'plans change',
      'keep us calm',
      'hold things together',
      'the critic',
      'feels like chaos',
      'landed gently',
      'Say it sooner',
    ];
    const logs = ctx.server.logs.join('');
    expect(logs).toContain('"type":"speak"'); // the log does record what happened
    const audit = JSON.stringify(await ctx.server.store.readAudit(room.roomId));
    expect(audit).toContain('command:speak');
    for (const text of written) {
      expect(logs).not.toContain(text);
      expect(audit).not.toContain(text);
    }
  });
});
