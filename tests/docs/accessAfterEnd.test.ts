import { describe, expect, it } from 'vitest';
import { docAccess } from '../../shared/index.ts';
import { type EngineRoom, roomAtStep } from '../support/engineRoom.ts';
import { DOCS, PRACTICE_SEATS, ref, THERAPY_SEATS, table } from './accessTable.ts';

function ended(room: EngineRoom): EngineRoom {
  const mod = room.mode === 'therapy' ? 'therapist' : 'A';
  room.ok(mod, { type: 'requestEnd' });
  room.ok(room.mode === 'therapy' ? 'therapist' : 'B', { type: 'confirmEnd' });
  return room;
}

describe('D10 after the end, nothing is written', () => {
  it('D10 in a therapy room: the record and the notes are read-only, a partner keeps reading only their own draft, the therapist their own notes', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'shareDraft', shared: true });
    room.ok('B', { type: 'shareDraft', shared: true });
    ended(room);
    expect(table(room.state, THERAPY_SEATS)).toEqual({
      therapist: {
        record: 'read',
        notes: 'read',
        'therapist-notes': 'read',
        'draft/A': 'none',
        'draft/B': 'none',
      },
      A: { record: 'read', notes: 'read', 'therapist-notes': 'none', 'draft/A': 'read', 'draft/B': 'none' },
      B: { record: 'read', notes: 'read', 'therapist-notes': 'none', 'draft/A': 'none', 'draft/B': 'read' },
    });
  });

  it('D10 in a practice room the same, whatever the partners had chosen to share', () => {
    const room = roomAtStep('practice', 'next');
    room.ok('A', { type: 'shareDraft', shared: true });
    room.ok('B', { type: 'shareDraft', shared: true });
    ended(room);
    expect(table(room.state, PRACTICE_SEATS)).toEqual({
      A: { record: 'read', notes: 'read', 'therapist-notes': 'none', 'draft/A': 'read', 'draft/B': 'none' },
      B: { record: 'read', notes: 'read', 'therapist-notes': 'none', 'draft/A': 'none', 'draft/B': 'read' },
      therapist: {
        record: 'none',
        notes: 'none',
        'therapist-notes': 'none',
        'draft/A': 'none',
        'draft/B': 'none',
      },
    });
  });

  it('D1 D10 a therapy partner who was never let in still opens nothing after the end', () => {
    const room = roomAtStep('therapy', 'speak');
    room.send('system', { type: 'reissueSeat', seat: 'B' });
    ended(room);
    for (const doc of DOCS) expect(docAccess(ref(doc), 'B', room.state)).toBe('none');
  });
});
