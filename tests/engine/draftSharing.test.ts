import { describe, expect, it } from 'vitest';
import { roomAtCheckin, roomAtStep } from '../support/engineRoom.ts';

describe('draft sharing (D4)', () => {
  it('D4 drafts are not shared until a partner chooses to; each partner chooses for themselves', () => {
    const room = roomAtCheckin('practice');
    expect(room.state.draftSharing).toEqual({ A: false, B: false });
    expect(room.ok('A', { type: 'shareDraft', shared: true })).toMatchObject([
      { type: 'draftSharingSet', seat: 'A', shared: true, actor: 'A' },
    ]);
    expect(room.state.draftSharing).toEqual({ A: true, B: false });
    room.rejects('A', { type: 'shareDraft', shared: true }, 'already_done');
    room.ok('B', { type: 'shareDraft', shared: true });
    room.ok('A', { type: 'shareDraft', shared: false });
    expect(room.state.draftSharing).toEqual({ A: false, B: true });
  });

  it('D4 the therapist has no draft to share; a partner’s choice is seen by the whole room', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('therapist', { type: 'shareDraft', shared: true }, 'not_allowed');
    room.ok('B', { type: 'shareDraft', shared: true });
    for (const seat of ['therapist', 'A', 'B'] as const) expect(room.viewOf(seat).draftSharing.B).toBe(true);
  });

  it('D4 T20 a partner may change their choice while the room is paused', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('A', { type: 'shareDraft', shared: true });
    room.ok('therapist', { type: 'pause' });
    room.ok('A', { type: 'shareDraft', shared: false });
    expect(room.state.draftSharing.A).toBe(false);
  });

  it('D4 in a practice room the partners’ choice is the only switch: no one hides or shows drafts for both', () => {
    const room = roomAtStep('practice', 'reflect');
    room.rejects('A', { type: 'setDraftsVisible', visible: false }, 'not_allowed');
    room.rejects('B', { type: 'setDraftsVisible', visible: true }, 'not_allowed');
  });

  it('D4 in a therapy room only the therapist hides drafts from the partners, and can lift that again', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('A', { type: 'setDraftsVisible', visible: false }, 'not_allowed');
    room.ok('therapist', { type: 'setDraftsVisible', visible: false });
    expect(room.state.draftsVisibleToPartner).toBe(false);
    room.rejects('therapist', { type: 'setDraftsVisible', visible: false }, 'already_done');
    room.ok('therapist', { type: 'setDraftsVisible', visible: true });
    // Lifting it shares nothing by itself: the partners have not chosen to.
    expect(room.state.draftSharing).toEqual({ A: false, B: false });
  });
});
