import { describe, expect, it } from 'vitest';
import {
  BREATHING,
  buildRecord,
  ClientCommand,
  clinicalRecordMarkdown,
  decide,
  evolve,
  RoomEvent,
  summarizeSession,
  timerRemaining,
  viewEvent,
  viewState,
} from '../../shared/index.ts';
import { EngineRoom, roomAtCheckin, roomAtStep } from '../support/engineRoom.ts';

/** Ends the breathing pause the way the server's clock does (I12), `ms` after the last command. */
function clockEnds(room: EngineRoom, ms: number) {
  const pause = room.state.pause;
  if (pause?.kind !== 'breathing') throw new Error('no breathing pause');
  room.now += ms - 1000; // `send` moves time on by 1 s itself
  return room.send('system', { type: 'endBreathing', startedAt: pause.at });
}

describe('the breathing pause', () => {
  it('I10 any seat calls it — the therapist or either partner — and it pauses the room at its step', () => {
    for (const seat of ['therapist', 'A', 'B'] as const) {
      const room = roomAtStep('therapy', 'reflect');
      const [started] = room.ok(seat, { type: 'breathe' });
      expect(started).toEqual({
        type: 'breathingStarted',
        seat,
        until: room.now + 60_000,
        seq: room.state.seq,
        at: room.now,
        actor: seat,
      });
      expect(room.state.pause).toEqual({ kind: 'breathing', seat, at: room.now, until: room.now + 60_000 });
      expect(room.step).toBe('reflect');
      room.rejects('B', { type: 'reflect', text: 'I heard…' }, 'paused');
    }
  });

  it('I10 practice partners call it too, in the contract, check-in, round and closing stages', () => {
    const contract = new EngineRoom('practice');
    contract.ok('B', { type: 'breathe' });
    const checkin = roomAtCheckin('practice');
    checkin.ok('A', { type: 'breathe' });
    const closing = roomAtStep('practice', 'next');
    closing.ok('A', { type: 'startClosing' });
    closing.ok('B', { type: 'breathe' });
    expect([contract, checkin, closing].map((room) => room.state.pause?.kind)).toEqual([
      'breathing',
      'breathing',
      'breathing',
    ]);
  });

  it('I10 it is refused with paused while another pause holds, a breathing pause included', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'pause' });
    room.rejects('therapist', { type: 'breathe' }, 'paused');
    room.rejects('A', { type: 'breathe' }, 'paused');
    room.ok('therapist', { type: 'resume' });
    room.ok('A', { type: 'breathe' });
    room.rejects('B', { type: 'breathe' }, 'paused');
    room.rejects('therapist', { type: 'breathe' }, 'paused');
  });

  it('I10 a partner asked for a U-turn may still breathe; a witness may not', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    room.ok('B', { type: 'breathe' });
    room.ok('therapist', { type: 'resume' });
    room.ok('B', { type: 'uTurn', part: { name: 'a tired part', kind: 'protector' } });
    room.ok('therapist', { type: 'askDirectAccess', seat: 'A' });
    room.ok('A', { type: 'answerDirectAccess', yes: true });
    room.rejects('B', { type: 'breathe' }, 'witness_locked');
    room.rejects('A', { type: 'breathe' }, 'direct_access');
  });

  it('I11 its length comes from the room: the server sets it at creation, an old log reads 60 s', () => {
    const made = decide(
      null,
      { type: 'createRoom', roomId: 'r', mode: 'practice', breathingSeconds: 12 },
      'system',
      5,
    );
    if (!made.ok) throw new Error('refused');
    expect(made.events[0]).toMatchObject({ type: 'roomCreated', breathingSeconds: 12 });
    const state = evolve(null, made.events[0] as RoomEvent);
    expect(state.breathingSeconds).toBe(12);
    const old = RoomEvent.parse({
      type: 'roomCreated',
      roomId: 'r',
      mode: 'therapy',
      talk: 'spoken',
      partners: null,
      seq: 1,
      at: 1,
      actor: 'system',
    });
    expect(evolve(null, old).breathingSeconds).toBe(BREATHING.defaultSeconds);
  });

  it('I12 the server ends it at its time: the room goes on at its step, with nobody resuming', () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('B', { type: 'breathe' });
    const ended = clockEnds(room, 60_000);
    expect(ended).toMatchObject({ ok: true, events: [{ type: 'breathingEnded', actor: 'system' }] });
    expect(room.state.pause).toBeNull();
    expect(room.step).toBe('reflect');
    room.ok('B', { type: 'reflect', text: 'I heard a part of you feels alone.' });
  });

  it('I12 an endBreathing before its time, or for a pause that is no longer that breathing pause, changes nothing', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('A', { type: 'breathe' });
    const startedAt = room.state.pause?.at ?? 0;
    const early = room.send('system', { type: 'endBreathing', startedAt });
    expect(early).toEqual({ ok: true, events: [] });
    // The safe word took its place: the clock's late command must not lift the safety pause.
    room.ok('B', { type: 'safetyPause' });
    room.now += 120_000;
    expect(room.send('system', { type: 'endBreathing', startedAt })).toEqual({ ok: true, events: [] });
    expect(room.state.pause?.kind).toBe('safety');
    // Resumed early, then a new breathing pause: the old one's command does not end the new one.
    room.ok('therapist', { type: 'resume' });
    room.ok('A', { type: 'breathe' });
    expect(room.send('system', { type: 'endBreathing', startedAt })).toEqual({ ok: true, events: [] });
    expect(room.state.pause?.kind).toBe('breathing');
  });

  it('I12 T28 the room timer freezes through it and goes on with the time it had left', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'setTimer', seconds: 300 });
    room.ok('A', { type: 'breathe' });
    const left = timerRemaining(room.state.timer ?? { startedAt: 0, durationMs: 0 }, room.now);
    clockEnds(room, 60_000);
    const timer = room.state.timer;
    expect(timer?.pausedAt).toBeUndefined();
    expect(timerRemaining(timer ?? { startedAt: 0, durationMs: 0 }, room.now)).toBe(left);
  });

  it('I13 every seat receives the breathing events whole, and sees the same pause', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('B', { type: 'breathe' });
    clockEnds(room, 60_000);
    room.ok('A', { type: 'takeBreak', minutes: 20 });
    const ours = room.events.slice(-3);
    for (const seat of ['therapist', 'A', 'B'] as const) {
      expect(ours.map((event) => viewEvent(event, 'therapy', seat))).toEqual(ours);
      expect(room.viewOf(seat).pause).toEqual(room.state.pause);
    }
    expect(viewState(room.state, 'B').breathingSeconds).toBe(60);
  });

  it('I14 the therapist ends it early with resume; a therapy partner cannot', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('A', { type: 'breathe' });
    room.rejects('A', { type: 'resume' }, 'not_allowed');
    room.rejects('B', { type: 'resume' }, 'not_allowed');
    expect(room.ok('therapist', { type: 'resume' })).toMatchObject([{ type: 'resumed' }]);
    expect(room.step).toBe('reflect');
  });

  it('I14 in practice either partner ends it early', () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('A', { type: 'breathe' });
    room.ok('B', { type: 'resume' });
    expect(room.state.pause).toBeNull();
  });

  it('I14 T30 the safety pause replaces it at once', () => {
    const room = roomAtStep('practice', 'speak');
    room.ok('A', { type: 'breathe' });
    room.ok('B', { type: 'safetyPause' });
    expect(room.state.pause).toMatchObject({ kind: 'safety', callers: ['B'] });
  });
});

