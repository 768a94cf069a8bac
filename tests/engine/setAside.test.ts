import { describe, expect, it } from 'vitest';
import { buildRecord, entriesToAnswer, type Round, SET_ASIDE_NOTE } from '../../shared/index.ts';
import { type EngineRoom, roomAtStep } from '../support/engineRoom.ts';

function answerTexts(room: EngineRoom): (string | undefined)[] {
  return entriesToAnswer(room.round as Round).map((e) => e.text);
}

function seqOf(room: EngineRoom, text: string): number {
  const entry = room.entries.find((e) => e.text === text);
  if (!entry) throw new Error(`no entry "${text}"`);
  return entry.seq;
}

describe('interventions that act on what they flag', () => {
  it('T24 an earlier piece can be marked after its reflection: set aside, the speaker says it again, no card shows it', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'speak', text: 'You never help with anything.' });
    room.ok('B', { type: 'reflect', text: 'I heard I never help.' });
    room.ok('A', { type: 'confirm' });
    expect(room.step).toBe('more');
    const blaming = seqOf(room, 'You never help with anything.');
    expect(room.ok('therapist', { type: 'markFromPart', entrySeq: blaming })).toMatchObject([
      { type: 'entryMarkedFromPart', entrySeq: blaming, step: 'speak' },
    ]);
    expect(room.entries.find((e) => e.seq === blaming)).toMatchObject({ setAside: 'from_part' });
    expect(room.step).toBe('speak');
    room.ok('A', { type: 'speak', text: 'A part of me feels alone with the chores.' });
    expect(room.step).toBe('reflect');
    // The listener's card: only the piece said again, for the part.
    expect(answerTexts(room)).toEqual(['A part of me feels alone with the chores.']);
    room.ok('B', { type: 'reflect', text: 'A part of you feels alone.' });
    room.ok('A', { type: 'confirm', more: false });
    expect(room.step).toBe('summary');
    expect(answerTexts(room)).toEqual(['A part of me feels alone with the chores.']);
    // Both partners see it set aside.
    for (const seat of ['A', 'B'] as const) {
      const view = room.viewOf(seat);
      const entries = view.stage === 'round' ? view.round.entries : [];
      expect(entries.find((e) => e.seq === blaming)?.setAside).toBe('from_part');
    }
    const line = buildRecord(room.events).find((e) => e.type === 'entryMarkedFromPart');
    expect(line).toMatchObject({ entrySeq: blaming, setAside: 'from_part' });
    expect(SET_ASIDE_NOTE.from_part).toBe('set aside: spoken from a part');
  });

  it('T26 stop contempt on a reflection: set aside, and the hurt partner is no longer checking it — the listener says it again after a U-turn', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('B', { type: 'reflect', text: 'You are so dramatic.' });
    expect(room.step).toBe('confirm');
    const contempt = seqOf(room, 'You are so dramatic.');
    expect(room.stopContempt('B')).toMatchObject([
      { type: 'contemptStopped', seat: 'B', entrySeq: contempt, step: 'reflect' },
      { type: 'contemptStepTaken', seat: 'B', step: 'u_turn' },
      { type: 'uTurnRequested', seat: 'B' },
    ]);
    // Not on "checking the reflection" with the contemptuous words any more.
    expect(room.step).toBe('reflect');
    room.rejects('A', { type: 'confirm' }, 'wrong_step');
    expect(answerTexts(room)).toEqual(['A part of me feels alone when the dishes pile up.']);
    room.rejects('B', { type: 'reflect', text: 'Fine.' }, 'in_u_turn');
    room.ok('B', { type: 'uTurn', part: { name: 'the one who rolls its eyes', kind: 'protector' } });
    const [again] = room.ok('B', { type: 'reflect', text: 'I heard a part of you feels alone.' });
    expect(again).toMatchObject({ rephrases: contempt });
    expect(room.step).toBe('confirm');
    expect(answerTexts(room)).toEqual(['I heard a part of you feels alone.']);
    const line = buildRecord(room.events).find((e) => e.type === 'contemptStopped');
    expect(line).toMatchObject({ entrySeq: contempt, setAside: 'contempt' });
  });

  it('T26 stop contempt on a piece the listener is reflecting sends the speaker back to speak', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'speak', text: 'You are pathetic.' });
    const contempt = seqOf(room, 'You are pathetic.');
    room.stopContempt('A', contempt);
    expect(room.step).toBe('speak');
    expect(answerTexts(room)).toEqual([]);
    expect(room.state.uTurnRequests.A).toBeDefined();
  });

  it("T26 while the partner's own step runs, nothing earlier is set aside by guessing: only the U-turn", () => {
    const atSummary = roomAtStep('therapy', 'summary');
    atSummary.stopContempt('B');
    expect(atSummary.step).toBe('summary');
    expect(atSummary.entries.every((e) => e.setAside === null)).toBe(true);
    const room = roomAtStep('therapy', 'confirm');
    const entriesBefore = room.entries;
    expect(room.stopContempt('A')).toEqual([
      expect.objectContaining({ type: 'contemptStopped', seat: 'A' }),
      expect.objectContaining({ type: 'contemptStepTaken', seat: 'A' }),
      expect.objectContaining({ type: 'uTurnRequested', seat: 'A' }),
    ]);
    expect(room.events.at(-3)).not.toHaveProperty('entrySeq');
    expect(room.entries).toEqual(entriesBefore);
    expect(room.step).toBe('confirm');
  });

  it("T26 an entrySeq that is not that partner's standing words in this round is invalid_target", () => {
    const room = roomAtStep('therapy', 'confirm');
    const piece = room.entries[0]?.seq as number;
    room.rejects('therapist', { type: 'stopContempt', seat: 'B', entrySeq: piece }, 'invalid_target');
    room.rejects('therapist', { type: 'stopContempt', seat: 'A', entrySeq: 999 }, 'invalid_target');
    room.ok('therapist', { type: 'markFromPart', entrySeq: piece });
    room.rejects('therapist', { type: 'stopContempt', seat: 'A', entrySeq: piece }, 'invalid_target');
  });

  it('T27 D2 a rewind shows again the content of the step it returns to, and is in the record', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'speak', text: 'A part of me is tired.' });
    room.ok('B', { type: 'reflect', text: 'You are tired.' });
    room.ok('A', { type: 'correct', text: 'Tired of planning alone.' });
    room.ok('B', { type: 'reflect', text: 'Tired of planning alone.' });
    room.ok('A', { type: 'confirm', more: false });
    expect(room.step).toBe('summary');
    room.ok('therapist', { type: 'rewind', to: 'reflect' });
    expect(answerTexts(room)).toEqual(['A part of me is tired.', 'Tired of planning alone.']);
    expect(buildRecord(room.events).at(-1)).toMatchObject({
      type: 'stepRewound',
      from: 'summary',
      to: 'reflect',
    });
  });
});
