import { describe, expect, it } from 'vitest';
import { ClientCommand, commandsFor, type Decision } from '../../shared/index.ts';
import { exampleCommand } from '../property/commandPool.ts';
import { roomAtCheckin, roomAtFirstRound, roomAtStep } from '../support/engineRoom.ts';

const PART = { name: 'the defender', kind: 'protector', fears: 'being blamed' } as const;

describe('pause', () => {
  it("T20 while paused, partners' round commands are refused with paused", () => {
    const room = roomAtStep('therapy', 'reflect');
    expect(room.ok('therapist', { type: 'pause' })).toMatchObject([
      { type: 'paused', kind: 'pause', seat: 'therapist' },
    ]);
    expect(room.state.pause).toEqual({ kind: 'pause', seat: 'therapist', at: room.now });
    room.rejects('B', { type: 'reflect', text: 'I heard…' }, 'paused');
    room.rejects('B', { type: 'urgeToSpeak' }, 'paused');
    room.rejects('A', { type: 'uTurn', part: PART }, 'paused');
    room.rejects('A', { type: 'requestUTurn', seat: 'A' }, 'paused');
  });

  it('T20 while paused, a partner may still share a safety plan and call the safety pause', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'pause' });
    room.ok('A', { type: 'shareSafetyPlan', plan: { location: 'Home office' } });
    room.ok('B', { type: 'safetyPause' });
    expect(room.state.pause).toMatchObject({ kind: 'safety', seat: 'B' });
  });

  it("T20 the therapist's commands are not blocked by a pause", () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'pause' });
    room.ok('therapist', { type: 'setTimer', seconds: 120 });
    room.ok('therapist', { type: 'requestUTurn', seat: 'A' });
    room.ok('therapist', { type: 'skipStep' });
    expect(room.step).toBe('confirm');
    expect(room.state.pause).not.toBeNull();
  });

  it('T20 resuming returns to exactly the step the room was at', () => {
    const room = roomAtStep('therapy', 'reflect');
    const round = room.round;
    room.ok('therapist', { type: 'pause' });
    expect(room.ok('therapist', { type: 'resume' })).toMatchObject([{ type: 'resumed' }]);
    expect(room.state.pause).toBeNull();
    expect(room.round).toBe(round);
    room.ok('B', { type: 'reflect', text: 'I heard…' });
    expect(room.step).toBe('confirm');
  });

  it('T21 in a therapy room only the therapist pauses and resumes', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('A', { type: 'pause' }, 'not_allowed');
    room.ok('therapist', { type: 'pause' });
    room.rejects('A', { type: 'resume' }, 'not_allowed');
    room.rejects('B', { type: 'resume' }, 'not_allowed');
    room.ok('therapist', { type: 'resume' });
  });

  it('T21 pausing a paused room is already_done; resuming a running one is invalid_target', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('therapist', { type: 'resume' }, 'invalid_target');
    room.ok('therapist', { type: 'pause' });
    room.rejects('therapist', { type: 'pause' }, 'already_done');
  });

  it('T22 a therapy room has no time-out', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('A', { type: 'timeOut' }, 'not_allowed');
    room.rejects('therapist', { type: 'timeOut' }, 'not_allowed');
  });
});

