import { describe, expect, it } from 'vitest';
import { decide, ROUND_STEPS, RoomEvent, type RoundStep, STEP_ACTOR } from '../../shared/index.ts';
import {
  type EngineRoom,
  replay,
  roomAtCheckin,
  roomAtFirstRound,
  roomAtStep,
} from '../support/engineRoom.ts';

const PART = { name: 'the part that gets scared', kind: 'exile', fears: 'being left' } as const;

/** The command that does each step's work, as the step's seat sends it (speaker A, listener B). */
const STEP_COMMAND: Record<Exclude<RoundStep, 'next'>, unknown> = {
  request_floor: { type: 'requestFloor', topic: 'the dishes' },
  listener_ready: { type: 'listenerReady' },
  u_turn: { type: 'uTurn', part: PART },
  speak: { type: 'speak', text: 'A part of me feels alone.' },
  reflect: { type: 'reflect', text: 'I heard a part of you feels alone.' },
  confirm: { type: 'confirm' },
  more: { type: 'answerMore', more: false },
  summary: { type: 'summarize', text: 'A part of you feels alone.' },
  summary_confirm: { type: 'confirm' },
  validate: { type: 'validate', text: 'What makes sense to me is…' },
  empathy: { type: 'empathize', text: 'I imagine a part of you feels unseen.' },
  empathy_confirm: { type: 'confirm' },
  landing: { type: 'land', text: 'It landed.' },
};
const STEPS_WITH_COMMAND = ROUND_STEPS.filter((s): s is Exclude<RoundStep, 'next'> => s !== 'next');

/** A room in round 2: B speaks, A listens, at request_floor. */
function roomInSecondRound(): EngineRoom {
  const room = roomAtStep('therapy', 'next');
  room.ok('therapist', { type: 'swapRoles' });
  return room;
}