describe('the flooding break', () => {
  it('I15 either partner, or the therapist, takes a break of at least 20 minutes; it pauses the room', () => {
    for (const seat of ['therapist', 'A', 'B'] as const) {
      const room = roomAtStep('therapy', 'validate');
      expect(room.ok(seat, { type: 'takeBreak', minutes: 20 })).toMatchObject([
        { type: 'breakTaken', seat, minutes: 20, until: room.now + 20 * 60_000 },
      ]);
      expect(room.state.pause).toEqual({ kind: 'break', seat, at: room.now, until: room.now + 1_200_000 });
      expect(room.step).toBe('validate');
    }
    const practice = roomAtStep('practice', 'speak');
    practice.ok('B', { type: 'takeBreak', minutes: 45 });
    expect(practice.state.pause?.kind).toBe('break');
  });

  it('I15 a break lasts 20 minutes to a day', () => {
    const ok = (minutes: number) => ClientCommand.safeParse({ type: 'takeBreak', minutes }).success;
    expect([ok(19), ok(20), ok(1440), ok(1441), ok(20.5)]).toEqual([false, true, true, false, false]);
  });

  it('I15 it replaces a pause, a dropped connection or a breathing pause, not a safety pause, time-out or break', () => {
    const room = roomAtStep('practice', 'speak');
    room.ok('A', { type: 'pause' });
    room.ok('B', { type: 'takeBreak', minutes: 20 });
    expect(room.state.pause?.kind).toBe('break');
    room.rejects('A', { type: 'takeBreak', minutes: 30 }, 'already_done');
    room.ok('B', { type: 'resume' });
    room.ok('A', { type: 'breathe' });
    room.ok('A', { type: 'takeBreak', minutes: 20 });
    expect(room.state.pause?.kind).toBe('break');
    room.ok('A', { type: 'resume' });
    room.ok('A', { type: 'timeOut' });
    room.rejects('B', { type: 'takeBreak', minutes: 20 }, 'already_done');
    room.ok('A', { type: 'resume' });
    room.ok('B', { type: 'safetyPause' });
    room.rejects('A', { type: 'takeBreak', minutes: 20 }, 'already_done');
  });

  it('I16 the caller comes back at any time; the other partner once its time has passed (practice)', () => {
    const room = roomAtStep('practice', 'speak');
    room.ok('A', { type: 'takeBreak', minutes: 20 });
    room.rejects('B', { type: 'resume' }, 'not_allowed');
    room.ok('A', { type: 'resume' });
    room.ok('A', { type: 'takeBreak', minutes: 20 });
    room.now += 20 * 60_000;
    room.ok('B', { type: 'resume' });
    expect(room.state.pause).toBeNull();
    expect(room.step).toBe('speak');
  });

  it('I16 in therapy the therapist resumes a break at any time, the caller too, the other partner once it is time', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'takeBreak', minutes: 20 });
    room.rejects('B', { type: 'resume' }, 'not_allowed');
    room.ok('A', { type: 'resume' });
    room.ok('therapist', { type: 'takeBreak', minutes: 30 });
    room.rejects('A', { type: 'resume' }, 'not_allowed');
    room.now += 30 * 60_000;
    room.ok('B', { type: 'resume' });
    room.ok('B', { type: 'takeBreak', minutes: 20 });
    room.ok('therapist', { type: 'resume' });
    expect(room.state.pause).toBeNull();
    // A therapy partner still resumes nothing else (T21).
    room.ok('therapist', { type: 'pause' });
    room.rejects('A', { type: 'resume' }, 'not_allowed');
  });

  it('I16 T28 nothing happens by itself when the break time comes; the timer stays frozen', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'setTimer', seconds: 120 });
    room.ok('A', { type: 'takeBreak', minutes: 20 });
    room.now += 60 * 60_000;
    const startedAt = room.state.pause?.at ?? 0;
    expect(room.send('system', { type: 'endBreathing', startedAt })).toEqual({ ok: true, events: [] });
    expect(room.state.pause?.kind).toBe('break');
    expect(room.state.timer?.pausedAt).toBeDefined();
  });
});

