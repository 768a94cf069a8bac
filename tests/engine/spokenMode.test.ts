import { describe, expect, it } from 'vitest';
import { buildRecord, RoomEvent, type RoundStep, type Seat } from '../../shared/index.ts';
import { EngineRoom, roomAtFirstRound } from '../support/engineRoom.ts';

/** Sends a command and counts it for its seat: each command is at least one tap on a partner's screen. */
function counter(room: EngineRoom) {
  const taps: Record<Seat, number> = { A: 0, B: 0, therapist: 0 };
  const steps: RoundStep[] = [];
  return {
    taps,
    steps,
    tap(seat: Seat, command: unknown) {
      const step = room.step;
      if (step && steps.at(-1) !== step) steps.push(step);
      room.ok(seat, command);
      taps[seat] += 1;
    },
  };
}

describe('spoken mode', () => {
  it('T37 T11 a two-piece round with one correction, spoken: the speaker taps 10 times, the listener 7, typing nothing', () => {
    const room = roomAtFirstRound('therapy');
    expect(room.state.talk).toBe('spoken');
    const { taps, steps, tap } = counter(room);
    tap('A', { type: 'requestFloor' }); // "I'd like the floor"
    tap('B', { type: 'listenerReady' }); // "I'm ready to listen"
    tap('A', { type: 'uTurn' }); // "I've turned inward" (the part named aloud)
    tap('A', { type: 'speak' }); // "I've said it" — piece 1
    tap('B', { type: 'reflect' }); // "I've reflected"
    tap('A', { type: 'correct' }); // "Not quite"
    tap('B', { type: 'reflect' }); // "I've reflected" again
    tap('A', { type: 'confirm', more: true }); // "Yes — and there's more"
    tap('A', { type: 'speak' }); // piece 2
    tap('B', { type: 'reflect' });
    tap('A', { type: 'confirm', more: false }); // "Yes — that's all for now"
    tap('B', { type: 'summarize' });
    tap('A', { type: 'confirm' }); // the summary
    tap('B', { type: 'validate' });
    tap('B', { type: 'empathize' });
    tap('A', { type: 'confirm' }); // the empathy
    tap('A', { type: 'land' });
    expect(room.step).toBe('next');
    // The figures the issue asks for (issue 9 §1): speaker ≤ 10, listener ≤ 8.
    expect(taps).toEqual({ A: 10, B: 7, therapist: 0 });
    // No step of the method is dropped: "is there more?" is still answered, at its own step.
    expect(steps).toEqual([
      'request_floor',
      'listener_ready',
      'u_turn',
      'speak',
      'reflect',
      'confirm',
      'reflect',
      'confirm',
      'speak',
      'reflect',
      'confirm',
      'summary',
      'summary_confirm',
      'validate',
      'empathy',
      'empathy_confirm',
      'landing',
    ]);
    const answers = room.events.filter((e) => e.type === 'moreAnswered');
    expect(answers.map((e) => e.type === 'moreAnswered' && e.more)).toEqual([true, false]);
    expect(room.entries.map((e) => [e.kind, e.text])).toEqual([
      ['piece', undefined],
      ['reflection', undefined],
      ['correction', undefined],
      ['reflection', undefined],
      ['piece', undefined],
      ['reflection', undefined],
      ['summary', undefined],
      ['validation', undefined],
      ['empathy', undefined],
      ['landing', undefined],
    ]);
  });

  it('T37 D2 the record shows each step taken; a step without text says it was said aloud, a word or two is kept', () => {
    const room = roomAtFirstRound('therapy');
    room.ok('A', { type: 'requestFloor' });
    room.ok('B', { type: 'listenerReady' });
    room.ok('A', { type: 'uTurn' });
    room.ok('A', { type: 'speak', text: 'lonely' });
    room.ok('B', { type: 'reflect' });
    const record = buildRecord(room.events);
    const steps = record.filter((e) =>
      ['floorRequested', 'listenerReady', 'spoke', 'reflected'].includes(e.type),
    );
    expect(steps.map((e) => [e.type, 'text' in e ? e.text : undefined, e.saidAloud])).toEqual([
      ['floorRequested', undefined, true],
      ['listenerReady', undefined, undefined],
      ['spoke', 'lonely', undefined],
      ['reflected', undefined, true],
    ]);
  });

  it('T37 in a written room a step without its text is refused with bad_request, naming what is missing', () => {
    const room = roomAtFirstRound('practice');
    expect(room.state.talk).toBe('written');
    const missing = room.send('A', { type: 'requestFloor' });
    expect(missing.ok ? null : missing.rejection).toEqual({
      code: 'bad_request',
      message: 'The topic is missing: in a written room each step is written.',
    });
    room.ok('A', { type: 'requestFloor', topic: 'the dishes' });
    room.ok('B', { type: 'listenerReady' });
    room.rejects('A', { type: 'uTurn' }, 'bad_request');
    room.ok('A', { type: 'uTurn', part: { name: 'a lonely part', kind: 'exile' } });
    room.rejects('A', { type: 'speak' }, 'bad_request');
    room.ok('A', { type: 'speak', text: 'A part of me feels alone.' });
    room.rejects('B', { type: 'reflect' }, 'bad_request');
    room.ok('B', { type: 'reflect', text: 'A part of you feels alone.' });
    room.rejects('A', { type: 'correct' }, 'bad_request');
    room.ok('A', { type: 'confirm', more: false });
    room.rejects('B', { type: 'summarize' }, 'bad_request');
    room.ok('B', { type: 'summarize', text: 'Alone.' });
    room.ok('A', { type: 'confirm' });
    room.rejects('B', { type: 'validate' }, 'bad_request');
    room.ok('B', { type: 'validate', text: 'It makes sense.' });
    room.rejects('B', { type: 'empathize' }, 'bad_request');
    room.ok('B', { type: 'empathize', text: 'I imagine…' });
    room.ok('A', { type: 'confirm' });
    room.rejects('A', { type: 'land' }, 'bad_request');
    room.ok('A', { type: 'land', text: 'It landed.' });
    expect(room.step).toBe('next');
  });

  it('T37 T6 the turn guard answers before the missing text: the wrong seat hears not_your_turn', () => {
    const room = roomAtFirstRound('practice');
    room.ok('A', { type: 'requestFloor', topic: 'the dishes' });
    room.rejects('A', { type: 'reflect' }, 'wrong_step');
    room.rejects('A', { type: 'listenerReady' }, 'not_your_turn');
  });

  it('T37 a room is created spoken or written; unsaid, therapy is spoken and practice written', () => {
    expect(new EngineRoom('therapy').state.talk).toBe('spoken');
    expect(new EngineRoom('practice').state.talk).toBe('written');
    expect(new EngineRoom('therapy', 'written').state.talk).toBe('written');
    const practice = new EngineRoom('practice', 'spoken');
    expect(practice.state.talk).toBe('spoken');
    expect(practice.events[0]).toMatchObject({ type: 'roomCreated', mode: 'practice', talk: 'spoken' });
  });

  it('T37 T34 a log written before rooms had a talk still loads, as written', () => {
    const old = { type: 'roomCreated', roomId: 'r', mode: 'therapy', seq: 1, at: 5, actor: 'system' };
    // N1: nor names (version 4); it reads as a room without them.
    expect(RoomEvent.parse(old)).toEqual({ ...old, talk: 'written', partners: null });
  });

  it('T37 T29 the moderator switches the room at any time, even paused; a partner of a therapy room cannot', () => {
    const room = roomAtFirstRound('therapy');
    room.rejects('A', { type: 'setTalk', talk: 'written' }, 'not_allowed');
    room.rejects('therapist', { type: 'setTalk', talk: 'spoken' }, 'already_done');
    room.ok('therapist', { type: 'pause' });
    expect(room.ok('therapist', { type: 'setTalk', talk: 'written' })).toMatchObject([
      { type: 'talkSet', talk: 'written', actor: 'therapist' },
    ]);
    expect(room.viewOf('B').talk).toBe('written');
    expect(room.eventsSeenBy('B').at(-1)).toMatchObject({ type: 'talkSet', talk: 'written' });
    room.ok('therapist', { type: 'resume' });
    room.rejects('A', { type: 'requestFloor' }, 'bad_request');

    const practice = roomAtFirstRound('practice');
    practice.ok('B', { type: 'setTalk', talk: 'spoken' });
    practice.ok('A', { type: 'requestFloor' });
    expect(practice.round).toMatchObject({
      floor: 'held',
      speaker: 'A',
      topic: null,
      step: 'listener_ready',
    });
  });

  it('T11 "is there more?" answered with the confirmation: both events, in order; only at the first confirmation', () => {
    const room = roomAtFirstRound('therapy');
    room.ok('A', { type: 'requestFloor' });
    room.ok('B', { type: 'listenerReady' });
    room.ok('A', { type: 'uTurn' });
    room.ok('A', { type: 'speak' });
    room.ok('B', { type: 'reflect' });
    expect(room.ok('A', { type: 'confirm', more: true })).toMatchObject([
      { type: 'confirmed', step: 'confirm' },
      { type: 'moreAnswered', more: true },
    ]);
    expect(room.step).toBe('speak');
    room.ok('A', { type: 'speak' });
    room.ok('B', { type: 'reflect' });
    // The two-tap way still works for a client that asks "is there more?" on a screen of its own.
    room.ok('A', { type: 'confirm' });
    expect(room.step).toBe('more');
    room.rejects('A', { type: 'confirm', more: false }, 'wrong_step');
    room.ok('A', { type: 'answerMore', more: false });
    room.ok('B', { type: 'summarize' });
    room.rejects('A', { type: 'confirm', more: false }, 'bad_request');
    room.ok('A', { type: 'confirm' });
    expect(room.step).toBe('validate');
  });

  it('T37 T8 A11 a U-turn said aloud: one tap moves to speak, the pieces carry no part, nothing private is written', () => {
    const room = roomAtFirstRound('therapy');
    room.ok('A', { type: 'requestFloor' });
    room.ok('B', { type: 'listenerReady' });
    const [named] = room.ok('A', { type: 'uTurn' });
    expect(named).toMatchObject({ type: 'partNamed', seat: 'A', requested: false });
    expect(named && 'part' in named).toBe(false);
    expect(room.step).toBe('speak');
    const [spoke] = room.ok('A', { type: 'speak' });
    expect(spoke).toMatchObject({ type: 'spoke', part: null });
    // The same one tap answers a U-turn the therapist asked for.
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    room.rejects('B', { type: 'reflect' }, 'in_u_turn');
    room.ok('B', { type: 'uTurn' });
    room.ok('B', { type: 'reflect' });
    expect(room.step).toBe('confirm');
  });
});
