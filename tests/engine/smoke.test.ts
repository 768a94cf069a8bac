import { describe, expect, it } from 'vitest';
import { roomAtStep } from '../support/engineRoom.ts';

describe('engine smoke', () => {
  it('T5 a therapy round runs from request_floor to next', () => {
    const room = roomAtStep('therapy', 'next');
    expect(room.step).toBe('next');
    expect(room.state.round?.entries.map((e) => e.kind)).toEqual([
      'piece',
      'reflection',
      'summary',
      'validation',
      'empathy',
      'landing',
    ]);
    room.ok('therapist', { type: 'swapRoles' });
    expect(room.state.round).toMatchObject({ number: 2, speaker: 'B', step: 'request_floor' });
  });
});