describe('U-turn on request', () => {
  it('T23 a partner asked for a U-turn can only name the part, then returns to the step the room is at', () => {
    const room = roomAtStep('therapy', 'reflect');
    expect(room.ok('therapist', { type: 'requestUTurn', seat: 'B' })).toMatchObject([
      { type: 'uTurnRequested', seat: 'B', actor: 'therapist' },
    ]);
    expect(room.state.uTurnRequests.B).toEqual({ at: room.now });
    room.rejects('B', { type: 'reflect', text: 'I heard…' }, 'in_u_turn');
    room.rejects('B', { type: 'urgeToSpeak' }, 'in_u_turn');
    room.rejects('B', { type: 'shareSafetyPlan', plan: { location: 'home' } }, 'in_u_turn');
    const part = { name: 'the defender', kind: 'protector', fears: 'being blamed' };
    expect(room.ok('B', { type: 'uTurn', part })).toMatchObject([
      { type: 'partNamed', seat: 'B', requested: true, part },
    ]);
    expect(room.state.uTurnRequests).toEqual({});
    expect(room.state.parts.B).toEqual(part);
    expect(room.step).toBe('reflect');
    room.ok('B', { type: 'reflect', text: 'I heard…' });
    expect(room.step).toBe('confirm');
  });

  it("T23 the other partner's steps go on while one is in a U-turn", () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    room.ok('A', { type: 'speak', text: 'A part of me…' });
    expect(room.step).toBe('reflect');
  });

  it('T23 a speaker asked for a U-turn at speak names the part and speaks for it', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'requestUTurn', seat: 'A' });
    room.rejects('A', { type: 'speak', text: 'Not yet.' }, 'in_u_turn');
    room.ok('A', { type: 'uTurn', part: { name: 'an angry part', kind: 'protector' } });
    expect(room.step).toBe('speak');
    const [spoke] = room.ok('A', { type: 'speak', text: 'A part of me is angry.' });
    expect(spoke).toMatchObject({ part: { name: 'an angry part', kind: 'protector' } });
  });

  it('T23 the therapist may ask either partner, once at a time; therapy partners may not ask', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'requestUTurn', seat: 'A' });
    room.rejects('therapist', { type: 'requestUTurn', seat: 'A' }, 'already_done');
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    const other = roomAtStep('therapy', 'reflect');
    other.rejects('A', { type: 'requestUTurn', seat: 'A' }, 'not_allowed');
    other.rejects('B', { type: 'requestUTurn', seat: 'A' }, 'not_allowed');
  });

  it('T23 a partner in a U-turn may still use the pause commands', () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('B', { type: 'requestUTurn', seat: 'B' });
    room.ok('B', { type: 'pause' });
    room.ok('B', { type: 'resume' });
    room.ok('B', { type: 'timeOut' });
    room.ok('B', { type: 'safetyPause' });
    expect(room.state.pause).toMatchObject({ kind: 'safety', seat: 'B' });
  });
});

describe('who is speaking?', () => {
  it('T24 marking the latest entry returns to its step; its author says it again, for the part', () => {
    const room = roomAtStep('therapy', 'reflect');
    const [reflected] = room.ok('B', { type: 'reflect', text: 'You always do this.' });
    const entrySeq = reflected?.seq as number;
    expect(room.step).toBe('confirm');
    expect(room.ok('therapist', { type: 'markFromPart', entrySeq })).toMatchObject([
      { type: 'entryMarkedFromPart', entrySeq, step: 'reflect' },
    ]);
    expect(room.step).toBe('reflect');
    expect(room.round).toMatchObject({ floor: 'held', rephrasing: entrySeq });
    expect(room.entries.at(-1)).toMatchObject({ seq: entrySeq, setAside: 'from_part' });

    const [again] = room.ok('B', { type: 'reflect', text: 'I heard a part of you feels alone.' });
    expect(again).toMatchObject({ type: 'reflected', seat: 'B', rephrases: entrySeq });
    expect(room.entries.at(-1)).toMatchObject({ kind: 'reflection', rephrases: entrySeq, setAside: null });
    expect(room.round).toMatchObject({ floor: 'held', rephrasing: null });
    expect(room.step).toBe('confirm');
  });

  it('T24 a marked piece sends the speaker back to speak, and the new piece records what it rephrases', () => {
    const room = roomAtStep('therapy', 'speak');
    const [spoke] = room.ok('A', { type: 'speak', text: 'You never listen!' });
    room.ok('therapist', { type: 'markFromPart', entrySeq: spoke?.seq as number });
    expect(room.step).toBe('speak');
    const [again] = room.ok('A', { type: 'speak', text: 'A part of me feels unheard.' });
    expect(again).toMatchObject({ type: 'spoke', rephrases: spoke?.seq });
  });

  it('T24 any entry of the current round can be marked, once; a seq that is not one is invalid_target', () => {
    const room = roomAtStep('therapy', 'confirm');
    const latest = room.entries.at(-1)?.seq as number;
    const earlier = room.entries.at(0)?.seq as number;
    room.rejects('therapist', { type: 'markFromPart', entrySeq: latest + 100 }, 'invalid_target');
    room.rejects('therapist', { type: 'markFromPart', entrySeq: 1 }, 'invalid_target');
    room.ok('therapist', { type: 'markFromPart', entrySeq: earlier });
    room.rejects('therapist', { type: 'markFromPart', entrySeq: earlier }, 'already_done');
  });

  it('T24 a round with no entries has nothing to mark; partners cannot mark', () => {
    const room = roomAtFirstRound('therapy');
    room.rejects('therapist', { type: 'markFromPart', entrySeq: 1 }, 'invalid_target');
    const later = roomAtStep('therapy', 'confirm');
    const latest = later.entries.at(-1)?.seq as number;
    later.rejects('A', { type: 'markFromPart', entrySeq: latest }, 'not_allowed');
  });

  it('T24 a marked correction that the speaker confirms instead leaves no rephrase pending', () => {
    const room = roomAtStep('therapy', 'confirm');
    const [corrected] = room.ok('A', { type: 'correct', text: 'You never get it.' });
    room.ok('B', { type: 'reflect', text: 'I missed the fear.' });
    const [again] = room.ok('A', { type: 'correct', text: 'You never get it, again.' });
    expect(corrected).toBeDefined();
    room.ok('therapist', { type: 'markFromPart', entrySeq: again?.seq as number });
    expect(room.step).toBe('confirm');
    room.ok('A', { type: 'confirm' });
    room.ok('A', { type: 'answerMore', more: false });
    // The listener's summary answers nothing the therapist marked: it must not claim to rephrase it.
    const [summary] = room.ok('B', { type: 'summarize', text: 'All of it.' });
    expect(summary).not.toHaveProperty('rephrases');
    expect(room.entries.at(-1)).not.toHaveProperty('rephrases');
  });
});

