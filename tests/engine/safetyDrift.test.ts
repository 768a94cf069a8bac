import { describe, expect, it } from 'vitest';
import { timerRemaining } from '../../shared/index.ts';
import { roomAtFirstRound, roomAtStep } from '../support/engineRoom.ts';

const MINUTE = 60_000;

describe('safety that never drifts', () => {
  it('T28 T30 a timer freezes during a safety pause and resumes with the time that was left', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'setTimer', seconds: 60, label: 'Speaking' });
    const setAt = room.now;
    room.now = setAt + 9_000; // the next command lands 10 s after the timer started
    room.ok('A', { type: 'safetyPause' });
    const pausedAt = room.now;
    const timer = () => {
      if (!room.state.timer) throw new Error('no timer');
      return room.state.timer;
    };
    expect(timerRemaining(timer(), pausedAt)).toBe(50_000);
    // Ten minutes of "everything has stopped": the timer does not run out.
    expect(timerRemaining(timer(), pausedAt + 10 * MINUTE)).toBe(50_000);
    room.now = pausedAt + 10 * MINUTE - 1000;
    room.ok('therapist', { type: 'resume' });
    const resumedAt = room.now;
    expect(timerRemaining(timer(), resumedAt)).toBe(50_000);
    expect(timerRemaining(timer(), resumedAt + 20_000)).toBe(30_000);
    // Where it runs out, as docs/PROTOCOL.md §6.1 reads it from the state: 50 s after the resume.
    expect(timer().startedAt + timer().durationMs).toBe(resumedAt + 50_000);
    expect(timer()).not.toHaveProperty('pausedAt');
  });

  it('T28 every kind of pause freezes it; a timer set while paused waits for the room to go on', () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('A', { type: 'setTimer', seconds: 120 });
    room.ok('A', { type: 'pause' });
    expect(room.state.timer?.pausedAt).toBe(room.now);
    room.ok('B', { type: 'timeOut' }); // replaces the pause: still frozen from its first moment
    const frozenAt = room.state.timer?.pausedAt as number;
    expect(frozenAt).toBe(room.now - 1000);
    room.ok('B', { type: 'resume' });
    expect(timerRemaining(room.state.timer ?? { startedAt: 0, durationMs: 1 }, room.now)).toBe(119_000);

    room.ok('system', { type: 'connectionLost', seat: 'A' });
    expect(room.state.timer?.pausedAt).toBe(room.now);
    room.ok('B', { type: 'resume' });

    const paused = roomAtStep('therapy', 'reflect');
    paused.ok('therapist', { type: 'pause' });
    paused.ok('therapist', { type: 'setTimer', seconds: 30 });
    const waiting = paused.state.timer ?? { startedAt: 0, durationMs: 1 };
    expect(timerRemaining(waiting, paused.now + 5 * MINUTE)).toBe(30_000);
    paused.ok('therapist', { type: 'resume' });
    expect(timerRemaining(paused.state.timer ?? waiting, paused.now)).toBe(30_000);
  });

  it('A12 T30 a practice partner keeps a safety plan for themselves: the other partner never sees it, in events or views', () => {
    const room = roomAtFirstRound('practice');
    const plan = { location: 'PLACE-OF-A', emergencyContact: 'CONTACT-OF-A' };
    expect(room.ok('A', { type: 'shareSafetyPlan', plan })).toMatchObject([
      { type: 'safetyPlanShared', seat: 'A', plan },
    ]);
    expect(room.viewOf('A').safetyPlans.A?.plan).toEqual(plan);
    expect(room.viewOf('B').safetyPlans.A).toEqual({ at: room.now });
    const seenByB = JSON.stringify([room.eventsSeenBy('B'), room.viewOf('B')]);
    expect(seenByB).not.toContain('PLACE-OF-A');
    expect(seenByB).not.toContain('CONTACT-OF-A');
    // The same optional safe word as in therapy.
    expect(room.state.contract.A?.safeWord).toBe('pineapple');
    // And while the room is stopped by a safety pause, the plan can still be written.
    room.ok('A', { type: 'safetyPause' });
    room.ok('A', { type: 'shareSafetyPlan', plan: { location: 'PLACE-2' } });
    expect(JSON.stringify(room.eventsSeenBy('B'))).not.toContain('PLACE-2');
  });
});
