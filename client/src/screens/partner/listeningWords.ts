import type { SelfCheckMoment, SelfQuality } from '../../../../shared/index.ts';

/**
 * The words of listening inside (I1–I7), in one place: one line each, plain and calm, for a partner in
 * a hard moment (`tests/client/listeningWords.test.ts` keeps them short).
 */
export const LISTENING_WORDS = {
  partButton: "A part of me doesn't want to listen",
  partIntro: 'Notice it and name it. What does it fear?',
  partSpokenTap: "I've noticed it",
  partNoted: 'Noted. When you are ready, say so — or "not now".',
  helpButton: 'I need help to listen',
  helpTherapy: 'Your therapist knows. They will help you in a moment.',
  helpPractice: 'Breathe out slowly. You only need to listen, not agree.',
  timeOut: 'Take a time-out',
  /** I3, I10: in practice the room offers the guided breathing pause (part B) before the time-out. */
  breathe: 'Breathe together for a minute',
} as const;

export const SELF_CHECK_QUESTION: Record<SelfCheckMoment, string> = {
  u_turn: 'How do you feel toward this part?',
  start: 'Before you check in: how do you feel inside right now?',
  end: 'Before you close: how do you feel inside now?',
};

export const SELF_QUALITY_LABELS: Record<SelfQuality, string> = {
  calm: 'Calm',
  curious: 'Curious',
  compassionate: 'Compassionate',
  connected: 'Connected',
};

export const NOT_YET_WORDS = {
  button: "I'm not there yet",
  offerTherapy: "That's all right. Turn inside again, or wait for your therapist.",
  offerPractice: "That's all right. Turn inside again, or take a time-out.",
  again: 'Turn inside again',
  wait: 'Wait for your therapist',
  waiting: 'Your therapist has seen it. Take your time.',
} as const;
