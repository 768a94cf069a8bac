import { describe, expect, it } from 'vitest';
import { partnerNamesOf, ROUND_STEPS, SessionSummary, summarizeSession } from '../../shared/index.ts';
import { EngineRoom, roomAtFirstRound } from '../support/engineRoom.ts';
import { PART_A, PART_B, PART_DIRECT, wholeTherapySession } from './sessionFixture.ts';

/** summarizeSession over logs the real engine wrote (`sessionFixture.ts`), field by field (R1, R2). */
describe('the summary of a whole therapy session', () => {
  const { room, events, times } = wholeTherapySession();
  const summary = summarizeSession(events);

  it('R1 the summary is a valid SessionSummary, the same every time the log is read', () => {
    expect(SessionSummary.parse(summary)).toEqual(summary);
    expect(summarizeSession(events)).toEqual(summary);
  });

  it('R1 the room, its mode and talk, when it was created, started and ended, and its length', () => {
    expect(summary).toMatchObject({ roomId: 'room-1', mode: 'therapy', talk: 'written' });
    expect(summary.createdAt).toBe(events[0]?.at);
    expect(summary.startedAt).toBe(times.admitA);
    expect(summary.endedAt).toBe(times.ended);
    expect(room.state.stage).toBe('ended');
    expect(summary.minutes).toBe(Math.round(((times.ended ?? 0) - (times.admitA ?? 0)) / 60_000));
  });

  it('R1 who was there: the therapist and both partners, "Partner A/B" without names', () => {
    expect(summary.present).toEqual([
      { seat: 'therapist', name: null, pronouns: null },
      { seat: 'A', name: null, pronouns: null },
      { seat: 'B', name: null, pronouns: null },
    ]);
  });

  it('R1 every round: speaker, listener, the steps it stood at, where it stopped, completed or not', () => {
    expect(summary.rounds).toEqual([
      {
        number: 1,
        startedAt: expect.any(Number),
        speaker: 'A',
        listener: 'B',
        stepsReached: [...ROUND_STEPS],
        lastStep: 'next',
        completed: true,
      },
      {
        number: 2,
        startedAt: times.round2,
        speaker: 'B',
        listener: 'A',
        stepsReached: ['request_floor', 'listener_ready', 'u_turn', 'speak', 'reflect', 'confirm'],
        lastStep: 'confirm',
        completed: false,
      },
      {
        number: 3,
        startedAt: expect.any(Number),
        speaker: 'A',
        listener: 'B',
        stepsReached: ['request_floor', 'listener_ready', 'u_turn', 'speak', 'reflect'],
        lastStep: 'reflect',
        completed: false,
      },
    ]);
    // Round 2 was swapped before its end: the state counts it, the record does not.
    expect(room.state.roundsCompleted).toBe(2);
    expect(summary.roundsCompleted).toBe(1);
  });

  it('R1 who spoke: pieces per partner, and how many were set aside', () => {
    expect(summary.pieces).toEqual({ A: { spoken: 3, setAside: 1 }, B: { spoken: 1, setAside: 0 } });
  });

  it('R1 the parts each partner named, where and when: check-in, U-turn, asked for, direct access', () => {
    const full = (part: { name: string; kind: string; feltWhere?: string; fears?: string }) => ({
      name: part.name,
      kind: part.kind,
      feltWhere: part.feltWhere ?? null,
      fears: part.fears ?? null,
    });
    expect(summary.partsNamed.A).toEqual([
      {
        at: times.checkInA,
        source: 'check_in',
        name: 'a worried part',
        kind: null,
        feltWhere: null,
        fears: null,
      },
      { at: times.uTurnA, source: 'u_turn', ...full(PART_A) },
      { at: times.directPart, source: 'direct_access', ...full(PART_DIRECT) },
      { at: expect.any(Number), source: 'u_turn', ...full(PART_A) },
    ]);
    expect(summary.partsNamed.B).toEqual([
      { at: times.uTurnB, source: 'asked', ...full(PART_B) },
      { at: expect.any(Number), source: 'u_turn', ...full(PART_B) },
    ]);
  });

  it('R1 R2 check-ins: the Self rating of one shared with the room; one kept to its partner is only a fact', () => {
    expect(summary.checkIns).toEqual({
      A: {
        at: times.checkInA,
        visibility: 'room',
        keptPrivate: false,
        selfEnergy: 6,
        body: 'chest',
        parts: ['a worried part'],
      },
      B: {
        at: times.checkInB,
        visibility: 'self',
        keptPrivate: true,
        selfEnergy: null,
        body: null,
        parts: [],
      },
    });
  });

  it('R2 nothing the therapist may not read, and none of the words of the round or of direct access', () => {
    const text = JSON.stringify(summary);
    for (const secret of [
      'a secret part',
      'stomach',
      'Home office',
      'Jo 0123',
      'little one need',
      'be held',
    ]) {
      expect(text).not.toContain(secret);
    }
    for (const words of ['You never help.', 'dishes', 'I heard', 'It landed.', 'together?']) {
      expect(text).not.toContain(words);
    }
    expect(text).not.toMatch(/urge/i);
  });

  it('R1 I29 every intervention with its time and who made it', () => {
    const move = (at: number | undefined, kind: string, extra: object = {}) => ({
      at,
      kind,
      by: 'therapist',
      seat: null,
      from: null,
      to: null,
      amount: null,
      ...extra,
    });
    expect(summary.interventions).toEqual([
      move(times.pieceLimit, 'piece_limit_set', { amount: 200 }),
      move(times.timer, 'timer_set', { amount: 120 }),
      move(times.whoIsSpeaking, 'who_is_speaking', { seat: 'A', to: 'speak' }),
      move(times.pause, 'pause'),
      move(times.resume, 'resumed'),
      move(times.uTurnAsked, 'u_turn_asked', { seat: 'B' }),
      move(times.directAccessAsked, 'direct_access_asked', { seat: 'A' }),
      // I20: the partner's yes starts it.
      move(times.directAccess, 'direct_access_started', { seat: 'A', by: 'A' }),
      move(times.directEnded, 'direct_access_ended', { seat: 'A' }),
      // I22, I29: the witness's words are in the therapist's record.
      move(times.witnessSaid, 'witness_said', {
        seat: 'B',
        by: 'B',
        words: 'I saw how small that part felt.',
      }),
      move(times.skip, 'step_skipped', { from: 'reflect', to: 'confirm' }),
      move(expect.any(Number), 'end_requested'),
    ]);
  });

  it('R1 safety: each safety pause, who called it and when the room went on; safe words and plans', () => {
    expect(summary.safety).toEqual({
      pauses: [{ at: times.safety, kind: 'safety_pause', calledBy: 'A', resumedAt: times.safetyResumed }],
      safeWordAgreed: { A: true, B: false },
      safetyPlanShared: { A: true, B: false },
    });
  });

  it('R1 the closing: when it began, next time, the repair and its answer', () => {
    expect(summary.closing).toEqual({
      startedAt: times.closing,
      reflections: {
        A: {
          nextTime: 'Breathe first.',
          repair: { whatSetMeUp: 'Being tired', myPart: 'I snapped', apology: 'I am sorry' },
          repairAccepted: true,
        },
        B: { nextTime: 'Ask for a pause.', repair: null, repairAccepted: null },
      },
    });
  });

  it("R1 the compact form is the session list's line", () => {
    expect(summary.compact).toEqual({
      roomId: 'room-1',
      date: times.admitA,
      minutes: summary.minutes,
      rounds: 1,
      whoSpoke: { A: 3, B: 1 },
      partsNamed: { A: ['a worried part', 'the scared one', 'the little one'], B: ['the defender'] },
      selfEnergy: { A: 6, B: null },
      safetyCount: 1,
      closing: true,
      repair: true,
    });
  });
});

