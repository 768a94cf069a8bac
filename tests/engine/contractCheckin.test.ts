import { describe, expect, it } from 'vitest';
import { EngineRoom, roomAtCheckin, roomAtFirstRound } from '../support/engineRoom.ts';

/** A therapy room with both partners admitted, still at the contract. */
function admittedTherapyRoom(): EngineRoom {
  const room = new EngineRoom('therapy');
  room.ok('therapist', { type: 'admit', seat: 'A' });
  room.ok('therapist', { type: 'admit', seat: 'B' });
  return room;
}

describe('contract', () => {
  it('T1 a new room is at the contract stage, with no round and nobody agreed', () => {
    const room = new EngineRoom('therapy');
    expect(room.events).toEqual([
      {
        type: 'roomCreated',
        roomId: 'room-1',
        mode: 'therapy',
        talk: 'spoken',
        partners: null,
        seq: 1,
        at: room.now,
        actor: 'system',
      },
    ]);
    expect(room.state).toMatchObject({ stage: 'contract', seq: 1, contract: {} });
    expect(room.state).not.toHaveProperty('round');
  });

  it('T1 each partner agrees once; the room moves to checkin when both have', () => {
    const room = admittedTherapyRoom();
    const first = room.ok('A', { type: 'agreeContract', safeWord: 'pineapple' });
    expect(first).toEqual([
      { type: 'contractAgreed', seat: 'A', safeWord: 'pineapple', seq: 4, at: room.now, actor: 'A' },
    ]);
    expect(room.state.stage).toBe('contract');
    expect(room.state.contract.A).toEqual({ safeWord: 'pineapple', at: room.now });

    const second = room.ok('B', { type: 'agreeContract' });
    expect(second).toEqual([{ type: 'contractAgreed', seat: 'B', seq: 5, at: room.now, actor: 'B' }]);
    expect(room.state.stage).toBe('checkin');
  });

  it('T1 a partner who already agreed is refused with already_done', () => {
    const room = admittedTherapyRoom();
    room.ok('A', { type: 'agreeContract' });
    room.rejects('A', { type: 'agreeContract', safeWord: 'again' }, 'already_done');
    room.ok('B', { type: 'agreeContract' });
    room.rejects('B', { type: 'agreeContract' }, 'already_done');
  });

  it('T1 only the partners agree to the contract', () => {
    const room = admittedTherapyRoom();
    room.rejects('therapist', { type: 'agreeContract' }, 'not_allowed');
  });

  it('T1 the contract cannot be skipped, by a skip, a check-in, the floor or the close', () => {
    const room = admittedTherapyRoom();
    room.ok('A', { type: 'agreeContract' });
    room.rejects('therapist', { type: 'skipStep' }, 'invalid_target');
    room.rejects('B', { type: 'checkIn', checkIn: { parts: ['a part'] }, visibility: 'room' }, 'wrong_step');
    room.rejects('A', { type: 'requestFloor', topic: 'money' }, 'wrong_step');
    room.rejects('therapist', { type: 'startClosing' }, 'wrong_step');
    room.rejects('therapist', { type: 'swapRoles' }, 'wrong_step');
    expect(room.state.stage).toBe('contract');
  });
});

describe('admission', () => {
  it('T2 a therapy partner can do nothing before the therapist admits them', () => {
    const room = new EngineRoom('therapy');
    expect(room.state.admitted).toEqual({ A: false, B: false });
    room.rejects('A', { type: 'agreeContract' }, 'not_admitted');
    room.rejects('A', { type: 'safetyPause' }, 'not_admitted');
    room.rejects('A', { type: 'shareSafetyPlan', plan: { location: 'home' } }, 'not_admitted');
    room.rejects('B', { type: 'requestEnd' }, 'not_admitted');
  });

  it('T2 the therapist admits a partner, who can then act', () => {
    const room = new EngineRoom('therapy');
    expect(room.ok('therapist', { type: 'admit', seat: 'A' })).toEqual([
      { type: 'seatAdmitted', seat: 'A', seq: 2, at: room.now, actor: 'therapist' },
    ]);
    expect(room.state.admitted).toEqual({ A: true, B: false });
    room.ok('A', { type: 'agreeContract' });
    room.rejects('B', { type: 'agreeContract' }, 'not_admitted');
  });

  it('T2 admitting twice is already_done, and a partner cannot admit', () => {
    const room = new EngineRoom('therapy');
    room.ok('therapist', { type: 'admit', seat: 'A' });
    room.rejects('therapist', { type: 'admit', seat: 'A' }, 'already_done');
    room.rejects('A', { type: 'admit', seat: 'B' }, 'not_allowed');
  });

  it('T2 practice partners are in from the start and nobody admits', () => {
    const room = new EngineRoom('practice');
    expect(room.state.admitted).toEqual({ A: true, B: true });
    room.rejects('A', { type: 'admit', seat: 'B' }, 'not_allowed');
    room.ok('A', { type: 'agreeContract' });
  });
});

