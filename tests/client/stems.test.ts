import { describe, expect, it } from 'vitest';
import { STEP_COPY, stemStart } from '../../client/src/steps.ts';

/** What each starter puts in the box, and a natural way a person carries on from it. */
const JOINS: Record<string, [insert: string, carriedOn: string]> = {
  'Is now a good time to talk about…': ['Is now a good time to talk about ', 'our weekends?'],
  'A part of me feels… when…': ['A part of me feels ', 'tense when plans change.'],
  "What it's afraid of is…": ["What it's afraid of is ", 'being left out.'],
  'What it hopes for is…': ['What it hopes for is ', 'a quiet Sunday.'],
  'I heard a part of you…': ['I heard a part of you ', 'gets tense when plans change.'],
  'Did I get it?': ['Did I get it? ', ''],
  'What you missed is that…': ['What you missed is that ', 'it is tired, not angry.'],
  'Let me see if I got all of it. I heard…': [
    'Let me see if I got all of it. I heard ',
    'a part of you that gets tense.',
  ],
  'What makes sense to me is that…': ['What makes sense to me is that ', 'you need rest.'],
  'A part of me got stirred up when…': ['A part of me got stirred up when ', 'you said that.'],
  'I imagine a part of you feels…': ['I imagine a part of you feels ', 'lonely.'],
  'It feels more like…': ['It feels more like ', 'I am worn out.'],
  'Being heard felt…': ['Being heard felt ', 'good.'],
  'Would you be willing to…': ['Would you be willing to ', 'plan one free day?'],
  'This part learned…': ['This part learned ', 'that raised voices mean danger.'],
  'This reminds me of…': ['This reminds me of ', 'the kitchen when I was eight.'],
};

describe('sentence starters (issue 9 §7)', () => {
  const stems = Object.values(STEP_COPY).flatMap((copy) => copy.stems);

  it('P3 every starter in the app is one whose join with what follows has been read', () => {
    expect(stems.filter((stem) => !(stem in JOINS))).toEqual([]);
  });

  it('P3 a starter ends where the person’s words begin: no "…" left in the box, one space, then their words', () => {
    for (const stem of stems) {
      const [insert, carriedOn] = JOINS[stem] ?? ['', ''];
      const start = stemStart('', stem);
      expect(start).toBe(insert);
      expect(start).not.toContain('…');
      expect(`${start}${carriedOn}`).not.toMatch(/\s{2}|…/);
    }
  });

  it('P3 a starter goes after what is already written, never over it', () => {
    expect(stemStart('A part of me feels tense.  ', 'What it hopes for is…')).toBe(
      'A part of me feels tense. What it hopes for is ',
    );
    expect(stemStart('   ', 'I heard a part of you…')).toBe('I heard a part of you ');
  });
});

describe('linking today to an earlier hurt (issue 11 §6)', () => {
  it('I38 the speaker is offered "This part learned…" and "This reminds me of…" at speak', () => {
    expect(STEP_COPY.speak.stems).toEqual(
      expect.arrayContaining(['This part learned…', 'This reminds me of…']),
    );
    expect(stemStart('', 'This part learned…')).toBe('This part learned ');
    expect(stemStart('', 'This reminds me of…')).toBe('This reminds me of ');
  });
});