describe('direct access', () => {
  it('T25 the therapist talks with one partner; the other witnesses with every command locked', () => {
    const room = roomAtStep('therapy', 'speak');
    expect(room.directAccess('A')).toMatchObject([{ type: 'directAccessStarted', seat: 'A', witness: 'B' }]);
    expect(room.state.directAccess).toEqual({ seat: 'A', witness: 'B' });
    room.rejects('B', { type: 'urgeToSpeak' }, 'witness_locked');
    room.rejects('B', { type: 'directSay', text: 'Me too.' }, 'witness_locked');
    room.rejects('B', { type: 'shareSafetyPlan', plan: { location: 'home' } }, 'witness_locked');
  });

  it('T25 the accessed partner may only answer, name a part, or call the safety pause', () => {
    const room = roomAtStep('therapy', 'speak');
    room.directAccess('A');
    room.rejects('A', { type: 'speak', text: 'A piece.' }, 'direct_access');
    room.rejects('A', { type: 'requestEnd' }, 'direct_access');
    expect(room.ok('A', { type: 'directSay', text: 'It is scared.' })).toMatchObject([
      { type: 'directSaid', seat: 'A', text: 'It is scared.' },
    ]);
    expect(room.ok('therapist', { type: 'directSay', text: 'What does it need?' })).toMatchObject([
      { type: 'directSaid', seat: 'therapist' },
    ]);
    room.ok('A', { type: 'uTurn', part: PART });
    expect(room.state.parts.A).toEqual(PART);
    room.ok('A', { type: 'safetyPause' });
    expect(room.state.pause).toMatchObject({ kind: 'safety', seat: 'A' });
    expect(room.step).toBe('speak');
  });

  it('T25 one direct access at a time; ending it unlocks both partners', () => {
    const room = roomAtStep('therapy', 'speak');
    room.directAccess('B');
    room.rejects('therapist', { type: 'askDirectAccess', seat: 'A' }, 'already_done');
    expect(room.ok('therapist', { type: 'endDirectAccess' })).toMatchObject([
      { type: 'directAccessEnded', witness: 'A' },
    ]);
    expect(room.state.directAccess).toBeNull();
    room.rejects('therapist', { type: 'endDirectAccess' }, 'invalid_target');
    room.rejects('therapist', { type: 'directSay', text: 'Hello?' }, 'wrong_step');
    room.ok('A', { type: 'skipWitness' });
    room.ok('A', { type: 'speak', text: 'Back to it.' });
    room.ok('B', { type: 'reflect', text: 'I heard…' });
  });

  it('T25 partners cannot start or end direct access', () => {
    const room = roomAtStep('therapy', 'speak');
    room.rejects('A', { type: 'askDirectAccess', seat: 'A' }, 'not_allowed');
    room.directAccess('A');
    room.rejects('A', { type: 'endDirectAccess' }, 'direct_access');
    room.rejects('B', { type: 'endDirectAccess' }, 'witness_locked');
  });
});

