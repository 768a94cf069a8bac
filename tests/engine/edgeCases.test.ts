import { describe, expect, it } from 'vitest';
import { roomAtFirstRound, roomAtStep } from '../support/engineRoom.ts';

const PART = { name: 'the defender', kind: 'protector' } as const;

describe('edge cases', () => {
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
    room.directAccess('B');
    room.ok('B', { type: 'uTurn', part: { name: 'the one who wants to fix it', kind: 'protector' } });
    expect(room.step).toBe('reflect');
    expect(room.state.parts.B?.name).toBe('the one who wants to fix it');
    room.rejects('A', { type: 'uTurn', part: PART }, 'witness_locked');
  });

  it('T25 the direct-access exchange is kept in the state, so a snapshot carries it', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.directAccess('A');
    const [asked] = room.ok('therapist', { type: 'directSay', text: 'What does the part need?' });
    const [answered] = room.ok('A', { type: 'directSay', text: 'To be heard.' });
    room.endDirectAccess();
    expect(room.state.directExchanges).toEqual([
      { seq: asked?.seq, at: asked?.at, seat: 'therapist', text: 'What does the part need?' },
      { seq: answered?.seq, at: answered?.at, seat: 'A', text: 'To be heard.' },
    ]);
  });

  it('T7 a proposal for later is kept on the round until the floor is asked for again', () => {
    const room = roomAtFirstRound('practice');
    room.ok('A', { type: 'requestFloor', topic: 'money' });
    room.ok('B', { type: 'proposeLater', when: 'after dinner' });
    expect(room.round?.declined).toEqual({ seat: 'B', at: room.now, when: 'after dinner' });
    room.ok('A', { type: 'requestFloor', topic: 'money' });
    expect(room.round?.declined).toBeNull();
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

  it('T9 A11 a part named privately in an earlier round never rides on a later piece', () => {
    const room = roomAtStep('therapy', 'summary');
    // B, the listener, is asked for a U-turn and names a part only the therapist may know.
    room.stopContempt('B');
    room.ok('B', { type: 'uTurn', part: { name: 'the one who despises weakness', kind: 'protector' } });
    room.ok('therapist', { type: 'swapRoles' });
    room.ok('B', { type: 'requestFloor', topic: 'work' });
    room.ok('A', { type: 'listenerReady' });
    room.ok('therapist', { type: 'skipStep' }); // B's U-turn step is skipped
    const [piece] = room.ok('B', { type: 'speak', text: 'A part of me is tired.' });
    expect(piece).toMatchObject({ type: 'spoke', part: null });
    // Naming a part as speaker in this round makes the next piece carry it (name, kind, where felt).
    room.ok('A', { type: 'reflect', text: 'A part of you is tired.' });
    room.ok('B', { type: 'confirm' });
    room.ok('B', { type: 'answerMore', more: true });
    room.ok('B', {
      type: 'uTurn',
      part: { name: 'the tired one', kind: 'exile', feltWhere: 'chest', fears: 'x' },
    });
    const [second] = room.ok('B', { type: 'speak', text: 'It wants rest.' });
    expect(second).toMatchObject({ part: { name: 'the tired one', kind: 'exile', feltWhere: 'chest' } });
    expect(JSON.stringify(second)).not.toContain('despises');
  });

  it("T19 T30 in practice, a partner left alone under the other's safety pause can still end the session", () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('A', { type: 'safetyPause' });
    room.rejects('B', { type: 'resume' }, 'not_allowed');
    room.ok('B', { type: 'requestEnd' });
    room.ok('B', { type: 'confirmEnd' });
    expect(room.state.stage).toBe('ended');
  });

  it('T30 in practice, with both partners under a safety pause, either caller may resume', () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('A', { type: 'safetyPause' });
    room.ok('B', { type: 'safetyPause' });
    room.ok('B', { type: 'resume' });
    expect(room.state.pause).toBeNull();
  });

  it("T18 a partner answers the other's repair: accepted or not", () => {
    const room = roomAtStep('therapy', 'next');
    room.ok('therapist', { type: 'startClosing' });
    room.rejects('B', { type: 'answerRepair', accepted: true }, 'invalid_target');
    room.ok('A', {
      type: 'closingReflection',
      nextTime: 'Pause sooner.',
      repair: { apology: 'I am sorry I snapped.' },
    });
    room.ok('B', { type: 'answerRepair', accepted: true });
    expect(room.state.closing.A).toMatchObject({ repairAccepted: true });
    room.rejects('therapist', { type: 'answerRepair', accepted: true }, 'not_allowed');
  });

  it('T18 a repair already answered cannot be answered again', () => {
    const room = roomAtStep('therapy', 'next');
    room.ok('therapist', { type: 'startClosing' });
    room.ok('A', {
      type: 'closingReflection',
      nextTime: 'Pause sooner.',
      repair: { apology: 'I am sorry.' },
    });
    room.ok('B', { type: 'answerRepair', accepted: false });
    room.rejects('B', { type: 'answerRepair', accepted: true }, 'already_done');
    room.rejects('B', { type: 'answerRepair', accepted: false }, 'already_done');
    expect(room.state.closing.A?.repairAccepted).toBe(false);
  });

  it('T18 updating only what one will do next time keeps the answer to one’s repair', () => {
    const room = roomAtStep('practice', 'next');
    room.ok('A', { type: 'startClosing' });
    const repair = { myPart: 'I went quiet.', apology: 'I am sorry.' };
    room.ok('A', { type: 'closingReflection', nextTime: 'Pause sooner.', repair });
    room.ok('B', { type: 'answerRepair', accepted: true });
    room.ok('A', { type: 'closingReflection', nextTime: 'Pause sooner, and say so.', repair: { ...repair } });
    expect(room.state.closing.A).toEqual({
      nextTime: 'Pause sooner, and say so.',
      repair,
      repairAccepted: true,
    });
    room.rejects('B', { type: 'answerRepair', accepted: false }, 'already_done');
  });

  it('T18 changing the words of a repair clears the answer to it, which may then be given again', () => {
    const room = roomAtStep('practice', 'next');
    room.ok('A', { type: 'startClosing' });
    room.ok('A', { type: 'closingReflection', nextTime: 'Pause sooner.', repair: { apology: 'Sorry.' } });
    room.ok('B', { type: 'answerRepair', accepted: false });
    room.ok('A', {
      type: 'closingReflection',
      nextTime: 'Pause sooner.',
      repair: { apology: 'Sorry.', myPart: 'I snapped at you.' },
    });
    expect(room.state.closing.A).not.toHaveProperty('repairAccepted');
    room.ok('B', { type: 'answerRepair', accepted: true });
    expect(room.state.closing.A?.repairAccepted).toBe(true);
    // Withdrawing the repair leaves nothing to answer.
    room.ok('A', { type: 'closingReflection', nextTime: 'Pause sooner.' });
    expect(room.state.closing.A).toEqual({ nextTime: 'Pause sooner.' });
    room.rejects('B', { type: 'answerRepair', accepted: true }, 'invalid_target');
  });

  it('T35 when several rules refuse, the first in the documented order answers', () => {
    const room = roomAtStep('therapy', 'reflect');
    // A partner sending a therapist-only command while witnessing: the lock answers first.
    room.directAccess('A');
    room.rejects('B', { type: 'skipStep' }, 'witness_locked');
    room.endDirectAccess();
    // Paused: the pause answers before the command's own rules (wrong step, not allowed).
    room.ok('therapist', { type: 'pause' });
    room.rejects('A', { type: 'summarize', text: 'x' }, 'paused');
    room.rejects('B', { type: 'rewind', to: 'speak' }, 'paused');
    // Not admitted answers before any lock.
    room.send('system', { type: 'reissueSeat', seat: 'B' });
    room.rejects('B', { type: 'safetyPause' }, 'not_admitted');
  });

  it('T36 the therapist may choose who speaks first; only they ask for the floor, and a "not now" keeps them', () => {
    const room = roomAtFirstRound('therapy');
    room.rejects('A', { type: 'chooseSpeaker', seat: 'B' }, 'not_allowed');
    room.ok('therapist', { type: 'chooseSpeaker', seat: 'B' });
    expect(room.round).toMatchObject({ floor: 'held', speaker: 'B', chosen: true, step: 'request_floor' });
    room.rejects('A', { type: 'requestFloor', topic: 'mine first' }, 'not_your_turn');
    room.ok('B', { type: 'requestFloor', topic: 'the move' });
    room.ok('A', { type: 'proposeLater', when: 'tonight' });
    expect(room.round).toMatchObject({ floor: 'held', speaker: 'B', step: 'request_floor' });
    room.rejects('therapist', { type: 'chooseSpeaker', seat: 'A' }, 'invalid_target');
    const practice = roomAtFirstRound('practice');
    practice.rejects('A', { type: 'chooseSpeaker', seat: 'A' }, 'not_allowed');
  });
});
