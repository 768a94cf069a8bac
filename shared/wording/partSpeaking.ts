/**
 * "This may be a part speaking" (W1–W4 in shared/SPEC.md): a gentle check of what someone is about to
 * send, for wording that blames or shows contempt — "you always", "you never", "you're so…",
 * name-calling, "what's wrong with you", mockery, stock sarcasm. It never blocks anything: a hit is
 * an invitation to speak *for* the part instead of *from* it. It answers with pattern ids only, never
 * with the words that matched, so a count can go to the therapist without any content.
 *
 * English only: other languages are not checked (no hits), and the lists below are English words.
 * Words are matched, not parsed: a negation is not understood ("I'm not saying you're stupid" is
 * counted), and praise outside the short lists below may get the invitation — which is why it is
 * only ever an invitation.
 * Pure and deterministic: no clock, no I/O, the same answer for the same text.
 */

/** The invitation shown beside the send button when the check finds something. */
export const PART_SPEAKING_INVITATION = 'This may be a part speaking. Would you like to speak for it?';

/** What the check can find, in the order results list them. */
export const BLAME_PATTERNS = [
  'you_always',
  'you_never',
  'you_are_so',
  'name_calling',
  'whats_wrong_with_you',
  'mockery',
  'sarcasm',
] as const;
export type BlamePattern = (typeof BLAME_PATTERNS)[number];

export interface PartSpeakingCheck {
  /** True when at least one pattern was found: show the invitation. */
  flagged: boolean;
  /** Each pattern found, once, in `BLAME_PATTERNS` order. Never the text. */
  patterns: BlamePattern[];
}

export function checkPartSpeaking(text: string): PartSpeakingCheck {
  const found = new Set<BlamePattern>();
  for (const sentence of ownSentences(text)) {
    if (reflectsThePartner(sentence)) continue;
    const forAPart = speaksForAPart(sentence);
    for (const pattern of patternsIn(sentence)) {
      if (!(forAPart && GENERALISATIONS.has(pattern))) found.add(pattern);
    }
  }
  const patterns = BLAME_PATTERNS.filter((pattern) => found.has(pattern));
  return { flagged: patterns.length > 0, patterns };
}

// ——— Reading the text ———

/** Apostrophes and primes people (and phone keyboards) type for `'`. */
const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u02B9\u0060\u00B4\u2032]/g;
/**
 * Quoted words are someone else's — "you said “you never listen”" gives the partner's words back —
 * so they are not checked. Double quotation marks only: a single `'` is also the apostrophe.
 */
const QUOTED = /\u201C[^\u201D]*\u201D|"[^"]*"|\u00AB[^\u00BB]*\u00BB|\u201E[^\u201C\u201D]*[\u201C\u201D]/g;
/** Stands in for a quotation, so the words on either side do not become neighbours. */
const QUOTE_MARK = 'xquotationx';
/** Contractions written out, so "you're" and "you are" are one pattern (with and without the apostrophe). */
const CONTRACTIONS: Record<string, string[]> = {
  "you're": ['you', 'are'],
  youre: ['you', 'are'],
  ur: ['you', 'are'],
  "you've": ['you', 'have'],
  "you'd": ['you', 'would'],
  "you'll": ['you', 'will'],
  "what's": ['what', 'is'],
  whats: ['what', 'is'],
  "that's": ['that', 'is'],
  "i'm": ['i', 'am'],
  "don't": ['do', 'not'],
  "didn't": ['did', 'not'],
  u: ['you'],
  r: ['are'],
};

/**
 * The text as sentences of lower-case words (commas kept as a token: they separate words that would
 * otherwise read as one phrase — "thank you, always"). Sentences end at `. ! ? ;` and line breaks; an
 * ellipsis is a pause, not an end. Words are runs of letters, digits and apostrophes, so "younever"
 * is one word and never "you never".
 */