describe('stop contempt', () => {
  it("T26 I24 the therapist names contempt for the room and, at the sequence's end, asks that partner for a U-turn", () => {
    const room = roomAtStep('therapy', 'reflect');
    const events = room.stopContempt('B');
    expect(events).toMatchObject([
      { type: 'contemptStopped', seat: 'B', guided: true },
      { type: 'contemptStepTaken', seat: 'B', step: 'u_turn' },
      { type: 'uTurnRequested', seat: 'B' },
    ]);
    expect(room.state.uTurnRequests.B).toBeDefined();
    room.rejects('B', { type: 'reflect', text: 'Whatever.' }, 'in_u_turn');
  });

  it('T26 contempt from a partner already in a U-turn does not ask twice', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    expect(room.stopContempt('B').map((e) => e.type)).toEqual(['contemptStopped', 'contemptStepTaken']);
  });

  it('T26 partners cannot stop contempt', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('A', { type: 'stopContempt', seat: 'B' }, 'not_allowed');
  });
});

describe('rewind and skip', () => {
  it('T27 rewind goes to an earlier step of the round', () => {
    const room = roomAtStep('therapy', 'confirm');
    expect(room.ok('therapist', { type: 'rewind', to: 'speak' })).toMatchObject([
      { type: 'stepRewound', from: 'confirm', to: 'speak' },
    ]);
    expect(room.step).toBe('speak');
    expect(room.round).toMatchObject({ number: 1, floor: 'held', speaker: 'A' });
    room.ok('A', { type: 'speak', text: 'Said better.' });
  });

  it('T27 rewind refuses the same or a later step, and outside a round', () => {
    const room = roomAtStep('therapy', 'confirm');
    room.rejects('therapist', { type: 'rewind', to: 'confirm' }, 'invalid_target');
    room.rejects('therapist', { type: 'rewind', to: 'summary' }, 'invalid_target');
    const early = roomAtCheckin('therapy');
    early.rejects('therapist', { type: 'rewind', to: 'request_floor' }, 'wrong_step');
  });

  it('T27 rewind drops a rephrase that was pending', () => {
    const room = roomAtStep('therapy', 'confirm');
    room.ok('therapist', { type: 'markFromPart', entrySeq: room.entries.at(-1)?.seq as number });
    expect(room.round).toMatchObject({ floor: 'held', rephrasing: expect.any(Number) });
    room.ok('therapist', { type: 'rewind', to: 'speak' });
    expect(room.round).toMatchObject({ floor: 'held', rephrasing: null });
  });

  it('T27 skip goes to the next step in order, and not past next', () => {
    const room = roomAtStep('therapy', 'speak');
    expect(room.ok('therapist', { type: 'skipStep' })).toMatchObject([
      { type: 'stepSkipped', from: 'speak', to: 'reflect' },
    ]);
    expect(room.step).toBe('reflect');
    const atNext = roomAtStep('therapy', 'next');
    atNext.rejects('therapist', { type: 'skipStep' }, 'invalid_target');
  });

  it('T27 skip needs someone holding the floor, and a round or the check-in', () => {
    const open = roomAtFirstRound('therapy');
    open.rejects('therapist', { type: 'skipStep' }, 'invalid_target');
    const closing = roomAtStep('therapy', 'next');
    closing.ok('therapist', { type: 'startClosing' });
    closing.rejects('therapist', { type: 'skipStep' }, 'wrong_step');
  });

  it('T27 rewind and skip are the therapist’s only', () => {
    const room = roomAtStep('therapy', 'confirm');
    room.rejects('A', { type: 'rewind', to: 'speak' }, 'not_allowed');
    room.rejects('B', { type: 'skipStep' }, 'not_allowed');
  });
});

