import { describe, expect, it } from 'vitest';
import {
  BLAME_PATTERNS,
  type BlamePattern,
  checkPartSpeaking,
  PART_SPEAKING_INVITATION,
} from '../../shared/wording/partSpeaking.ts';

/** Pieces as a partner might write them in the heat of a round, and what the check should find. */
const BLAMING: [string, BlamePattern[]][] = [
  ['You always do this.', ['you_always']],
  ['You ALWAYS leave the dishes for me.', ['you_always']],
  ["You're always on your phone when I talk to you.", ['you_always']],
  ['You are always late and I am sick of it.', ['you_always']],
  ["You've always put your mother first.", ['you_always']],
  ['Why do you always have to be right?', ['you_always']],
  ['How come you always get to decide?', ['you_always']],
  ["You're constantly criticising me.", ['you_always']],
  ["You're forever telling me to calm down.", ['you_always']],
  ['You never listen.', ['you_never']],
  ["You've never once asked how my day was.", ['you_never']],
  ['You never know what I need.', ['you_never']],
  ['Why have you never told me?', ['you_never']],
  ['U never call when ur late.', ['you_never']],
  ["You've never been there for me.", ['you_never']],
  ["You're so dramatic about everything.", ['you_are_so']],
  ['You are so selfish.', ['you_are_so', 'name_calling']],
  ["You're just so cold with me.", ['you_are_so']],
  ['You are such a child.', ['you_are_so']],
  ['You idiot.', ['name_calling']],
  ["You're an idiot.", ['name_calling']],
  ["You're such a loser.", ['you_are_so', 'name_calling']],
  ['You sound completely pathetic right now.', ['name_calling']],
  ['Are you stupid?', ['name_calling']],
  ['That was really selfish of you.', ['name_calling']],
  ['I am tired of your pathetic excuses.', ['name_calling']],
  ['You lazy slob.', ['name_calling']],
  ["What's wrong with you?", ['whats_wrong_with_you']],
  ['What the hell is wrong with you?', ['whats_wrong_with_you']],
  ['whats the matter with you', ['whats_wrong_with_you']],
  ["What's your problem?", ['whats_wrong_with_you']],
  ['Boo hoo.', ['mockery']],
  ['Oh, grow up.', ['mockery']],
  ['You need to get over it.', ['mockery']],
  ['Get over yourself.', ['mockery']],
  ['Yeah, right.', ['sarcasm']],
  ['Oh sure you did.', ['sarcasm']],
  ['Thanks for nothing.', ['sarcasm']],
  ['Whatever.', ['sarcasm']],
  ['Big surprise, you forgot again.', ['sarcasm']],
  [
    "You never help. You're always on your phone. What's wrong with you?",
    ['you_always', 'you_never', 'whats_wrong_with_you'],
  ],
  [
    'A part of me is hurt.\nYou never ask, and honestly you are so selfish.',
    ['you_never', 'you_are_so', 'name_calling'],
  ],
  // Speaking *for* a part excuses a generalisation, never contempt.
  ['A part of me thinks you are such an idiot.', ['name_calling']],
  ['A part of me just wants to say: boo hoo.', ['mockery']],
];

/** What partners say in a good round, and things that only look like the patterns. */
const NOT_BLAMING: string[] = [
  // Speaking for a part, about oneself.
  'A part of me feels scared when you come home late.',
  'I never felt so alone as last Tuesday.',
  'I always tense up when money comes up.',
  'A part of me feels stupid for even bringing it up.',
  "I'm such an idiot sometimes, a part of me says.",
  'We never talk about the holidays.',
  'You and I never got to finish that talk.',
  'What it is afraid of is that nobody will notice.',
  "When you're always working, a part of me feels abandoned.",
  'A part of me is sure you never see how hard I try.',
  // The listener's reflections and summaries ("you" is the speaker, as they spoke of themselves).
  'I heard a part of you that never feels heard.',
  'What I heard is that a part of you always feels left out.',
  'A part of you never feels safe when I raise my voice.',
  'Let me see if I got all of it: you always end up planning, and you are so tired of it.',
  'You always… — what I heard is that you feel alone when I work late.',
  'You said you never want to feel that way again.',
  'It sounds like you are always the one who has to remember.',
  'Did I get it? You feel you never get a break.',
  // Quoting the partner.
  'When you said “you never listen”, a part of me shut down.',
  'A part of me heard "you are so selfish" and wanted to run.',
  // Validation and empathy.
  'What makes sense to me is that you never got to rest as a child.',
  "I imagine a part of you feels you're so alone in this.",
  "I know you're so tired.",
  'You are so brave to say this.',
  "You're so important to me.",
  // Appreciation and comfort.
  'You always make me laugh.',
  "You've always been there for me.",
  'I love you always.',
  'Thank you, always, for listening.',
  'You never have to earn my love.',
  'Well, you never know, it might work.',
  // Questions and words that only contain the patterns.
  'Do you always feel this way before a visit?',
  'Have you never felt that?',
  'Younever and youalways are not words.',
  'The yournal of idiotic-sounding words: idiotically, stupidity.',
  'I had to grow up fast.',
  "I can't get over it.",
  'Yeah, right after dinner works for me.',
  'Sure, you did your best.',
  'Whatever you need, I am here.',
  'Thanks a lot for listening.',
  '',
  '   ',
];