describe('slowing down in the records', () => {
  function session() {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'breathe' });
    clockEnds(room, 60_000);
    room.ok('therapist', { type: 'breathe' });
    room.ok('therapist', { type: 'resume' });
    room.ok('B', { type: 'takeBreak', minutes: 20 });
    room.now += 25 * 60_000;
    room.ok('A', { type: 'resume' });
    return room;
  }

  it('I19 the clinical record lists each breathing pause and break: who, when, how long, how it ended', () => {
    const room = session();
    const summary = summarizeSession(room.events);
    expect(summary.slowingDown).toEqual([
      expect.objectContaining({ kind: 'breathing', calledBy: 'A', endedBy: 'system' }),
      expect.objectContaining({ kind: 'breathing', calledBy: 'therapist', endedBy: 'therapist' }),
      expect.objectContaining({ kind: 'break', calledBy: 'B', endedBy: 'A' }),
    ]);
    const [first, , brk] = summary.slowingDown;
    expect(first && first.until - first.at).toBe(60_000);
    expect(brk && brk.until - brk.at).toBe(20 * 60_000);
    const markdown = clinicalRecordMarkdown(summary, { timeZone: 'UTC', generatedAt: room.now });
    expect(markdown).toContain('## Slowing down');
    expect(markdown).toMatch(/Partner A asked for a breathing pause \(1 minute\); it ended by itself at/);
    expect(markdown).toMatch(
      /Partner B asked for a break of 20 minutes, to come back at .*Partner A went on at/,
    );
  });

  it('I19 D2 the room record has every breathing pause and break, for every seat', () => {
    const room = session();
    const types = buildRecord(room.events).map((entry) => entry.type);
    expect(types.filter((type) => type === 'breathingStarted')).toHaveLength(2);
    expect(types).toContain('breathingEnded');
    expect(types).toContain('breakTaken');
  });
});
