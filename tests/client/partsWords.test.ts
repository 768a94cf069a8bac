import { describe, expect, it } from 'vitest';
import {
  countLine,
  dayOf,
  feltLine,
  kindLine,
  kindWords,
  seenLine,
  shownLine,
} from '../../client/src/practice/partsWords.ts';
import { PartKind } from '../../shared/index.ts';

const UTC = { locale: 'en-GB', timeZone: 'UTC' };
const NOV_3 = Date.UTC(2026, 10, 3, 9, 30);
const NOV_17 = Date.UTC(2026, 10, 17, 20, 0);

describe('the words of the parts screens (L1 L3)', () => {
  it('L1 every kind reads in plain words, none of them a judgement', () => {
    expect(PartKind.options.map(kindWords)).toEqual(['a protector', 'a young, hurt part', 'not sure yet']);
    expect(PartKind.options.map(kindLine)).toEqual([
      'Feels like a protector',
      'Feels like a young, hurt part',
      'Not sure yet what kind of part',
    ]);
    for (const kind of PartKind.options) expect(kindLine(kind)).not.toMatch(/bad|wrong|problem/i);
  });

  it('L1 first and last seen read as days; one day reads once', () => {
    expect(dayOf(NOV_3, UTC)).toBe('3 Nov 2026');
    expect(seenLine({ firstSeen: NOV_3, lastSeen: NOV_17 }, UTC)).toBe(
      'First seen 3 Nov 2026, last seen 17 Nov 2026',
    );
    expect(seenLine({ firstSeen: NOV_3, lastSeen: NOV_3 + 3_600_000 }, UTC)).toBe('Seen on 3 Nov 2026');
  });

  it("L1 a day is the reader's own: late evening in UTC is the next day in Auckland", () => {
    expect(dayOf(NOV_17, { locale: 'en-GB', timeZone: 'Pacific/Auckland' })).toBe('18 Nov 2026');
    expect(
      seenLine({ firstSeen: NOV_17, lastSeen: NOV_17 }, { locale: 'en-GB', timeZone: 'Pacific/Auckland' }),
    ).toBe('Seen on 18 Nov 2026');
  });

  it('L1 how often: once, twice, then a number', () => {
    expect([1, 2, 3, 12].map(countLine)).toEqual([
      'Named once',
      'Named twice',
      'Named 3 times',
      'Named 12 times',
    ]);
  });

  it('L3 where it is felt only when someone said; a shown part carries the day it was shown', () => {
    expect(feltLine(null)).toBeNull();
    expect(feltLine('in my chest')).toBe('Felt: in my chest');
    expect(shownLine({ name: 'The Critic', kind: null, feltWhere: null, at: NOV_3 }, UTC)).toBe(
      'Shown on 3 Nov 2026',
    );
  });
});