describe('timers', () => {
  it('T28 the therapist sets, extends and clears the timer; it never moves the step', () => {
    const room = roomAtStep('therapy', 'reflect');
    expect(room.ok('therapist', { type: 'setTimer', seconds: 60, label: 'Reflect' })).toMatchObject([
      { type: 'timerSet', durationMs: 60_000, label: 'Reflect' },
    ]);
    expect(room.state.timer).toEqual({ startedAt: room.now, durationMs: 60_000, label: 'Reflect' });
    expect(room.ok('therapist', { type: 'extendTimer', seconds: 30 })).toMatchObject([
      { type: 'timerExtended', byMs: 30_000 },
    ]);
    expect(room.state.timer?.durationMs).toBe(90_000);
    expect(room.ok('therapist', { type: 'clearTimer' })).toMatchObject([{ type: 'timerCleared' }]);
    expect(room.state.timer).toBeNull();
    expect(room.step).toBe('reflect');
  });

  it('T28 extending or clearing needs a running timer', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('therapist', { type: 'extendTimer', seconds: 30 }, 'invalid_target');
    room.rejects('therapist', { type: 'clearTimer' }, 'invalid_target');
  });

  it('T28 a therapy partner cannot set the timer', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('A', { type: 'setTimer', seconds: 60 }, 'not_allowed');
    room.ok('therapist', { type: 'setTimer', seconds: 60 });
    room.rejects('B', { type: 'extendTimer', seconds: 60 }, 'not_allowed');
    room.rejects('B', { type: 'clearTimer' }, 'not_allowed');
  });

  it('T28 a timer lasts from 10 s to 2 h', () => {
    const ok = (seconds: number) => ClientCommand.safeParse({ type: 'setTimer', seconds }).success;
    expect([ok(9), ok(10), ok(7200), ok(7201), ok(60.5)]).toEqual([false, true, true, false, false]);
    expect(ClientCommand.safeParse({ type: 'extendTimer', seconds: 7201 }).success).toBe(false);
  });
});

describe('who may do what', () => {
  const THERAPIST_ONLY = commandsFor('therapy', 'therapist');

  it('T24–T27 T29 the permission table keeps the interventions for the therapist', () => {
    expect(THERAPIST_ONLY).toEqual(
      expect.arrayContaining([
        'admit',
        'markFromPart',
        'askDirectAccess',
        'endDirectAccess',
        'stopContempt',
        'rewind',
        'skipStep',
        'requestUTurn',
      ]),
    );
  });

  it.each(THERAPIST_ONLY.map(exampleCommand))(
    'T29 therapy partners are refused a therapist-only intervention: %o',
    (command) => {
      const room = roomAtStep('therapy', 'reflect');
      room.rejects('A', command, 'not_allowed');
    },
  );
});

