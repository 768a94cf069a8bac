import { describe, expect, it } from 'vitest';
import { roomAtFirstRound, roomAtStep } from '../support/engineRoom.ts';

const PART = { name: 'the defender', kind: 'protector' } as const;

describe('cases found in review', () => {
  it('T23 a speaker asked for a U-turn while at the U-turn step names the part once and moves on to speak', () => {
    const room = roomAtStep('therapy', 'u_turn');
    room.ok('therapist', { type: 'requestUTurn', seat: 'A' });
    expect(room.ok('A', { type: 'uTurn', part: PART })).toMatchObject([
      { type: 'partNamed', requested: true },
    ]);
    expect(room.step).toBe('speak');
    expect(room.state.uTurnRequests).toEqual({});
  });

  it('T25 the partner in direct access may name a part whatever their role, without moving the step', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'startDirectAccess', seat: 'B' });
    room.ok('B', { type: 'uTurn', part: { name: 'the one who wants to fix it', kind: 'protector' } });
    expect(room.step).toBe('reflect');
    expect(room.state.parts.B?.name).toBe('the one who wants to fix it');
    room.rejects('A', { type: 'uTurn', part: PART }, 'witness_locked');
  });

  it('T25 the direct-access exchange is kept in the state, so a snapshot carries it', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'startDirectAccess', seat: 'A' });
    const [asked] = room.ok('therapist', { type: 'directSay', text: 'What does the part need?' });
    const [answered] = room.ok('A', { type: 'directSay', text: 'To be heard.' });
    room.ok('therapist', { type: 'endDirectAccess' });
    expect(room.state.directExchanges).toEqual([
      { seq: asked?.seq, at: asked?.at, seat: 'therapist', text: 'What does the part need?' },
      { seq: answered?.seq, at: answered?.at, seat: 'A', text: 'To be heard.' },
    ]);
  });

  it('T7 a proposal for later is kept on the round until the floor is asked for again', () => {
    const room = roomAtFirstRound('practice');
    room.ok('A', { type: 'requestFloor', topic: 'money' });
    room.ok('B', { type: 'proposeLater', when: 'after dinner' });
    expect(room.state.round?.declined).toEqual({ seat: 'B', at: room.now, when: 'after dinner' });
    room.ok('A', { type: 'requestFloor', topic: 'money' });
    expect(room.state.round?.declined).toBeNull();
  });

  it('A5 T19 a link re-issued after the end writes nothing to the closed log', () => {
    const room = roomAtStep('therapy', 'next');
    room.ok('therapist', { type: 'requestEnd' });
    room.ok('therapist', { type: 'confirmEnd' });
    const decision = room.send('system', { type: 'reissueSeat', seat: 'A' });
    expect(decision).toEqual({ ok: true, events: [] });
  });

  it('T33 a lost connection for a seat the room does not have is refused', () => {
    const room = roomAtStep('practice', 'speak');
    room.rejects('system', { type: 'connectionLost', seat: 'therapist' }, 'not_allowed');
  });
});
