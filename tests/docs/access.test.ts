import { describe, expect, it } from 'vitest';
import { docAccess } from '../../shared/index.ts';
import { roomAtStep } from '../support/engineRoom.ts';
import { PRACTICE_SEATS, ref, THERAPY_SEATS, table } from './accessTable.ts';

describe('D4 a draft is its author’s (and the therapist’s) unless both partners choose to share', () => {
  it('D4 by default the other partner reads neither draft', () => {
    const room = roomAtStep('therapy', 'speak');
    expect(table(room.state, THERAPY_SEATS)).toEqual({
      therapist: {
        record: 'read',
        notes: 'write',
        'therapist-notes': 'write',
        'draft/A': 'read',
        'draft/B': 'read',
      },
      A: { record: 'read', notes: 'write', 'therapist-notes': 'none', 'draft/A': 'write', 'draft/B': 'none' },
      B: { record: 'read', notes: 'write', 'therapist-notes': 'none', 'draft/A': 'none', 'draft/B': 'write' },
    });
  });

  it.each(['therapy', 'practice'] as const)(
    'D4 in a %s room one partner’s choice alone shares nothing',
    (mode) => {
      const room = roomAtStep(mode, 'speak');
      room.ok('A', { type: 'shareDraft', shared: true });
      expect(docAccess(ref('draft/A'), 'B', room.state)).toBe('none');
      expect(docAccess(ref('draft/B'), 'A', room.state)).toBe('none');
    },
  );

  it.each(['therapy', 'practice'] as const)(
    'D4 in a %s room, when both choose to, each reads the other’s draft',
    (mode) => {
      const room = roomAtStep(mode, 'speak');
      room.ok('A', { type: 'shareDraft', shared: true });
      room.ok('B', { type: 'shareDraft', shared: true });
      expect(docAccess(ref('draft/A'), 'B', room.state)).toBe('read');
      expect(docAccess(ref('draft/B'), 'A', room.state)).toBe('read');
      // Either taking it back ends it for both.
      room.ok('B', { type: 'shareDraft', shared: false });
      expect(docAccess(ref('draft/A'), 'B', room.state)).toBe('none');
      expect(docAccess(ref('draft/B'), 'A', room.state)).toBe('none');
    },
  );

  it('D4 the therapist can hide drafts the partners share, never show drafts they do not', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'shareDraft', shared: true });
    room.ok('B', { type: 'shareDraft', shared: true });
    room.ok('therapist', { type: 'setDraftsVisible', visible: false });
    expect(docAccess(ref('draft/A'), 'B', room.state)).toBe('none');
    expect(docAccess(ref('draft/A'), 'therapist', room.state)).toBe('read');
    room.ok('therapist', { type: 'setDraftsVisible', visible: true });
    expect(docAccess(ref('draft/A'), 'B', room.state)).toBe('read');
    room.ok('A', { type: 'shareDraft', shared: false });
    expect(docAccess(ref('draft/A'), 'B', room.state)).toBe('none');
  });

  it('D4 D6 a practice room has no therapist seat and no therapist notes', () => {
    const room = roomAtStep('practice', 'speak');
    expect(table(room.state, PRACTICE_SEATS)).toEqual({
      A: { record: 'read', notes: 'write', 'therapist-notes': 'none', 'draft/A': 'write', 'draft/B': 'none' },
      B: { record: 'read', notes: 'write', 'therapist-notes': 'none', 'draft/A': 'none', 'draft/B': 'write' },
      therapist: {
        record: 'none',
        notes: 'none',
        'therapist-notes': 'none',
        'draft/A': 'none',
        'draft/B': 'none',
      },
    });
  });
});
