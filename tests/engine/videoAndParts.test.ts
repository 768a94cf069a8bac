import { describe, expect, it } from 'vitest';
import { ClientCommand } from '../../shared/index.ts';
import { roomAtFirstRound, roomAtStep } from '../support/engineRoom.ts';

describe('the video call beside the room, and the parts named this session', () => {
  it('T39 the therapist sets and clears the video link; every seat sees it', () => {
    const room = roomAtFirstRound('therapy');
    expect(room.state.videoLink).toBeNull();
    room.rejects('A', { type: 'setVideoLink', url: 'https://meet.example.com/abc' }, 'not_allowed');
    expect(
      room.ok('therapist', { type: 'setVideoLink', url: ' https://Meet.Example.com/abc?pwd=1 ' }),
    ).toMatchObject([{ type: 'videoLinkSet', url: 'https://meet.example.com/abc?pwd=1' }]);
    for (const seat of ['A', 'B', 'therapist'] as const) {
      expect(room.viewOf(seat).videoLink).toBe('https://meet.example.com/abc?pwd=1');
    }
    expect(room.eventsSeenBy('B').at(-1)).toMatchObject({ type: 'videoLinkSet' });
    room.rejects(
      'therapist',
      { type: 'setVideoLink', url: 'https://meet.example.com/abc?pwd=1' },
      'already_done',
    );
    room.ok('therapist', { type: 'clearVideoLink' });
    expect(room.state.videoLink).toBeNull();
    room.rejects('therapist', { type: 'clearVideoLink' }, 'invalid_target');
    const practice = roomAtFirstRound('practice');
    practice.rejects('A', { type: 'setVideoLink', url: 'https://meet.example.com/abc' }, 'not_allowed');
  });

  it.each([
    'http://meet.example.com/abc',
    'javascript:alert(1)',
    'data:text/html,hi',
    'meet.example.com/abc',
    'https://user:secret@meet.example.com/',
    'https://meet.example.com/a b',
    'https://meet.example.com/\u202Eabc',
    `https://meet.example.com/${'a'.repeat(2100)}`,
    '',
  ])('T39 S5 a video link that is not a plain https address is refused: %s', (url) => {
    const parsed = ClientCommand.safeParse({ type: 'setVideoLink', url });
    expect(parsed.success).toBe(false);
  });

  it('T39 A11 every part each partner named is kept in order, read by that partner and the therapist only', () => {
    const room = roomAtStep('therapy', 'u_turn');
    room.ok('A', { type: 'uTurn', part: { name: 'PART-ONE', kind: 'protector', fears: 'FEAR-ONE' } });
    room.ok('A', { type: 'uTurn', part: { name: 'PART-TWO', kind: 'exile' } });
    room.ok('A', { type: 'uTurn' }); // named aloud (spoken room): nothing to list
    room.directAccess('A');
    room.ok('A', { type: 'uTurn', part: { name: 'PART-THREE', kind: 'not_sure' } });
    room.endDirectAccess();
    const names = (seat: 'A' | 'therapist') =>
      room.viewOf(seat).partsNamed.A?.map((n) => [n.part.name, n.requested]);
    const expected = [
      ['PART-ONE', false],
      ['PART-TWO', false],
      ['PART-THREE', true],
    ];
    expect(names('A')).toEqual(expected);
    expect(names('therapist')).toEqual(expected);
    expect(room.viewOf('therapist').partsNamed.A?.[0]?.part.fears).toBe('FEAR-ONE');
    const seenByB = JSON.stringify([room.viewOf('B'), room.eventsSeenBy('B')]);
    for (const secret of ['PART-ONE', 'PART-TWO', 'PART-THREE', 'FEAR-ONE'])
      expect(seenByB).not.toContain(secret);
    expect(room.viewOf('B').partsNamed).toEqual({});
  });
});
