import { describe, expect, it } from 'vitest';
import { partsForTherapist, partsLedger, partsShownToOther } from '../../shared/practice/partsLedger.ts';
import { roomAtFirstRound, roomAtStep } from '../support/engineRoom.ts';

/** Two sessions of a couple, driven through the real engine. */
function twoSessions() {
  // Session 1: A checks in with "a worried part" shared with the room, then names an exile in the
  // round's U-turn (what it fears: "being left") and speaks for it: B sees its name, kind, where.
  const first = roomAtStep('practice', 'reflect');
  // Session 2: A names the same part again ("The part that gets scared  " folds to one), privately
  // at first; B checks in with a part kept to themselves.
  const second = roomAtFirstRound('practice');
  second.ok('A', { type: 'requestFloor', topic: 'the weekend' });
  second.ok('B', { type: 'listenerReady' });
  second.ok('A', {
    type: 'uTurn',
    part: { name: 'The part that gets scared  ', kind: 'exile', feltWhere: 'throat' },
  });
  // A week later.
  const week = 7 * 24 * 3600 * 1000;
  return [first.events, second.events.map((event) => ({ ...event, at: event.at + week }))];
}

describe("each partner's parts across sessions (L1–L4)", () => {
  it('L1 parts named in U-turns and check-ins accumulate per partner: kind, where felt, first and last seen, how often', () => {
    const ledger = partsLedger(twoSessions());
    const scared = ledger.A.find((p) => p.key === 'the part that gets scared');
    expect(scared).toMatchObject({ kind: 'exile', feltWhere: 'throat', count: 2 });
    expect(scared && scared.lastSeen > scared.firstSeen).toBe(true);
    // Check-ins of both sessions named "a worried part" (roomAtFirstRound): twice.
    expect(ledger.A.find((p) => p.key === 'a worried part')?.count).toBe(2);
    expect(ledger.B).toEqual([]);
    // Newest first.
    expect(ledger.A[0]?.key).toBe('the part that gets scared');
  });

  it('L2 what a part fears is kept across sessions only when the partner keeps it', () => {
    const named = partsLedger(twoSessions());
    const scared = named.A.find((p) => p.key === 'the part that gets scared');
    expect(scared?.fears).toBeNull();
    expect(scared?.fearsNamed).toBe('being left');
    const kept = partsLedger(twoSessions(), {
      A: [{ key: 'the part that gets scared', fears: 'being left alone' }],
    });
    expect(kept.A.find((p) => p.key === 'the part that gets scared')?.fears).toBe('being left alone');
    expect(partsForTherapist(named.A).every((p) => p.fearsNamed === null)).toBe(true);
    expect(partsForTherapist(kept.A).find((p) => p.key === 'the part that gets scared')?.fears).toBe(
      'being left alone',
    );
  });

  it('L3 the other partner sees only what a session showed them, as they saw it, never what it fears', () => {
    const ledger = partsLedger(twoSessions(), {
      A: [{ key: 'the part that gets scared', name: 'Little one', fears: 'being left' }],
    });
    const shown = partsShownToOther(ledger.A);
    expect(shown.map((p) => p.name).sort()).toEqual(['a worried part', 'the part that gets scared']);
    // As seen in session 1's piece, not as renamed or re-described since.
    expect(shown.find((p) => p.name === 'the part that gets scared')).toMatchObject({
      kind: 'exile',
      feltWhere: null,
    });
    expect(JSON.stringify(shown)).not.toContain('being left');
    expect(JSON.stringify(shown)).not.toContain('Little one');
  });

  it('L4 a part the partner forgets is in no view; an edit changes only what it names', () => {
    const ledger = partsLedger(twoSessions(), {
      A: [
        { key: 'a worried part', forgotten: true },
        { key: 'the part that gets scared', kind: 'protector' },
      ],
    });
    expect(ledger.A.map((p) => p.key)).toEqual(['the part that gets scared']);
    expect(ledger.A[0]).toMatchObject({ kind: 'protector', feltWhere: 'throat', count: 2 });
    expect(partsShownToOther(ledger.A).map((p) => p.name)).toEqual(['the part that gets scared']);
  });
});