describe('safety pause', () => {
  it('T30 either partner calls it; in a therapy room only the therapist resumes it', () => {
    const room = roomAtStep('therapy', 'reflect');
    expect(room.ok('A', { type: 'safetyPause' })).toMatchObject([
      { type: 'paused', kind: 'safety', seat: 'A', actor: 'A' },
    ]);
    room.rejects('A', { type: 'resume' }, 'not_allowed');
    room.rejects('B', { type: 'resume' }, 'not_allowed');
    // A second partner's safe word counts too.
    room.ok('B', { type: 'safetyPause' });
    expect(room.state.pause).toMatchObject({ kind: 'safety', seat: 'B', callers: ['A', 'B'] });
    room.ok('therapist', { type: 'resume' });
    expect(room.step).toBe('reflect');
  });

  it.each(['therapy', 'practice'] as const)(
    'T30 T32 in a %s room, a partner already among the callers pressing it again is accepted with no event',
    (mode) => {
      const room = roomAtStep(mode, 'reflect');
      room.ok('A', { type: 'safetyPause' });
      const before = room.state;
      const count = room.events.length;
      for (let i = 0; i < 3; i++) {
        expect(room.send('A', { type: 'safetyPause' })).toEqual({ ok: true, events: [] });
      }
      expect(room.state).toBe(before);
      expect(room.events).toHaveLength(count);
      // The other partner's press is still their own, recorded (and alerting) as ever.
      expect(room.ok('B', { type: 'safetyPause' })).toMatchObject([
        { type: 'paused', kind: 'safety', seat: 'B' },
      ]);
      expect(room.send('B', { type: 'safetyPause' })).toEqual({ ok: true, events: [] });
      expect(room.state.pause).toMatchObject({ kind: 'safety', callers: ['A', 'B'] });
    },
  );

  it('T30 it works for a witness, a partner in a U-turn, and over an ordinary pause', () => {
    const witness = roomAtStep('therapy', 'speak');
    witness.directAccess('A');
    witness.ok('B', { type: 'safetyPause' });
    expect(witness.state.pause).toMatchObject({ kind: 'safety', seat: 'B' });

    const turning = roomAtStep('therapy', 'reflect');
    turning.stopContempt('B');
    turning.ok('B', { type: 'safetyPause' });
    expect(turning.state.pause).toMatchObject({ kind: 'safety', seat: 'B' });

    const paused = roomAtStep('therapy', 'reflect');
    paused.ok('therapist', { type: 'pause' });
    paused.ok('A', { type: 'safetyPause' });
    expect(paused.state.pause).toMatchObject({ kind: 'safety', seat: 'A' });
  });

  it('T30 it works in every stage but the end', () => {
    const contract = roomAtCheckin('therapy');
    contract.ok('A', { type: 'safetyPause' });
    const closing = roomAtStep('therapy', 'next');
    closing.ok('therapist', { type: 'startClosing' });
    closing.ok('B', { type: 'safetyPause' });
    expect(closing.state.pause).toMatchObject({ kind: 'safety', seat: 'B' });
    closing.ok('therapist', { type: 'requestEnd' });
    closing.ok('therapist', { type: 'confirmEnd' });
    closing.rejects('B', { type: 'safetyPause' }, 'session_ended');
  });

  it('T30 the therapist has no safety pause of their own', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('therapist', { type: 'safetyPause' }, 'not_allowed');
  });
});

describe('dropped connections', () => {
  it('T33 a connection lost during a round pauses the room; nobody’s floor moves', () => {
    const room = roomAtStep('therapy', 'reflect');
    const round = room.round;
    expect(room.ok('system', { type: 'connectionLost', seat: 'B' })).toEqual([
      { type: 'paused', kind: 'connection', seat: 'B', seq: room.state.seq, at: room.now, actor: 'system' },
    ]);
    expect(room.state.pause).toEqual({ kind: 'connection', seat: 'B', at: room.now });
    expect(room.round).toBe(round);
    room.rejects('B', { type: 'reflect', text: 'I am back.' }, 'paused');
    room.ok('therapist', { type: 'resume' });
    room.ok('B', { type: 'reflect', text: 'I am back.' });
    expect(room.round).toMatchObject({ floor: 'held', speaker: 'A', step: 'confirm' });
  });

  it('T33 outside a round, in a paused room or for a waiting partner, nothing is paused', () => {
    const noEvents = (decision: Decision) => (decision.ok ? decision.events : []);
    const room = roomAtCheckin('therapy');
    expect(noEvents(room.send('system', { type: 'connectionLost', seat: 'A' }))).toEqual([]);
    expect(room.state.pause).toBeNull();

    const paused = roomAtStep('therapy', 'reflect');
    paused.ok('therapist', { type: 'pause' });
    expect(noEvents(paused.send('system', { type: 'connectionLost', seat: 'A' }))).toEqual([]);
    expect(paused.state.pause?.kind).toBe('pause');

    const waiting = roomAtStep('therapy', 'reflect');
    waiting.ok('system', { type: 'reissueSeat', seat: 'B' });
    expect(noEvents(waiting.send('system', { type: 'connectionLost', seat: 'B' }))).toEqual([]);
    expect(waiting.state.pause).toBeNull();
  });
});
