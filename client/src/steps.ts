import type { RoundStep } from '../../shared/index.ts';

/**
 * What each step asks of each role, in calm plain words, with the stems IFIO teaches. A stem ends
 * where the person's own words begin: its text up to the first "…" goes into the box, so each one
 * must read on into whatever a person would naturally write next (see `stemStart`).
 */
export interface StepCopy {
  title: string;
  /** Shown once, the first time the step appears, for couples practising alone. */
  explain: string;
  speaker: string;
  listener: string;
  stems: string[];
}

export const STEP_COPY: Record<RoundStep, StepCopy> = {
  request_floor: {
    title: 'Asking for the floor',
    explain: 'One of you speaks, one listens. The speaker asks if now is a good time, on one topic.',
    speaker: 'Ask for the floor: name one topic you would like to speak about.',
    listener: 'Your partner may ask for the floor. You can agree, or suggest a better time.',
    stems: ['Is now a good time to talk about…'],
  },
  listener_ready: {
    title: 'Getting ready to listen',
    explain: 'The listener checks inside: can I listen with an open heart right now?',
    speaker: 'Your partner is checking whether they can listen openly now.',
    listener: 'Can you listen openly now? Say you are ready, or suggest a later time.',
    stems: [],
  },
  u_turn: {
    title: 'U-turn',
    explain: 'Before speaking, turn your attention inward and notice which part of you is stirred up.',
    speaker: 'Turn inward. Which part of you is stirred up right now? Give it a name.',
    listener: 'Your partner is taking a moment to notice what is happening inside.',
    stems: [],
  },
  speak: {
    title: 'Speaking for a part',
    explain: 'Speak for the part, not from it, in short pieces — a sentence or two at a time.',
    speaker: 'Speak for your part, a sentence or two at a time.',
    listener: 'Listen. You will reflect back what you hear.',
    // I38 (Part E): the last two link today's hurt to an earlier one.
    stems: [
      'A part of me feels… when…',
      "What it's afraid of is…",
      'What it hopes for is…',
      'This part learned…',
      'This reminds me of…',
    ],
  },
  reflect: {
    title: 'Reflecting',
    explain: 'The listener mirrors the essence of what they heard — no rebuttal, no advice.',
    speaker: 'Your partner is reflecting what they heard.',
    listener: 'Reflect the essence of what you heard. No rebuttal, no advice.',
    stems: ['I heard a part of you…', 'Did I get it?'],
  },
  confirm: {
    title: 'Checking the reflection',
    explain: 'The speaker says whether the reflection landed, or what was missed.',
    speaker: 'Did your partner get it? Confirm, or say what they missed.',
    listener: 'Your partner is checking whether you got it.',
    stems: ['What you missed is that…'],
  },
  more: {
    title: 'Is there more?',
    explain: 'The listener asks “is there more?”, and the speaker answers.',
    speaker: 'Your partner asks: is there more?',
    listener: 'You asked: is there more? Your partner is answering.',
    stems: [],
  },
  summary: {
    title: 'Summary',
    explain: 'The listener sums up everything they heard in this round.',
    speaker: 'Your partner is summing up what they heard.',
    listener: 'Sum up the whole of what you heard.',
    stems: ['Let me see if I got all of it. I heard…'],
  },
  summary_confirm: {
    title: 'Checking the summary',
    explain: 'The speaker confirms the summary or says what was missed.',
    speaker: 'Did the summary get it all? Confirm, or say what is missing.',
    listener: 'Your partner is checking your summary.',
    stems: ['What you missed is that…'],
  },
  validate: {
    title: 'What makes sense',
    explain: 'The listener says what makes sense to them — not agreement, understanding.',
    speaker: 'Your partner is saying what makes sense to them.',
    listener: 'Say what makes sense to you. You may also speak for a part of you that was stirred.',
    stems: ['What makes sense to me is that…', 'A part of me got stirred up when…'],
  },
  empathy: {
    title: 'Empathy',
    explain: 'The listener imagines how it feels for the speaker.',
    speaker: 'Your partner is imagining how this feels for you.',
    listener: 'Imagine how this feels for your partner.',
    stems: ['I imagine a part of you feels…'],
  },
  empathy_confirm: {
    title: 'Checking the empathy',
    explain: 'The speaker says whether the empathy fits.',
    speaker: 'Does that fit? Confirm, or say what would fit better.',
    listener: 'Your partner is checking whether your empathy fits.',
    stems: ['It feels more like…'],
  },
  landing: {
    title: 'How it landed',
    explain:
      'The speaker says how it was to be heard, and may add a request that invites rather than demands.',
    speaker: 'How did that land? You may add a request — an invitation, not a demand.',
    listener: 'Your partner is saying how it landed.',
    stems: ['Being heard felt…', 'Would you be willing to…'],
  },
  next: {
    title: 'Swap or close',
    explain: 'Swap roles so the listener becomes the speaker — or move on to closing.',
    speaker: 'Next: swap roles, or move on to closing.',
    listener: 'Next: swap roles, or move on to closing.',
    stems: [],
  },
};

const SHARED_RULES = [
  'We speak for our parts, not from them.',
  'We do not interrupt the speaker.',
  'No problem-solving during a round.',
  'Either of us can call a safety pause at any time.',
];

export function groundRules(mode: 'therapy' | 'practice'): string[] {
  return mode === 'therapy'
    ? ['The therapist may pause either of us (we both agree to this).', ...SHARED_RULES]
    : ['Either of us may pause or call a time-out (we both agree to this).', ...SHARED_RULES];
}

/** The speaker's two answers at each checking step. */
export const CONFIRM_WORDS = {
  confirm: { yes: 'Yes, you got it', correct: 'Say what was missed', label: 'Or say what was missed' },
  summary_confirm: {
    yes: 'Yes, you got all of it',
    correct: 'Say what was missed',
    label: 'Or say what was missed',
  },
  empathy_confirm: {
    yes: 'Yes, that fits',
    correct: 'Say what would fit better',
    label: 'Or say what would fit better',
  },
} as const;

/**
 * What a tapped stem puts in the box: its words up to the first "…" and a space, so the person's
 * words follow on ("A part of me feels… when…" gives "A part of me feels "), after anything already
 * written, never over it.
 */
export function stemStart(current: string, stem: string): string {
  const cut = stem.indexOf('…');
  const start = `${(cut === -1 ? stem : stem.slice(0, cut)).trimEnd()} `;
  if (!current.trim()) return start;
  return `${current.trimEnd()} ${start}`;
}