describe('re-issued seats', () => {
  it('A6 a re-issued therapy partner lands in the waiting room and must be admitted again', () => {
    const room = roomAtFirstRound('therapy');
    const events = room.ok('system', { type: 'reissueSeat', seat: 'A' });
    expect(events).toEqual([
      { type: 'seatReissued', seat: 'A', seq: room.state.seq, at: room.now, actor: 'system' },
    ]);
    expect(room.state.admitted).toEqual({ A: false, B: true });
    room.rejects('A', { type: 'requestFloor', topic: 'money' }, 'not_admitted');
    room.ok('therapist', { type: 'admit', seat: 'A' });
    room.ok('A', { type: 'requestFloor', topic: 'money' });
    expect(room.round).toMatchObject({ floor: 'held', speaker: 'A' });
  });

  it('A6 re-issuing the therapist seat or a practice partner keeps everyone in', () => {
    const therapy = roomAtFirstRound('therapy');
    therapy.ok('system', { type: 'reissueSeat', seat: 'therapist' });
    expect(therapy.state.admitted).toEqual({ A: true, B: true });

    const practice = roomAtFirstRound('practice');
    expect(practice.ok('system', { type: 'reissueSeat', seat: 'B' })).toMatchObject([
      { type: 'seatReissued', seat: 'B' },
    ]);
    expect(practice.state.admitted).toEqual({ A: true, B: true });
    practice.ok('B', { type: 'requestFloor', topic: 'money' });
  });

  it('A6 a practice room has no therapist seat to re-issue', () => {
    const room = new EngineRoom('practice');
    room.rejects('system', { type: 'reissueSeat', seat: 'therapist' }, 'not_allowed');
  });
});

describe('check-in', () => {
  it('T3 a partner checks in once, with parts, body, Self-energy and who may read it', () => {
    const room = roomAtCheckin('therapy');
    const checkIn = { parts: ['a critic', 'a tired part'], body: 'shoulders', selfEnergy: 4 };
    expect(room.ok('A', { type: 'checkIn', checkIn, visibility: 'therapist' })).toEqual([
      {
        type: 'checkedIn',
        seat: 'A',
        visibility: 'therapist',
        checkIn,
        seq: room.state.seq,
        at: room.now,
        actor: 'A',
      },
    ]);
    expect(room.state.checkIns.A).toEqual({ visibility: 'therapist', content: checkIn });
    expect(room.state.stage).toBe('checkin');
    expect(room.state).not.toHaveProperty('round');
    room.rejects('A', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' }, 'already_done');
  });

  it('T3 checking in belongs to the checkin stage and to the partners', () => {
    const early = admittedTherapyRoom();
    early.rejects('A', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' }, 'wrong_step');
    const room = roomAtCheckin('therapy');
    room.rejects('therapist', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' }, 'not_allowed');
  });

  it('T3 a practice room has no therapist to share a check-in with', () => {
    const room = roomAtCheckin('practice');
    room.rejects(
      'A',
      { type: 'checkIn', checkIn: { parts: ['a part'] }, visibility: 'therapist' },
      'invalid_target',
    );
    room.ok('A', { type: 'checkIn', checkIn: { parts: ['a part'] }, visibility: 'self' });
  });

  it('T4 when both have checked in, round 1 opens at request_floor with the floor free', () => {
    const room = roomAtCheckin('practice');
    room.ok('A', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
    expect(room.state.stage).toBe('checkin');
    const events = room.ok('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    expect(events.map((e) => e.type)).toEqual(['checkedIn', 'roundStarted']);
    expect(events[1]).toMatchObject({ type: 'roundStarted', round: 1, speaker: null, actor: 'B' });
    expect(room.state.stage).toBe('round');
    expect(room.round).toEqual({
      floor: 'open',
      number: 1,
      step: 'request_floor',
      entries: [],
      declined: null,
    });
  });

  it('T4 the therapist skipping the check-in opens round 1 with the floor free', () => {
    const room = roomAtCheckin('therapy');
    room.ok('A', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
    expect(room.ok('therapist', { type: 'skipStep' })).toMatchObject([
      { type: 'stepSkipped', from: 'checkin', to: 'request_floor' },
    ]);
    expect(room.state.stage).toBe('round');
    expect(room.round).toEqual({
      floor: 'open',
      number: 1,
      step: 'request_floor',
      entries: [],
      declined: null,
    });
    room.rejects('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' }, 'wrong_step');
    room.ok('B', { type: 'requestFloor', topic: 'weekends' });
    expect(room.round).toMatchObject({ floor: 'held', speaker: 'B' });
  });

  it('T4 partners cannot skip the check-in', () => {
    const room = roomAtCheckin('practice');
    room.rejects('A', { type: 'skipStep' }, 'not_allowed');
  });
});