describe('the steps of a round', () => {
  it('T5 each step has exactly one acting seat, and the round visits them in order', () => {
    const room = roomAtFirstRound('therapy');
    const visited: RoundStep[] = [];
    for (const step of STEPS_WITH_COMMAND) {
      expect(room.step).toBe(step);
      visited.push(step);
      const seat = STEP_ACTOR[step] === 'listener' ? 'B' : 'A';
      const events = room.ok(seat, STEP_COMMAND[step]);
      expect(events.every((e) => e.actor === seat)).toBe(true);
    }
    expect(room.step).toBe('next');
    expect([...visited, 'next']).toEqual([...ROUND_STEPS]);
    expect(room.round).toMatchObject({ floor: 'held', speaker: 'A' });
  });

  it('T5 in the first round whichever partner asks first becomes the speaker', () => {
    const room = roomAtFirstRound('practice');
    expect(room.ok('B', { type: 'requestFloor', topic: 'holidays' })).toMatchObject([
      { type: 'floorRequested', seat: 'B', topic: 'holidays', actor: 'B' },
    ]);
    expect(room.round).toMatchObject({
      floor: 'held',
      speaker: 'B',
      topic: 'holidays',
      step: 'listener_ready',
    });
    room.ok('A', { type: 'listenerReady' });
    expect(room.step).toBe('u_turn');
  });

  it.each(STEPS_WITH_COMMAND)('T6 at %s the step command from the other seat is not_your_turn', (step) => {
    const room = roomAtStep('therapy', step);
    // Round 1 request_floor is open to both partners; only the therapist is the wrong seat there.
    const wrong = step === 'request_floor' ? 'therapist' : STEP_ACTOR[step] === 'listener' ? 'A' : 'B';
    room.rejects(wrong, STEP_COMMAND[step], 'not_your_turn');
    expect(room.step).toBe(step);
  });

  it.each(ROUND_STEPS)('T6 at %s a command of another step is wrong_step', (step) => {
    const room = roomAtStep('therapy', step);
    const foreign = step === 'reflect' ? STEP_COMMAND.summary : STEP_COMMAND.reflect;
    room.rejects('B', foreign, 'wrong_step');
    room.rejects('A', foreign, 'wrong_step');
  });

  it('T7 the listener says they are ready, and the speaker turns to the U-turn', () => {
    const room = roomAtStep('therapy', 'listener_ready');
    expect(room.ok('B', { type: 'listenerReady' })).toMatchObject([{ type: 'listenerReady', seat: 'B' }]);
    expect(room.step).toBe('u_turn');
  });

  it('T7 in the first round, proposing later frees the floor for either partner', () => {
    const room = roomAtStep('practice', 'listener_ready');
    expect(room.ok('B', { type: 'proposeLater', when: 'after dinner' })).toMatchObject([
      { type: 'floorDeclined', seat: 'B', when: 'after dinner' },
    ]);
    expect(room.round).toMatchObject({ floor: 'open', step: 'request_floor' });
    expect(room.round).not.toHaveProperty('speaker');
    expect(room.round).not.toHaveProperty('topic');
    room.ok('B', { type: 'requestFloor', topic: 'bedtime' });
    expect(room.round).toMatchObject({
      floor: 'held',
      speaker: 'B',
      topic: 'bedtime',
      step: 'listener_ready',
    });
  });

  it('T7 after a swap, proposing later keeps the speaker', () => {
    const room = roomInSecondRound();
    room.ok('B', { type: 'requestFloor', topic: 'work' });
    room.ok('A', { type: 'proposeLater' });
    expect(room.round).toMatchObject({
      number: 2,
      floor: 'held',
      speaker: 'B',
      topic: null,
      step: 'request_floor',
    });
    room.rejects('A', { type: 'requestFloor', topic: 'mine' }, 'not_your_turn');
    room.ok('B', { type: 'requestFloor', topic: 'work' });
  });

  it('T8 the speaker names the part at u_turn and moves to speak', () => {
    const room = roomAtStep('therapy', 'u_turn');
    const part = { name: 'the withdrawing part', kind: 'protector', feltWhere: 'chest', fears: 'conflict' };
    expect(room.ok('A', { type: 'uTurn', part })).toEqual([
      { type: 'partNamed', seat: 'A', requested: false, part, seq: room.state.seq, at: room.now, actor: 'A' },
    ]);
    expect(room.step).toBe('speak');
    expect(room.state.parts.A).toEqual(part);
  });

  it('T8 the speaker may name a new part while at speak, which stays at speak', () => {
    const room = roomAtStep('therapy', 'speak');
    const part = { name: 'a critic', kind: 'not_sure' } as const;
    room.ok('A', { type: 'uTurn', part });
    expect(room.step).toBe('speak');
    expect(room.state.parts.A).toEqual(part);
    room.ok('A', { type: 'speak', text: 'A part of me judges.' });
    expect(room.entries.at(-1)?.part).toEqual({ name: 'a critic', kind: 'not_sure' });
  });

  it('T8 only the speaker names the part, and only at u_turn or speak', () => {
    const room = roomAtStep('therapy', 'u_turn');
    room.rejects('B', { type: 'uTurn', part: PART }, 'not_your_turn');
    room.rejects('therapist', { type: 'uTurn', part: PART }, 'not_allowed');
    const later = roomAtStep('therapy', 'reflect');
    later.rejects('A', { type: 'uTurn', part: PART }, 'wrong_step');
  });

  it('T9 a piece carries the part last named, without what it fears, and moves to reflect', () => {
    const room = roomAtStep('therapy', 'u_turn');
    room.ok('A', {
      type: 'uTurn',
      part: { name: 'the lonely one', kind: 'exile', feltWhere: 'throat', fears: 'being alone forever' },
    });
    const [spoke] = room.ok('A', { type: 'speak', text: 'A part of me feels lonely when you work late.' });
    expect(spoke).toEqual({
      type: 'spoke',
      seat: 'A',
      text: 'A part of me feels lonely when you work late.',
      part: { name: 'the lonely one', kind: 'exile', feltWhere: 'throat' },
      seq: room.state.seq,
      at: room.now,
      actor: 'A',
    });
    expect(room.step).toBe('reflect');
    expect(room.entries).toEqual([
      {
        seq: room.state.seq,
        at: room.now,
        seat: 'A',
        kind: 'piece',
        step: 'speak',
        text: 'A part of me feels lonely when you work late.',
        part: { name: 'the lonely one', kind: 'exile', feltWhere: 'throat' },
        setAside: null,
      },
    ]);
  });

  it('T9 a piece with no part named (the U-turn was skipped) carries none', () => {
    const room = roomAtStep('therapy', 'u_turn');
    room.ok('therapist', { type: 'skipStep' });
    const [spoke] = room.ok('A', { type: 'speak', text: 'Something hurts.' });
    expect(spoke).toMatchObject({ type: 'spoke', part: null });
  });

  it('T10 a reflection moves to confirm, and "you got it" moves to more', () => {
    const room = roomAtStep('therapy', 'reflect');
    expect(room.ok('B', { type: 'reflect', text: 'I heard…' })).toMatchObject([
      { type: 'reflected', seat: 'B', text: 'I heard…' },
    ]);
    expect(room.step).toBe('confirm');
    expect(room.entries.at(-1)).toMatchObject({ kind: 'reflection', seat: 'B', step: 'reflect' });
    expect(room.ok('A', { type: 'confirm' })).toMatchObject([
      { type: 'confirmed', seat: 'A', step: 'confirm' },
    ]);
    expect(room.step).toBe('more');
  });

  it('T10 a correction sends the listener back to reflect', () => {
    const room = roomAtStep('therapy', 'confirm');
    expect(room.ok('A', { type: 'correct', text: 'You missed the fear.' })).toMatchObject([
      { type: 'corrected', seat: 'A', step: 'confirm', text: 'You missed the fear.' },
    ]);
    expect(room.step).toBe('reflect');
    expect(room.entries.at(-1)).toMatchObject({ kind: 'correction', seat: 'A', step: 'confirm' });
    room.ok('B', { type: 'reflect', text: 'I heard the fear too.' });
    expect(room.step).toBe('confirm');
  });

  it('T11 "is there more?" yes goes back to speak, no goes on to summary', () => {
    const room = roomAtStep('therapy', 'more');
    expect(room.ok('A', { type: 'answerMore', more: true })).toMatchObject([
      { type: 'moreAnswered', seat: 'A', more: true },
    ]);
    expect(room.step).toBe('speak');
    room.ok('A', { type: 'speak', text: 'And another piece.' });
    room.ok('B', { type: 'reflect', text: 'And I heard that.' });
    room.ok('A', { type: 'confirm' });
    room.ok('A', { type: 'answerMore', more: false });
    expect(room.step).toBe('summary');
  });

  it('T12 the summary moves to summary_confirm; confirm goes to validate, correct to summary', () => {
    const room = roomAtStep('therapy', 'summary');
    expect(room.ok('B', { type: 'summarize', text: 'All of it.' })).toMatchObject([
      { type: 'summarized', seat: 'B' },
    ]);
    expect(room.step).toBe('summary_confirm');
    expect(room.ok('A', { type: 'correct', text: 'Not all.' })).toMatchObject([
      { type: 'corrected', step: 'summary_confirm' },
    ]);
    expect(room.step).toBe('summary');
    room.ok('B', { type: 'summarize', text: 'All of it, now.' });
    expect(room.ok('A', { type: 'confirm' })).toMatchObject([{ type: 'confirmed', step: 'summary_confirm' }]);
    expect(room.step).toBe('validate');
  });

  it('T13 validation (with own parts) moves to empathy, empathy to empathy_confirm', () => {
    const room = roomAtStep('therapy', 'validate');
    expect(
      room.ok('B', {
        type: 'validate',
        text: 'What makes sense to me is…',
        ownParts: 'a part of me got defensive',
      }),
    ).toMatchObject([{ type: 'validated', seat: 'B', ownParts: 'a part of me got defensive' }]);
    expect(room.entries.at(-1)).toMatchObject({ kind: 'validation', ownParts: 'a part of me got defensive' });
    expect(room.step).toBe('empathy');
    expect(room.ok('B', { type: 'empathize', text: 'I imagine…' })).toMatchObject([
      { type: 'empathized', seat: 'B' },
    ]);
    expect(room.step).toBe('empathy_confirm');
  });

  it('T13 at empathy_confirm a correction returns to empathy and a confirmation goes to landing', () => {
    const room = roomAtStep('therapy', 'empathy_confirm');
    room.ok('A', { type: 'correct', text: 'More scared than sad.' });
    expect(room.step).toBe('empathy');
    room.ok('B', { type: 'empathize', text: 'I imagine a part of you is scared.' });
    expect(room.ok('A', { type: 'confirm' })).toMatchObject([{ type: 'confirmed', step: 'empathy_confirm' }]);
    expect(room.step).toBe('landing');
  });

  it('T14 the landing, with an optional request, moves to next', () => {
    const room = roomAtStep('therapy', 'landing');
    expect(room.ok('A', { type: 'land', text: 'It landed.', request: 'Would you hug me?' })).toMatchObject([
      { type: 'landed', seat: 'A', text: 'It landed.', request: 'Would you hug me?' },
    ]);
    expect(room.entries.at(-1)).toMatchObject({ kind: 'landing', request: 'Would you hug me?' });
    expect(room.step).toBe('next');
    room.rejects('A', { type: 'land', text: 'Again.' }, 'wrong_step');
  });
});

