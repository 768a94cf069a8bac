import { z } from 'zod';

/** Where the room as a whole is: the contract comes once, then check-in, rounds, and the close. */
export const STAGES = ['contract', 'checkin', 'round', 'closing', 'ended'] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

/**
 * The steps of one speaker–listener round, in the order a round runs when nothing is corrected
 * (shared/SPEC.md T5). Loops (correct → reflect again, "is there more?" → speak again) move
 * backwards along this list; rewind and skip move along it too.
 */
export const ROUND_STEPS = [
  'request_floor',
  'listener_ready',
  'u_turn',
  'speak',
  'reflect',
  'confirm',
  'more',
  'summary',
  'summary_confirm',
  'validate',
  'empathy',
  'empathy_confirm',
  'landing',
  'next',
] as const;
export const RoundStep = z.enum(ROUND_STEPS);
export type RoundStep = z.infer<typeof RoundStep>;

/** Who acts at each step. `moderator` is the therapist in therapy mode, either partner in practice. */
export const STEP_ACTOR: Record<RoundStep, 'speaker' | 'listener' | 'moderator'> = {
  request_floor: 'speaker',
  listener_ready: 'listener',
  u_turn: 'speaker',
  speak: 'speaker',
  reflect: 'listener',
  confirm: 'speaker',
  more: 'speaker',
  summary: 'listener',
  summary_confirm: 'speaker',
  validate: 'listener',
  empathy: 'listener',
  empathy_confirm: 'speaker',
  landing: 'speaker',
  next: 'moderator',
};

export function stepIndex(step: RoundStep): number {
  return ROUND_STEPS.indexOf(step);
}

/** The step after `step` when nothing is corrected; `next` has none (swap or close instead). */
export function followingStep(step: RoundStep): RoundStep | null {
  return ROUND_STEPS[stepIndex(step) + 1] ?? null;
}

/** For each confirmation step: where "you got it" leads, and where a correction sends the listener back. */
export const CONFIRM_STEPS = {
  confirm: { confirmed: 'more', corrected: 'reflect' },
  summary_confirm: { confirmed: 'validate', corrected: 'summary' },
  empathy_confirm: { confirmed: 'landing', corrected: 'empathy' },
} as const satisfies Partial<Record<RoundStep, { confirmed: RoundStep; corrected: RoundStep }>>;
export type ConfirmStep = keyof typeof CONFIRM_STEPS;

export function isConfirmStep(step: RoundStep): step is ConfirmStep {
  return step in CONFIRM_STEPS;
}

export const ConfirmStepName = z.enum(['confirm', 'summary_confirm', 'empathy_confirm']);