describe('W1 the check finds blaming and contemptuous wording, by pattern', () => {
  it.each(BLAMING)('W1 %j → %j', (text, patterns) => {
    expect(checkPartSpeaking(text)).toEqual({ flagged: true, patterns });
  });

  it('W1 every pattern id can be found (none is dead)', () => {
    const found = new Set(BLAMING.flatMap(([text]) => checkPartSpeaking(text).patterns));
    expect([...found].sort()).toEqual([...BLAME_PATTERNS].sort());
  });
});

describe('W2 case, apostrophes and word boundaries', () => {
  it('W2 case does not matter', () => {
    for (const text of ['YOU NEVER LISTEN', 'you never listen', 'You Never Listen']) {
      expect(checkPartSpeaking(text).patterns).toEqual(['you_never']);
    }
  });

  it('W2 typographic apostrophes, primes and a missing apostrophe read as the plain one', () => {
    for (const text of [
      "You're so rude.",
      'You’re so rude.',
      'You‘re so rude.',
      'Youʼre so rude.',
      'You`re so rude.',
      'Youre so rude.',
    ]) {
      expect(checkPartSpeaking(text).patterns, text).toEqual(['you_are_so']);
    }
    expect(checkPartSpeaking('What’s wrong with you').patterns).toEqual(['whats_wrong_with_you']);
  });

  it('W2 a pattern is whole words: not inside another word, and across line breaks and extra spaces', () => {
    expect(checkPartSpeaking('younever').flagged).toBe(false);
    expect(checkPartSpeaking('you neverending story').flagged).toBe(false);
    expect(checkPartSpeaking('the idiotproof plan').flagged).toBe(false);
    expect(checkPartSpeaking('you   never\tlisten').patterns).toEqual(['you_never']);
    // Full-width letters, as some keyboards type them, are the same letters.
    expect(checkPartSpeaking('ｙｏｕ ｎｅｖｅｒ ｌｉｓｔｅｎ').patterns).toEqual(['you_never']);
  });

  it('W2 a sentence end separates words: "I love you. Always." is not "you always"', () => {
    expect(checkPartSpeaking('I love you. Always.').flagged).toBe(false);
    expect(checkPartSpeaking('Did you call? Never mind.').flagged).toBe(false);
  });
});

describe('W3 no invitation for ordinary reflective speech', () => {
  it.each(NOT_BLAMING.map((text) => [text]))('W3 %j', (text) => {
    expect(checkPartSpeaking(text)).toEqual({ flagged: false, patterns: [] });
  });

  it('W3 a reflecting sentence is left alone, but a jab in a sentence of its own is not', () => {
    expect(checkPartSpeaking('What I heard is that you feel left out.').flagged).toBe(false);
    expect(
      checkPartSpeaking('What I heard is that you feel left out. But you always exaggerate.').patterns,
    ).toEqual(['you_always']);
    expect(checkPartSpeaking('You said “you never listen”. You never listen either.').patterns).toEqual([
      'you_never',
    ]);
  });
});

describe('W4 what the check answers, and the invitation', () => {
  it('W4 the answer holds pattern ids only, never the words that matched', () => {
    const text = 'You are so selfish, you idiot. What is wrong with you? Boo hoo.';
    const result = checkPartSpeaking(text);
    expect(result.flagged).toBe(true);
    for (const pattern of result.patterns) expect(BLAME_PATTERNS).toContain(pattern);
    expect(Object.keys(result).sort()).toEqual(['flagged', 'patterns']);
    const answer = JSON.stringify(result);
    for (const word of ['selfish', 'idiot', 'boo', 'hoo']) expect(answer).not.toContain(word);
    // Each pattern once, in the documented order.
    expect(result.patterns).toEqual(['you_are_so', 'name_calling', 'whats_wrong_with_you', 'mockery']);
  });

  it('W4 English only: other languages get no invitation', () => {
    for (const text of ['Du hörst mir nie zu.', 'Tu ne m’écoutes jamais.', 'Siempre llegas tarde.']) {
      expect(checkPartSpeaking(text).flagged).toBe(false);
    }
  });

  it('W4 the invitation invites, it does not accuse', () => {
    expect(PART_SPEAKING_INVITATION).toBe('This may be a part speaking. Would you like to speak for it?');
  });
});