describe('swap and close', () => {
  it('T15 at next the therapist swaps: a new round where the listener holds the floor', () => {
    const room = roomAtStep('therapy', 'next');
    expect(room.ok('therapist', { type: 'swapRoles' })).toMatchObject([
      { type: 'rolesSwapped', round: 2, speaker: 'B', listener: 'A', actor: 'therapist' },
    ]);
    expect(room.round).toEqual({
      floor: 'held',
      number: 2,
      speaker: 'B',
      topic: null,
      step: 'request_floor',
      entries: [],
      rephrasing: null,
      speakerPart: null,
      chosen: false,
      declined: null,
      responding: 'chain',
    });
    expect(room.state.roundsCompleted).toBe(1);
    room.rejects('A', { type: 'requestFloor', topic: 'mine' }, 'not_your_turn');
    room.ok('B', { type: 'requestFloor', topic: 'mine' });
  });

  it('T15 at next the therapist starts the close', () => {
    const room = roomAtStep('therapy', 'next');
    expect(room.ok('therapist', { type: 'startClosing' })).toMatchObject([{ type: 'closingStarted' }]);
    expect(room.state.stage).toBe('closing');
    expect(room.state.roundsCompleted).toBe(1);
    // The round then running is over: the state keeps it with the earlier ones, for the record.
    expect(room.state).not.toHaveProperty('round');
    expect(room.state.previousRounds).toMatchObject([
      { number: 1, floor: 'held', speaker: 'A', step: 'next' },
    ]);
    room.rejects('therapist', { type: 'swapRoles' }, 'wrong_step');
  });

  it('T15 a therapy partner can neither swap nor close', () => {
    const room = roomAtStep('therapy', 'next');
    room.rejects('A', { type: 'swapRoles' }, 'not_allowed');
    room.rejects('B', { type: 'startClosing' }, 'not_allowed');
  });

  it('T15 the therapist may swap or close at any step once someone has the floor', () => {
    const swapped = roomAtStep('therapy', 'reflect');
    swapped.ok('therapist', { type: 'swapRoles' });
    expect(swapped.round).toMatchObject({
      number: 2,
      floor: 'held',
      speaker: 'B',
      step: 'request_floor',
    });

    const closed = roomAtStep('therapy', 'speak');
    closed.ok('therapist', { type: 'startClosing' });
    expect(closed.state).toMatchObject({ stage: 'closing', roundsCompleted: 0 });
  });

  it('T15 nobody can swap before someone holds the floor', () => {
    const room = roomAtFirstRound('therapy');
    room.rejects('therapist', { type: 'swapRoles' }, 'invalid_target');
  });

  it('T15 the therapist may start the close during check-in', () => {
    const room = roomAtCheckin('therapy');
    expect(room.ok('therapist', { type: 'startClosing' })).toMatchObject([{ type: 'closingStarted' }]);
    expect(room.state).toMatchObject({ stage: 'closing', previousRounds: [], roundsCompleted: 0 });
    expect(room.state).not.toHaveProperty('round');
  });

  it('T16 once a partner holds the floor the other cannot take it', () => {
    const room = roomAtStep('therapy', 'listener_ready');
    expect(room.round).toMatchObject({ floor: 'held', speaker: 'A' });
    room.rejects('B', { type: 'requestFloor', topic: 'mine' }, 'wrong_step');
    room.ok('therapist', { type: 'rewind', to: 'request_floor' });
    room.rejects('B', { type: 'requestFloor', topic: 'mine' }, 'not_your_turn');
    expect(room.round).toMatchObject({ floor: 'held', speaker: 'A' });
  });

  it("T16 the speaker cannot move the listener's steps, nor the listener the speaker's", () => {
    const atReflect = roomAtStep('therapy', 'reflect');
    atReflect.rejects('A', { type: 'reflect', text: 'I reflect myself.' }, 'not_your_turn');
    const atSummary = roomAtStep('therapy', 'summary');
    atSummary.rejects('A', { type: 'summarize', text: 'My own summary.' }, 'not_your_turn');
    const atConfirm = roomAtStep('therapy', 'confirm');
    atConfirm.rejects('B', { type: 'confirm' }, 'not_your_turn');
    atConfirm.rejects('B', { type: 'correct', text: 'No.' }, 'not_your_turn');
    const atMore = roomAtStep('therapy', 'more');
    atMore.rejects('B', { type: 'answerMore', more: true }, 'not_your_turn');
  });
});