describe('the summary of a practice session that did not end', () => {
  function practice() {
    const room = roomAtFirstRound('practice');
    room.ok('A', { type: 'requestFloor', topic: 'the garden' });
    room.ok('B', { type: 'listenerReady' });
    room.ok('B', { type: 'timeOut' });
    const timeOutAt = room.now;
    room.ok('B', { type: 'resume' });
    room.send('system', { type: 'connectionLost', seat: 'A' });
    const lostAt = room.now;
    room.ok('B', { type: 'resume' });
    room.ok('A', { type: 'safetyPause' });
    return { room, timeOutAt, lostAt };
  }

  it('R1 time-outs and connection pauses are interventions; a safety pause never resumed stays open', () => {
    const { room, timeOutAt, lostAt } = practice();
    const summary = summarizeSession(room.events);
    expect(SessionSummary.parse(summary)).toEqual(summary);
    expect(summary.mode).toBe('practice');
    expect(summary.present.map((attendee) => attendee.seat)).toEqual(['A', 'B']);
    expect(summary.endedAt).toBeNull();
    expect(summary.minutes).toBe(0);
    expect(summary.interventions.map(({ at, kind, by, seat }) => ({ at, kind, by, seat }))).toEqual([
      { at: timeOutAt, kind: 'time_out', by: 'B', seat: 'B' },
      { at: timeOutAt + 1000, kind: 'resumed', by: 'B', seat: null },
      { at: lostAt, kind: 'connection_pause', by: 'system', seat: 'A' },
      { at: lostAt + 1000, kind: 'resumed', by: 'B', seat: null },
    ]);
    expect(summary.safety.pauses).toEqual([
      { at: room.now, kind: 'safety_pause', calledBy: 'A', resumedAt: null },
    ]);
    expect(summary.closing).toEqual({ startedAt: null, reflections: { A: null, B: null } });
    expect(summary.compact).toMatchObject({ rounds: 0, safetyCount: 1, closing: false, repair: false });
  });

  it('R2 a practice partner’s safety plan is not even counted as shared (A12)', () => {
    const { room } = practice();
    room.ok('A', { type: 'shareSafetyPlan', plan: { location: 'The park' } });
    const summary = summarizeSession(room.events);
    expect(summary.safety.safetyPlanShared).toBeNull();
    expect(JSON.stringify(summary)).not.toContain('The park');
  });

  it('R1 a room nobody joined started when it was created, and lasted no time', () => {
    const room = new EngineRoom('therapy');
    const summary = summarizeSession(room.events);
    expect(summary.startedAt).toBe(summary.createdAt);
    expect(summary.present).toEqual([]);
    expect(summary.rounds).toEqual([]);
    expect(summary.checkIns).toEqual({ A: null, B: null });
  });
});

describe("the partners' names (N1, N3)", () => {
  it('R4 N3 names and pronouns come from the state when the room keeps them, else none', () => {
    expect(
      partnerNamesOf({ partners: { A: { name: 'Sam', pronouns: 'she/her' }, B: { name: 'Alex' } } }),
    ).toEqual({
      A: { name: 'Sam', pronouns: 'she/her' },
      B: { name: 'Alex', pronouns: null },
    });
    const none = { A: { name: null, pronouns: null }, B: { name: null, pronouns: null } };
    expect(partnerNamesOf({ partners: null })).toEqual(none);
    expect(partnerNamesOf(wholeTherapySession().room.state)).toEqual(none);
  });
});
