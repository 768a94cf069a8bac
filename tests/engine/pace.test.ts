import { describe, expect, it } from 'vitest';
import { ClientCommand, LIMITS, pendingShorterAsk, shorterAskCounts } from '../../shared/index.ts';
import { roomAtFirstRound, roomAtStep } from '../support/engineRoom.ts';

describe("the listener's and the speaker's pace", () => {
  it('T38 the listener asks "Shorter, please" while the speaker has the floor at speak: visible to all, counted, once per piece', () => {
    const room = roomAtStep('therapy', 'speak');
    room.rejects('A', { type: 'askShorter' }, 'not_your_turn');
    room.rejects('therapist', { type: 'askShorter' }, 'not_your_turn');
    expect(room.ok('B', { type: 'askShorter' })).toMatchObject([{ type: 'shorterAsked', seat: 'B' }]);
    // Not private: the speaker receives it as it is, and the state holds it for every seat.
    expect(room.eventsSeenBy('A').at(-1)).toMatchObject({ type: 'shorterAsked', seat: 'B' });
    expect(room.viewOf('A').shorterAsks).toEqual([
      { seq: room.state.seq, at: room.now, seat: 'B', round: 1 },
    ]);
    expect(pendingShorterAsk(room.viewOf('A'))).toMatchObject({ seat: 'B', round: 1 });
    room.rejects('B', { type: 'askShorter' }, 'already_done');
    room.ok('A', { type: 'speak', text: 'A part of me is tired.' });
    expect(pendingShorterAsk(room.state)).toBeNull();
    room.rejects('B', { type: 'askShorter' }, 'wrong_step');
    room.ok('B', { type: 'reflect', text: 'Tired.' });
    room.ok('A', { type: 'confirm', more: true });
    room.ok('B', { type: 'askShorter' });
    expect(shorterAskCounts(room.viewOf('therapist'))).toEqual({ A: 0, B: 2 });
  });

  it('T38 a piece or a correction over the room limit (default 300) is refused with too_long naming the limit', () => {
    const room = roomAtStep('therapy', 'speak');
    expect(room.state.pieceLimit).toBe(300);
    const long = 'A part of me '.repeat(45).slice(0, 541);
    const refused = room.send('A', { type: 'speak', text: long });
    expect(refused.ok ? null : refused.rejection).toEqual({
      code: 'too_long',
      message:
        'A piece can be at most 300 characters in this room — a sentence or two. Send the rest as another piece.',
    });
    room.rejects('A', { type: 'speak', text: 'x'.repeat(301) }, 'too_long');
    room.ok('A', { type: 'speak', text: 'x'.repeat(300) });
    // Not applied to the listener's words: a reflection may gather several pieces.
    room.ok('B', { type: 'reflect', text: 'y'.repeat(500) });
    room.rejects('A', { type: 'correct', text: 'z'.repeat(301) }, 'too_long');
    room.ok('A', { type: 'correct', text: 'z'.repeat(300) });
  });

  it('T38 T29 the therapist sets the room limit within its bounds; partners cannot', () => {
    const room = roomAtStep('therapy', 'speak');
    room.rejects('A', { type: 'setPieceLimit', chars: 500 }, 'not_allowed');
    expect(room.ok('therapist', { type: 'setPieceLimit', chars: 500 })).toMatchObject([
      { type: 'pieceLimitSet', chars: 500 },
    ]);
    room.rejects('therapist', { type: 'setPieceLimit', chars: 500 }, 'already_done');
    expect(room.viewOf('A').pieceLimit).toBe(500);
    room.ok('A', { type: 'speak', text: 'x'.repeat(500) });
    for (const chars of [LIMITS.pieceLimitMin - 1, LIMITS.pieceChars + 1, 200.5]) {
      expect(ClientCommand.safeParse({ type: 'setPieceLimit', chars }).success).toBe(false);
    }
    const practice = roomAtFirstRound('practice');
    practice.rejects('A', { type: 'setPieceLimit', chars: 500 }, 'not_allowed');
  });

  it('T7 "not now — in ten minutes": the declined floor carries until, for both screens', () => {
    const room = roomAtFirstRound('practice');
    room.ok('A', { type: 'requestFloor', topic: 'the holidays' });
    const [declined] = room.ok('B', { type: 'proposeLater', when: 'after a walk', minutes: 10 });
    expect(declined).toMatchObject({ type: 'floorDeclined', seat: 'B', until: room.now + 10 * 60_000 });
    for (const seat of ['A', 'B'] as const) {
      const view = room.viewOf(seat);
      const round = view.stage === 'round' ? view.round : null;
      expect(round?.declined).toEqual({
        seat: 'B',
        at: room.now,
        when: 'after a walk',
        until: room.now + 600_000,
      });
    }
    for (const minutes of [0, 1441, 2.5]) {
      expect(ClientCommand.safeParse({ type: 'proposeLater', minutes }).success).toBe(false);
    }
  });
});