describe('urge to speak', () => {
  it('T17 the listener signals an urge; it interrupts nothing and changes no step', () => {
    const room = roomAtStep('therapy', 'speak');
    const [urge] = room.ok('B', { type: 'urgeToSpeak' });
    expect(urge).toEqual({ type: 'urgeToSpeak', seat: 'B', seq: room.state.seq, at: room.now, actor: 'B' });
    expect(room.step).toBe('speak');
    expect(room.state.urges).toEqual([{ seq: room.state.seq, at: room.now, seat: 'B' }]);
    room.ok('A', { type: 'speak', text: 'Still speaking.' });
    expect(room.step).toBe('reflect');
  });

  it('T17 only the listener signals, and only once someone has the floor', () => {
    const open = roomAtFirstRound('therapy');
    open.rejects('B', { type: 'urgeToSpeak' }, 'wrong_step');
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('A', { type: 'urgeToSpeak' }, 'not_your_turn');
    room.rejects('therapist', { type: 'urgeToSpeak' }, 'not_your_turn');
  });

  it('T17 the listener may signal at next, but not once the close has started', () => {
    const room = roomAtStep('therapy', 'next');
    room.ok('B', { type: 'urgeToSpeak' });
    room.ok('therapist', { type: 'startClosing' });
    room.rejects('B', { type: 'urgeToSpeak' }, 'wrong_step');
  });
});