function ownSentences(text: string): string[][] {
  const plain = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(APOSTROPHES, "'")
    .replace(QUOTED, ` ${QUOTE_MARK} `)
    .replace(/\.{3,}|\u2026/g, ' ');
  return plain
    .split(/[.!?;\n\r\u2028\u2029]+/)
    .map((sentence) =>
      (sentence.match(/[\p{L}\p{N}']+|,/gu) ?? [])
        .map((word) => word.replace(/^'+|'+$/g, ''))
        .filter((word) => word.length > 0)
        .flatMap((word) => CONTRACTIONS[word] ?? [word]),
    )
    .filter((words) => words.length > 0);
}

/**
 * A sentence that gives the partner's words or feelings back — the reflection, the summary, the
 * validation and empathy steps ("What I heard is…", "I heard a part of you…", "I imagine a part of
 * you feels…") — uses "you" for the partner *as they spoke of themselves*: "a part of you never feels
 * heard" is a faithful reflection, not blame. Such a sentence is not checked at all. The price: a
 * jab written into the same sentence as a reflection is missed; one in a sentence of its own is not.
 */
const REFLECTING = [
  'you said',
  'you say',
  'you are saying',
  'you told me',
  'you tell me',
  'you have said',
  'you feel',
  'you felt',
  'you are feeling',
  'you want me to know',
  'i heard',
  'i hear',
  'did i get',
  'if i got',
  'let me see if i',
  'a part of you',
  'part of you',
  'parts of you',
  'sounds like',
  'i imagine',
  'i can imagine',
  'makes sense',
  'made sense',
].map((phrase) => phrase.split(' '));

function reflectsThePartner(words: string[]): boolean {
  return REFLECTING.some((phrase) => indexOfPhrase(words, phrase) >= 0);
}

/**
 * "When you're always working, a part of me feels abandoned" already speaks *for* a part: its "you
 * always" is the part's experience, and inviting the speaker to do what they are doing would be
 * noise. Contempt (name-calling, mockery, sarcasm) still counts there: "a part of me thinks you're an
 * idiot" speaks *from* the part.
 */
const GENERALISATIONS = new Set<BlamePattern>(['you_always', 'you_never', 'you_are_so']);

function speaksForAPart(words: string[]): boolean {
  return indexOfPhrase(words, ['part', 'of', 'me']) >= 0 || indexOfPhrase(words, ['parts', 'of', 'me']) >= 0;
}

function indexOfPhrase(words: string[], phrase: string[], from = 0): number {
  for (let i = from; i + phrase.length <= words.length; i++) {
    if (phrase.every((word, j) => words[i + j] === word)) return i;
  }
  return -1;
}

// ——— The patterns ———

const YOU = 'you';
/** "you are / were / have / … always": the auxiliaries that may sit between "you" and the adverb. */
const AUXILIARIES = new Set(['are', 'were', 'have', 'had', 'will', 'do', 'did', 'just', 'really']);
/** Words after which "you" is an object, not the one acting: "a part of you never…", "I love you always". */
const YOU_AS_OBJECT = new Set([
  'of',
  'to',
  'for',
  'with',
  'at',
  'about',
  'from',
  'by',
  'on',
  'like',
  'than',
  'love',
  'miss',
  'thank',
  'thanks',
  'need',
  'trust',
  'see',
]);
/** "do you always…?" is a question; "why do you always…?" is not. */
const QUESTION_AUXILIARIES = new Set([
  'do',
  'did',
  'have',
  'had',
  'are',
  'were',
  'will',
  'would',
  'can',
  'could',
]);
/** Praise that "you always" also starts: "you always make me laugh", "you've always been there for me". */
const KIND_AFTER_ALWAYS = [
  'know how to make me',
  'make me laugh',
  'make me smile',
  'make me feel safe',
  'make me feel loved',
  'been there',
  'there for me',
  'been so kind',
  'been kind',
  'been good to me',
].map((phrase) => phrase.split(' '));
/** Comfort that "you never" also starts: "you never have to earn it", and the idiom "you never know". */
const KIND_AFTER_NEVER = ['have to', 'need to'].map((phrase) => phrase.split(' '));

/**
 * "you're so…" followed by a feeling is empathy ("I know you're so tired"), followed by praise it is
 * appreciation: neither is flagged. Anything else after "you're so" is ("you're so dramatic").
 */
const FEELING_OR_PRAISE = new Set([
  'tired',
  'exhausted',
  'hurt',
  'scared',
  'afraid',
  'frightened',
  'sad',
  'lonely',
  'alone',
  'worried',
  'anxious',
  'stressed',
  'overwhelmed',
  'sorry',
  'busy',
  'kind',
  'good',
  'sweet',
  'loving',
  'patient',
  'important',
  'brave',
  'beautiful',
  'strong',
  'caring',
  'thoughtful',
  'generous',
  'funny',
  'smart',
  'precious',
  'dear',
  'wonderful',
  'gentle',
  'supportive',
  'right',
  'much',
  'loved',
  'special',
  'lovely',
  'amazing',
  'helpful',
  'honest',
  'wise',
  'talented',
  'clever',
  'calm',
]);
/** Words that call a person something. Only counted when aimed at "you" (see `nameCallingAt`). */
const INSULTS = new Set([
  'idiot',
  'idiotic',
  'stupid',
  'moron',
  'moronic',
  'dumb',
  'pathetic',
  'selfish',
  'lazy',
  'useless',
  'worthless',
  'crazy',
  'insane',
  'psycho',
  'hysterical',
  'ridiculous',
  'childish',
  'immature',
  'loser',
  'jerk',
  'bitch',
  'bastard',
  'asshole',
  'arsehole',
  'dick',
  'prick',
  'fool',
  'foolish',
  'ignorant',
  'incompetent',
  'disgusting',
  'liar',
  'narcissist',
  'narcissistic',
  'crybaby',
  'pig',
  'slob',
  'coward',
  'spineless',
  'hopeless',
  'clueless',
  'heartless',
  'manipulative',
  'ungrateful',
  'spoiled',
  'whiny',
  'needy',
  'nag',
  'drama',
]);
/** What may sit between "you are" and the insult: "you are such a …", "you're being completely …". */
const INTENSIFIERS = new Set([
  'a',
  'an',
  'such',
  'so',
  'really',
  'just',
  'totally',
  'completely',
  'utterly',
  'absolutely',
  'total',
  'complete',
  'real',
  'the',
  'most',
  'being',
  'acting',
  'sounding',
  'always',
  'little',
  'big',
  'fucking',
  'damn',
  'bloody',
]);
/** "you sound / look / act / seem stupid" say it as plainly as "you are". */
const COPULAS = new Set(['are', 'were', 'sound', 'look', 'act', 'seem']);

function patternsIn(words: string[]): BlamePattern[] {
  const found: BlamePattern[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === YOU && youActs(words, i)) {
      const adverb = adverbAfter(words, i);
      if (adverb && !kindContinuation(words, adverb.word, adverb.at + 1)) {
        if (adverb.word === 'never') found.push('you_never');
        else found.push('you_always');
      }
      if (youAreSo(words, i)) found.push('you_are_so');
    }
    if (nameCallingAt(words, i)) found.push('name_calling');
  }
  if (whatsWrongWithYou(words)) found.push('whats_wrong_with_you');
  if (mockery(words)) found.push('mockery');
  if (sarcasm(words)) found.push('sarcasm');
  return found;
}

/** "you" as the one who does something, not an object or a plain yes/no question. */
function youActs(words: string[], i: number): boolean {
  const before = words[i - 1];
  if (before === undefined) return true;
  if (YOU_AS_OBJECT.has(before)) return false;
  if (QUESTION_AUXILIARIES.has(before)) return words.slice(0, i).some((w) => w === 'why');
  return true;
}

/** "always" / "never" / "constantly" / "forever" right after "you", or after one auxiliary. */
function adverbAfter(words: string[], i: number): { word: string; at: number } | null {
  for (const at of [i + 1, i + 2]) {
    const word = words[at];
    if (word === 'always' || word === 'never' || word === 'constantly' || word === 'forever') {
      return { word, at };
    }
    if (at === i + 1 && !(word && AUXILIARIES.has(word))) return null;
  }
  return null;
}

function kindContinuation(words: string[], adverb: string, from: number): boolean {
  const startsWith = (phrase: string[]) => indexOfPhrase(words, phrase, from) === from;
  if (adverb !== 'never') return KIND_AFTER_ALWAYS.some(startsWith);
  // "you never know" on its own is the idiom; "you never know what I need" is not.
  if (words[from] === 'know' && (words[from + 1] === undefined || words[from + 1] === ',')) return true;
  return KIND_AFTER_NEVER.some(startsWith);
}

/** "you are (always|just|really|being) so X" or "such a X", unless X is a feeling or praise. */
function youAreSo(words: string[], i: number): boolean {
  if (words[i + 1] !== 'are' && words[i + 1] !== 'were') return false;
  let at = i + 2;
  while (['always', 'just', 'really', 'being', 'acting'].includes(words[at] ?? '')) at++;
  if (words[at] === 'so') return !FEELING_OR_PRAISE.has(words[at + 1] ?? '');
  if (words[at] === 'such' && (words[at + 1] === 'a' || words[at + 1] === 'an')) {
    return !FEELING_OR_PRAISE.has(words[at + 2] ?? '');
  }
  return false;
}

/**
 * An insult aimed at the partner: "you idiot", "you're (such) an idiot", "you sound stupid", "are you
 * stupid", "that was selfish of you", "your pathetic excuses". "I feel stupid", "I'm such an idiot"
 * are about oneself and are not counted.
 */
function nameCallingAt(words: string[], i: number): boolean {
  const word = words[i];
  if (word === YOU || word === 'your') {
    // "you idiot", "your stupid job", "you are such an idiot", "you sound so stupid"
    let at = i + 1;
    if (word === YOU && COPULAS.has(words[at] ?? '')) at++;
    for (let steps = 0; steps < 4 && INTENSIFIERS.has(words[at] ?? ''); steps++) at++;
    return INSULTS.has(words[at] ?? '');
  }
  if ((word === 'are' || word === 'were') && words[i + 1] === YOU) {
    // "are you stupid?"
    let at = i + 2;
    for (let steps = 0; steps < 3 && INTENSIFIERS.has(words[at] ?? ''); steps++) at++;
    return INSULTS.has(words[at] ?? '');
  }
  // "that was selfish of you"
  return INSULTS.has(word ?? '') && words[i + 1] === 'of' && words[i + 2] === YOU;
}

function whatsWrongWithYou(words: string[]): boolean {
  const plain = words.filter((w) => w !== ',' && w !== 'hell' && w !== 'fuck' && w !== 'the' && w !== 'heck');
  return (
    indexOfPhrase(plain, ['what', 'is', 'wrong', 'with', 'you']) >= 0 ||
    indexOfPhrase(plain, ['what', 'is', 'matter', 'with', 'you']) >= 0 ||
    indexOfPhrase(plain, ['what', 'is', 'your', 'problem']) >= 0
  );
}

/** The sentence without a leading "oh", "well", "just", "so" (and their commas); `commas: false` drops all commas. */
function opening(words: string[], commas = false): string[] {
  const kept = commas ? words : words.filter((w) => w !== ',');
  let start = 0;
  while (['oh', 'well', 'just', 'so', ','].includes(kept[start] ?? '')) start++;
  return kept.slice(start);
}

/**
 * Mockery, as stock phrases: "boo hoo", "cry me a river", "get over yourself", and "grow up" / "get
 * over it" said *to* someone (at the start of a sentence, or after "you need to / should") — not "I had
 * to grow up fast" or "I can't get over it".
 */
function mockery(words: string[]): boolean {
  const plain = words.filter((w) => w !== ',');
  if (indexOfPhrase(plain, ['boo', 'hoo']) >= 0) return true;
  if (indexOfPhrase(plain, ['cry', 'me', 'a', 'river']) >= 0) return true;
  if (indexOfPhrase(plain, ['get', 'over', 'yourself']) >= 0) return true;
  const told = (phrase: string[]) => {
    if (indexOfPhrase(opening(words), phrase) === 0) return true;
    for (const lead of [
      ['you', 'need', 'to'],
      ['you', 'have', 'to'],
      ['you', 'should'],
      ['you', 'must'],
    ]) {
      if (indexOfPhrase(plain, [...lead, ...phrase]) >= 0) return true;
    }
    return false;
  };
  return told(['grow', 'up']) || told(['get', 'over', 'it']);
}

/**
 * Sarcasm, only where the words alone are reliable: "yeah, right" and "sure you did" opening a
 * sentence, "thanks for nothing", "big surprise" opening a sentence, and "whatever" as a whole
 * sentence. Irony in ordinary words ("great, just great") cannot be told from sincerity in text and
 * is not tried.
 */
function sarcasm(words: string[]): boolean {
  const start = opening(words);
  const plain = words.filter((w) => w !== ',');
  // "yeah, right" on its own or before a comma — not "yeah, right after dinner".
  const withCommas = opening(words, true).filter((w, i, all) => !(w === ',' && all[i - 1] === 'yeah'));
  if (withCommas[0] === 'yeah' && withCommas[1] === 'right' && [undefined, ','].includes(withCommas[2])) {
    return true;
  }
  if (
    start[0] === 'sure' &&
    start[1] === YOU &&
    ['do', 'did', 'will', 'are', 'were', 'would', 'can', 'have'].includes(start[2] ?? '') &&
    start.length === 3
  )
    return true;
  if (indexOfPhrase(plain, ['thanks', 'for', 'nothing']) >= 0) return true;
  if (start[0] === 'big' && start[1] === 'surprise') return true;
  return plain.length === 1 && plain[0] === 'whatever';
}
