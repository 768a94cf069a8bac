import { describe, expect, it } from 'vitest';
import { onePerKey } from '../../server/practice/onePerKey.ts';
import { factsOf } from '../../server/practice/roomFacts.ts';
import { practiceItem } from '../../server/practice/views.ts';
import type { RoomOwnerRecord, ShareRecord } from '../../server/store/practiceTypes.ts';
import { EngineRoom, roomAtStep } from '../support/engineRoom.ts';

const owner: RoomOwnerRecord = {
  roomId: 'room-1',
  coupleId: 'couple-1',
  kind: 'practice',
  assignmentId: null,
  createdAt: 1_700_000_000_000,
};

/** A practice the engine ran: both agreed, a safety pause, the end — 1 s per command. */
function endedPractice() {
  const room = new EngineRoom('practice');
  room.now += 120_000;
  room.ok('A', { type: 'agreeContract', safeWord: 'mango' });
  room.ok('B', { type: 'agreeContract' });
  room.ok('B', { type: 'safetyPause' });
  room.now += 5 * 60_000;
  room.ok('B', { type: 'requestEnd' });
  room.ok('B', { type: 'confirmEnd' });
  return room;
}

describe('what a practice tells whom (K5)', () => {
  it('K5 a practice happened from the first thing a partner did until the end; its safety pauses are counted', () => {
    const room = endedPractice();
    const facts = factsOf(room.events);
    const firstByPartner = room.events.find((e) => e.actor === 'A')?.at;
    expect(facts?.happened).toEqual({ startedAt: firstByPartner, lengthMinutes: 5, roundsCompleted: 0 });
    expect(facts?.safetyPauses).toBe(1);
    expect(facts?.stage).toBe('ended');
    expect(factsOf(new EngineRoom('practice').events)?.happened).toBeNull();
    expect(factsOf([])).toBeNull();
  });

  it('K5 the therapist sees the summary only while both partners share it; a partner always sees their own', () => {
    const facts = factsOf(endedPractice().events);
    if (!facts) throw new Error('no facts');
    const withSummary = facts;
    const yes: ShareRecord = { shared: true, decidedAt: 1 };
    const no: ShareRecord = { shared: false, decidedAt: 2 };
    const cases: [Partial<Record<'A' | 'B', ShareRecord>>, boolean][] = [
      [{}, false],
      [{ A: yes }, false],
      [{ A: yes, B: no }, false],
      [{ A: no, B: yes }, false],
      [{ A: yes, B: yes }, true],
    ];
    for (const [shares, shared] of cases) {
      const parts = { owner, facts: withSummary, shares, note: null };
      const therapist = practiceItem('therapist', parts);
      expect(therapist.shared).toBe(shared);
      expect(therapist.summary).toEqual(shared ? facts.summaries.therapist : null);
      // Whether it happened, and its safety pauses, are the therapist's in every case.
      expect(therapist.happened).toEqual(facts.happened);
      expect(therapist.safetyPauses).toBe(1);
      for (const partner of ['A', 'B'] as const)
        expect(practiceItem(partner, parts).summary).toEqual(facts.summaries[partner]);
    }
  });

  it("K5 A11 each reader's summary is built from what the room showed them: a U-turn's part is in its partner's alone, not the other partner's nor (a practice) the therapist's", () => {
    // A named "the part that gets scared" at the U-turn and has not spoken for it yet.
    const facts = factsOf(roomAtStep('practice', 'speak').events);
    if (!facts) throw new Error('no facts');
    const part = 'the part that gets scared';
    expect(facts.summaries.A.partsNamed.A).toContain(part);
    // No therapist was in a practice room: a shared practice shows what the partners saw together.
    expect(JSON.stringify(facts.summaries.therapist)).not.toContain(part);
    expect(JSON.stringify(facts.summaries.B)).not.toContain(part);
    // B's own check-in (kept to themselves) and A's shared one: B's line has its own, not more.
    expect(facts.summaries.B.partsNamed.A ?? []).toEqual(['a worried part']);
  });

  it('K7 starts for one couple run one after the other; another couple is not held up', async () => {
    const run = onePerKey();
    const order: string[] = [];
    let release = () => {};
    const first = run('couple-1', async () => {
      order.push('first:start');
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      order.push('first:end');
    });
    const second = run('couple-1', async () => {
      order.push('second');
    });
    await run('couple-2', async () => {
      order.push('other couple');
    });
    expect(order).toEqual(['first:start', 'other couple']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first:start', 'other couple', 'first:end', 'second']);
    // A failed task does not stop the next.
    await expect(run('couple-1', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await run('couple-1', async () => 'after')).toBe('after');
  });
});