describe('closing and ending', () => {
  it('T18 in the close each partner leaves what they will do next time and a repair, and may update it', () => {
    const room = roomAtStep('therapy', 'next');
    room.rejects('A', { type: 'closingReflection', nextTime: 'Breathe first.' }, 'wrong_step');
    room.ok('therapist', { type: 'startClosing' });
    const repair = { whatSetMeUp: 'Being tired', myPart: 'I snapped', apology: 'I am sorry' };
    expect(room.ok('A', { type: 'closingReflection', nextTime: 'Breathe first.', repair })).toMatchObject([
      { type: 'closingReflection', seat: 'A', nextTime: 'Breathe first.', repair },
    ]);
    expect(room.state.closing.A).toEqual({ nextTime: 'Breathe first.', repair });
    room.ok('A', { type: 'closingReflection', nextTime: 'Ask for a pause.' });
    expect(room.state.closing.A).toEqual({ nextTime: 'Ask for a pause.' });
    room.ok('B', { type: 'closingReflection', nextTime: 'Listen longer.' });
    expect(room.state.closing.B).toEqual({ nextTime: 'Listen longer.' });
    room.rejects('therapist', { type: 'closingReflection', nextTime: 'Notes.' }, 'not_allowed');
  });

  it('T19 the therapist asks to end, then confirms', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('therapist', { type: 'confirmEnd' }, 'invalid_target');
    expect(room.ok('therapist', { type: 'requestEnd' })).toMatchObject([
      { type: 'endRequested', seat: 'therapist' },
    ]);
    expect(room.state.endRequested).toEqual({ seat: 'therapist', at: room.now });
    room.rejects('therapist', { type: 'requestEnd' }, 'already_done');
    expect(room.ok('therapist', { type: 'confirmEnd' })).toMatchObject([{ type: 'ended' }]);
    expect(room.state).toMatchObject({
      stage: 'ended',
      endedAt: room.now,
      endRequested: null,
      pause: null,
      timer: null,
    });
    // A15: the export window counts from `endedAt`; the round then running is kept for the record.
    expect(room.state).not.toHaveProperty('round');
    expect(room.state.previousRounds).toMatchObject([
      { number: 1, floor: 'held', speaker: 'A', step: 'reflect' },
    ]);
  });

  it('T19 the therapist may cancel an end request', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('therapist', { type: 'cancelEnd' }, 'invalid_target');
    room.ok('therapist', { type: 'requestEnd' });
    expect(room.ok('therapist', { type: 'cancelEnd' })).toMatchObject([{ type: 'endCancelled' }]);
    expect(room.state.endRequested).toBeNull();
    expect(room.state.stage).toBe('round');
    room.rejects('therapist', { type: 'confirmEnd' }, 'invalid_target');
  });

  it('T19 therapy partners can neither ask to end nor confirm', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('A', { type: 'requestEnd' }, 'not_allowed');
    room.ok('therapist', { type: 'requestEnd' });
    room.rejects('B', { type: 'confirmEnd' }, 'not_allowed');
    room.rejects('B', { type: 'cancelEnd' }, 'not_allowed');
  });

  it('T19 after the end every command from every seat is refused with session_ended', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'requestEnd' });
    room.ok('therapist', { type: 'confirmEnd' });
    const commands: unknown[] = [
      { type: 'reflect', text: 'Late.' },
      { type: 'safetyPause' },
      { type: 'pause' },
      { type: 'resume' },
      { type: 'requestEnd' },
      { type: 'admit', seat: 'A' },
      { type: 'closingReflection', nextTime: 'x' },
      { type: 'setTimer', seconds: 60 },
    ];
    for (const seat of ['therapist', 'A', 'B'] as const) {
      for (const command of commands) room.rejects(seat, command, 'session_ended');
    }
  });

  it('T19 after the end a dropped connection is refused with session_ended', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'requestEnd' });
    room.ok('therapist', { type: 'confirmEnd' });
    room.rejects('system', { type: 'connectionLost', seat: 'B' }, 'session_ended');
  });
});

