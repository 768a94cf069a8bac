import { describe, expect, it } from 'vitest';
import {
  canSetAside,
  doing,
  draftStepKey,
  nextAction,
  partSpeakingCounts,
  roleOf,
  unansweredRepairs,
  where,
  whoIsSpeakingTarget,
} from '../../client/src/screens/therapist/roomStatus.ts';
import { roomAtCheckin, roomAtStep } from '../support/engineRoom.ts';

describe('what the therapist console says about the room', () => {
  it('C1 mid-round the strip names the step once, each partner’s role and whose move it is', () => {
    const room = roomAtStep('therapy', 'reflect');
    expect(where(room.state)).toBe('Round 1 · Reflecting · “the dishes”');
    expect(roleOf(room.state, 'A')).toBe('speaker');
    expect(roleOf(room.state, 'B')).toBe('listener');
    expect(doing(room.state, 'B')).toBe('their move');
    expect(doing(room.state, 'A')).toBe('waiting');
    expect(nextAction(room.state)).toBe("Next: Partner B's move.");
    room.ok('therapist', { type: 'pause' });
    expect(nextAction(room.state)).toBe('Resume when it is right.');
  });

  it('C5 T18 a repair counts as unanswered until the other partner answers it; a note without one never does', () => {
    const room = roomAtCheckin('therapy');
    room.ok('therapist', { type: 'startClosing' });
    room.ok('A', { type: 'closingReflection', nextTime: 'Ask sooner.', repair: { apology: 'I am sorry.' } });
    room.ok('B', { type: 'closingReflection', nextTime: 'Listen longer.' });
    expect(unansweredRepairs(room.state)).toEqual(['A']);
    room.ok('B', { type: 'answerRepair', accepted: false });
    expect(unansweredRepairs(room.state)).toEqual([]);
  });

  it('C5 I32 a repair offered during the round counts as unanswered until the other partner answers it', () => {
    const room = roomAtStep('therapy', 'speak');
    const [offer] = room.ok('B', { type: 'offerRepair', repair: { myPart: 'I went quiet.' } });
    expect(unansweredRepairs(room.state)).toEqual(['B']);
    room.ok('A', { type: 'answerRepairOffer', offerSeq: offer?.seq ?? 0, accepted: true });
    expect(unansweredRepairs(room.state)).toEqual([]);
  });

  it('C6 D4 the step a draft belongs to changes when the step moves, not when something else happens', () => {
    const room = roomAtStep('therapy', 'speak');
    const atSpeak = draftStepKey(room.state, 'A');
    room.ok('B', { type: 'urgeToSpeak' });
    expect(draftStepKey(room.state, 'A')).toBe(atSpeak);
    room.ok('therapist', { type: 'skipStep' });
    expect(draftStepKey(room.state, 'A')).not.toBe(atSpeak);
  });
});

describe('what the console offers to set aside and counts (issue 9)', () => {
  it('C8 T24 a piece and the reflection after it can both be flagged; set-aside words cannot be again', () => {
    const room = roomAtStep('therapy', 'confirm');
    const round = room.state.stage === 'round' ? room.state.round : null;
    if (round?.floor !== 'held') throw new Error('no held round');
    const [piece, reflection] = round.entries;
    if (!piece || !reflection) throw new Error('no entries');
    expect(canSetAside(round, piece)).toBe(true);
    expect(canSetAside(round, reflection)).toBe(true);
    room.ok('therapist', { type: 'markFromPart', entrySeq: piece.seq });
    const after = room.state.stage === 'round' ? room.state.round : null;
    if (after?.floor !== 'held') throw new Error('no held round');
    const marked = after.entries.find((entry) => entry.seq === piece.seq);
    expect(marked && canSetAside(after, marked)).toBe(false);
  });

  it('C8 T24 the console\'s own "Who is speaking?" takes the speaker\'s newest words, not the reflection after them', () => {
    const room = roomAtStep('therapy', 'confirm');
    const round = room.state.stage === 'round' ? room.state.round : null;
    if (round?.floor !== 'held') throw new Error('no held round');
    const [piece, reflection] = round.entries;
    if (!piece || !reflection) throw new Error('no entries');
    // The reflection is the newest entry, and could be flagged; the button still takes the piece.
    expect(round.entries.at(-1)).toBe(reflection);
    expect(whoIsSpeakingTarget(round)).toBe(piece);
    room.ok('therapist', { type: 'markFromPart', entrySeq: piece.seq });
    const after = room.state.stage === 'round' ? room.state.round : null;
    if (after?.floor !== 'held') throw new Error('no held round');
    // With the speaker's words set aside, the button falls back to the newest words left standing.
    expect(whoIsSpeakingTarget(after)?.seq).toBe(reflection.seq);
  });

  it('C9 W1–W4 part-speaking patterns are counted per partner over the session, never returned as words', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'speak', text: 'You never listen and you are so selfish.' });
    room.ok('B', { type: 'reflect', text: 'I heard a part of you feels unheard.' });
    expect(partSpeakingCounts(room.state)).toEqual({ A: 3, B: 0 });
  });
});
