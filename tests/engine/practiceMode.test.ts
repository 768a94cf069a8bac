import { describe, expect, it } from 'vitest';
import { commandsFor, LIMITS } from '../../shared/index.ts';
import { exampleCommand } from '../property/commandPool.ts';
import { EngineRoom, roomAtCheckin, roomAtFirstRound, roomAtStep } from '../support/engineRoom.ts';

describe('practice: the room moderates', () => {
  it('T2 practice partners act from the start, without admission', () => {
    const room = new EngineRoom('practice');
    room.ok('A', { type: 'agreeContract' });
    room.ok('B', { type: 'agreeContract' });
    expect(room.state.stage).toBe('checkin');
  });

  it('T15 either partner swaps at next; the listener becomes the speaker', () => {
    const room = roomAtStep('practice', 'next');
    expect(room.ok('B', { type: 'swapRoles' })).toMatchObject([
      { type: 'rolesSwapped', round: 2, speaker: 'B', listener: 'A', actor: 'B' },
    ]);
    expect(room.round).toMatchObject({ number: 2, floor: 'held', speaker: 'B', step: 'request_floor' });
    room.rejects('A', { type: 'requestFloor', topic: 'mine' }, 'not_your_turn');
    room.ok('B', { type: 'requestFloor', topic: 'weekends' });
  });

  it('T15 in practice the room keeps the order: no swap or close before next', () => {
    const room = roomAtStep('practice', 'reflect');
    room.rejects('A', { type: 'swapRoles' }, 'wrong_step');
    room.rejects('B', { type: 'swapRoles' }, 'wrong_step');
    room.rejects('A', { type: 'startClosing' }, 'wrong_step');
    const checkin = roomAtCheckin('practice');
    checkin.rejects('A', { type: 'startClosing' }, 'wrong_step');
  });

  it('T15 either partner starts the close at next', () => {
    const room = roomAtStep('practice', 'next');
    room.ok('A', { type: 'startClosing' });
    expect(room.state).toMatchObject({ stage: 'closing', roundsCompleted: 1 });
    room.ok('B', { type: 'closingReflection', nextTime: 'Ask for a time-out sooner.' });
  });

  it('T19 in practice the other partner confirms the end', () => {
    const room = roomAtStep('practice', 'reflect');
    expect(room.ok('A', { type: 'requestEnd' })).toMatchObject([{ type: 'endRequested', seat: 'A' }]);
    room.rejects('A', { type: 'confirmEnd' }, 'not_allowed');
    room.rejects('B', { type: 'requestEnd' }, 'already_done');
    room.ok('B', { type: 'confirmEnd' });
    expect(room.state.stage).toBe('ended');
    room.rejects('A', { type: 'requestFloor', topic: 'x' }, 'session_ended');
    room.rejects('B', { type: 'resume' }, 'session_ended');
  });

  it('T19 in practice either partner may cancel an end request', () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('B', { type: 'requestEnd' });
    room.ok('B', { type: 'cancelEnd' });
    room.ok('B', { type: 'requestEnd' });
    room.ok('A', { type: 'cancelEnd' });
    expect(room.state.endRequested).toBeNull();
  });

  it('T20 a paused practice room still lets the partners end the session', () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('A', { type: 'pause' });
    room.rejects('B', { type: 'reflect', text: 'I heard…' }, 'paused');
    room.rejects('B', { type: 'setTimer', seconds: 60 }, 'paused');
    room.ok('A', { type: 'requestEnd' });
    room.ok('B', { type: 'confirmEnd' });
    expect(room.state.stage).toBe('ended');
  });

  it.each([
    ['resume', { type: 'resume' }],
    ['pause', { type: 'pause' }],
    ['timeOut', { type: 'timeOut' }],
    ['safetyPause', { type: 'safetyPause' }],
    ['shareSafetyPlan', { type: 'shareSafetyPlan', plan: { location: 'home' } }],
    ['requestEnd', { type: 'requestEnd' }],
    ['confirmEnd', { type: 'confirmEnd' }],
    ['cancelEnd', { type: 'cancelEnd' }],
  ])('T20 a pause lets %s through to its own rules', (_name, command) => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('A', { type: 'pause' });
    const decision = room.send('B', command);
    expect(decision.ok ? 'accepted' : decision.rejection.code).not.toBe('paused');
  });

  it('T21 either practice partner pauses, and either resumes an ordinary pause', () => {
    const room = roomAtStep('practice', 'reflect');
    expect(room.ok('A', { type: 'pause' })).toMatchObject([{ type: 'paused', kind: 'pause', seat: 'A' }]);
    room.rejects('B', { type: 'pause' }, 'already_done');
    room.ok('B', { type: 'resume' });
    expect(room.state.pause).toBeNull();
    expect(room.step).toBe('reflect');
  });

  it('T22 a time-out pauses the room and asks to resume within 24 hours', () => {
    const room = roomAtStep('practice', 'speak');
    const [paused] = room.ok('B', { type: 'timeOut' });
    expect(paused).toEqual({
      type: 'paused',
      kind: 'time_out',
      seat: 'B',
      until: room.now + LIMITS.timeOutMs,
      seq: room.state.seq,
      at: room.now,
      actor: 'B',
    });
    expect(LIMITS.timeOutMs).toBe(24 * 60 * 60 * 1000);
    expect(room.state.pause).toEqual({
      kind: 'time_out',
      seat: 'B',
      at: room.now,
      until: room.now + LIMITS.timeOutMs,
    });
    room.rejects('A', { type: 'timeOut' }, 'already_done');
    room.rejects('A', { type: 'speak', text: 'Anyway…' }, 'paused');
    // Whoever called the time-out brings the couple back (PREP).
    room.rejects('A', { type: 'resume' }, 'not_allowed');
    room.ok('B', { type: 'resume' });
    expect(room.step).toBe('speak');
  });

  it("T22 once the time-out's day is up, either partner may resume", () => {
    const room = roomAtStep('practice', 'speak');
    room.ok('B', { type: 'timeOut' });
    room.now += LIMITS.timeOutMs;
    room.ok('A', { type: 'resume' });
    expect(room.state.pause).toBeNull();
  });

  it('T22 a time-out turns an ordinary pause into a time-out', () => {
    const room = roomAtStep('practice', 'speak');
    room.ok('A', { type: 'pause' });
    room.ok('B', { type: 'timeOut' });
    expect(room.state.pause).toMatchObject({ kind: 'time_out', seat: 'B' });
  });

  it('T23 in practice each partner may ask only for their own U-turn', () => {
    const room = roomAtStep('practice', 'reflect');
    room.rejects('A', { type: 'requestUTurn', seat: 'B' }, 'not_allowed');
    room.ok('B', { type: 'requestUTurn', seat: 'B' });
    room.rejects('B', { type: 'reflect', text: 'I heard…' }, 'in_u_turn');
    room.ok('B', { type: 'uTurn', part: { name: 'the one who wants to argue', kind: 'protector' } });
    room.ok('B', { type: 'reflect', text: 'I heard…' });
    expect(room.step).toBe('confirm');
  });

  it('T28 in practice either partner runs the timer', () => {
    const room = roomAtStep('practice', 'speak');
    room.ok('A', { type: 'setTimer', seconds: 600 });
    room.ok('B', { type: 'extendTimer', seconds: 60 });
    expect(room.state.timer?.durationMs).toBe(660_000);
    room.ok('A', { type: 'clearTimer' });
    expect(room.state.timer).toBeNull();
  });

  const NOT_IN_PRACTICE = commandsFor('practice', null);

  it('T29 the permission table keeps the therapist-only interventions out of a practice room', () => {
    expect(NOT_IN_PRACTICE).toEqual(
      expect.arrayContaining([
        'admit',
        'markFromPart',
        'askDirectAccess',
        'endDirectAccess',
        'stopContempt',
        'rewind',
        'skipStep',
      ]),
    );
  });

  it.each(NOT_IN_PRACTICE.map(exampleCommand))(
    'T29 a practice room refuses a therapist-only intervention to both: %o',
    (command) => {
      const room = roomAtStep('practice', 'reflect');
      room.rejects('A', command, 'not_allowed');
      room.rejects('B', command, 'not_allowed');
    },
  );

  it('T29 a practice room has no therapist seat: any command from it is not_allowed', () => {
    const room = roomAtFirstRound('practice');
    room.rejects('therapist', { type: 'pause' }, 'not_allowed');
    room.rejects('therapist', { type: 'requestEnd' }, 'not_allowed');
    room.rejects('therapist', { type: 'setTimer', seconds: 60 }, 'not_allowed');
  });

  it('T30 in practice only the partner who called the safety pause resumes it', () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('A', { type: 'timeOut' });
    room.ok('B', { type: 'safetyPause' });
    expect(room.state.pause).toMatchObject({ kind: 'safety', seat: 'B' });
    room.rejects('A', { type: 'resume' }, 'not_allowed');
    room.rejects('A', { type: 'timeOut' }, 'already_done');
    room.rejects('A', { type: 'pause' }, 'already_done');
    room.ok('B', { type: 'resume' });
    expect(room.step).toBe('reflect');
  });

  it('T33 a dropped practice connection pauses the round; either partner resumes', () => {
    const room = roomAtStep('practice', 'summary');
    room.ok('system', { type: 'connectionLost', seat: 'A' });
    expect(room.state.pause).toMatchObject({ kind: 'connection', seat: 'A' });
    room.ok('B', { type: 'resume' });
    expect(room.round).toMatchObject({ floor: 'held', speaker: 'A', step: 'summary' });
  });
});