describe('the log', () => {
  it('T31 a rejected command changes nothing and consumes no seq', () => {
    const room = roomAtStep('therapy', 'reflect');
    const frozen = structuredClone(room.state);
    const decision = decide(room.state, { type: 'speak', text: 'Out of turn.' }, 'A', room.now + 1);
    expect(decision).toMatchObject({ ok: false, rejection: { code: 'wrong_step' } });
    expect(room.state).toEqual(frozen);
    const seq = room.state.seq;
    const [next] = room.ok('B', { type: 'reflect', text: 'I heard…' });
    expect(next?.seq).toBe(seq + 1);
  });

  it('T31 a rejection carries a named code and a plain message', () => {
    const room = roomAtStep('therapy', 'reflect');
    const decision = room.send('A', { type: 'reflect', text: 'Mine.' });
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.rejection.code).toBe('not_your_turn');
    expect(decision.rejection.message).toBe('It is not your turn for this step.');
  });

  it('T32 events carry consecutive seqs from 1, the time of the decision and the seat that acted', () => {
    const room = roomAtStep('therapy', 'reflect');
    expect(room.events.map((e) => e.seq)).toEqual(room.events.map((_, i) => i + 1));
    const before = room.state.seq;
    room.ok('therapist', { type: 'stopContempt', seat: 'B' });
    const events = room.ok('therapist', { type: 'contemptStep', step: 'u_turn' });
    expect(events).toEqual([
      {
        type: 'contemptStepTaken',
        seat: 'B',
        step: 'u_turn',
        seq: before + 2,
        at: room.now,
        actor: 'therapist',
      },
      { type: 'uTurnRequested', seat: 'B', seq: before + 3, at: room.now, actor: 'therapist' },
    ]);
    expect(room.state.seq).toBe(before + 3);
  });

  it('T32 every command accepted in a whole round yields at least one event', () => {
    const room = roomAtFirstRound('practice');
    for (const step of STEPS_WITH_COMMAND) {
      const seat = STEP_ACTOR[step] === 'listener' ? 'B' : 'A';
      expect(room.ok(seat, STEP_COMMAND[step]).length).toBeGreaterThan(0);
    }
  });

  it('T34 replaying the stored log rebuilds the same state', () => {
    const room = roomAtStep('therapy', 'confirm');
    room.ok('A', { type: 'correct', text: 'Not quite.' });
    room.ok('therapist', { type: 'pause' });
    room.ok('therapist', { type: 'setTimer', seconds: 300, label: 'Round one' });
    room.ok('therapist', { type: 'resume' });
    room.ok('B', { type: 'urgeToSpeak' });
    room.ok('B', { type: 'reflect', text: 'Again.' });
    room.ok('therapist', { type: 'markFromPart', entrySeq: room.state.seq });
    room.ok('B', { type: 'reflect', text: 'Again, for my part.' });
    room.ok('therapist', { type: 'swapRoles' });
    room.ok('therapist', { type: 'startClosing' });
    room.ok('A', { type: 'closingReflection', nextTime: 'Slow down.' });
    room.ok('therapist', { type: 'requestEnd' });
    room.ok('therapist', { type: 'confirmEnd' });
    // Through JSON, as the events come back from a store.
    const stored = JSON.parse(JSON.stringify(room.events));
    expect(replay(stored)).toEqual(room.state);
    expect(replay(stored)?.seq).toBe(room.events.length);
  });

  it('T34 every event of a full round is a valid wire event, so the log can be stored and sent', () => {
    const room = roomAtStep('therapy', 'next');
    room.ok('therapist', { type: 'swapRoles' });
    for (const event of room.events) expect(RoomEvent.safeParse(event).success).toBe(true);
  });
});
