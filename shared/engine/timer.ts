import type { Timer } from '../protocol/state.ts';

/**
 * Milliseconds left on the room's timer at `now` (server clock), never below 0 (T28). While the room
 * is paused the timer is frozen at what was left when the pause began.
 */
export function timerRemaining(timer: Timer, now: number): number {
  const elapsed = (timer.pausedAt ?? now) - timer.startedAt;
  return Math.max(0, timer.durationMs - elapsed);
}

/** The timer frozen at `at` (a pause began); a frozen one stays frozen from its first moment. */
export function freezeTimer(timer: Timer | null, at: number): Timer | null {
  if (timer === null || timer.pausedAt !== undefined) return timer;
  return { ...timer, pausedAt: at };
}

/** The timer running again at `at` (the pause ended), with the time it had left. */
export function thawTimer(timer: Timer | null, at: number): Timer | null {
  if (timer === null || timer.pausedAt === undefined) return timer;
  const { pausedAt, ...running } = timer;
  return { ...running, startedAt: timer.startedAt + (at - pausedAt) };
}
