import { isPartner, type Seat } from '../../protocol/seats.ts';
import { accept, type Decision, reject } from '../decision.ts';
import type { Pause, RoomState } from '../state.ts';
import type { Handlers, SystemHandlers } from './handler.ts';

/** Slowing down (issue 11 §5): a guided breathing pause anyone may call, and a flooding break (I10–I19). */
export const breathingHandlers: Handlers<'breathe' | 'takeBreak'> = {
  breathe(state, _command, seat, now) {
    // I10: it pauses a room that is going on; a pause already holding is not cut short by it.
    // (A partner meets the pause guard first, with the same answer.)
    if (state.pause) return reject('paused');
    return [{ type: 'breathingStarted', seat, until: now + state.breathingSeconds * 1000 }];
  },

  takeBreak(state, { minutes }, seat, now) {
    // I15: a break replaces a lighter pause (a moderator's, a dropped connection, a breathing
    // minute); a safety pause, a time-out or another break already stops the room for longer.
    const kind = state.pause?.kind;
    if (kind === 'safety' || kind === 'time_out' || kind === 'break')
      return reject('already_done', 'The room is already stopped.');
    return [{ type: 'breakTaken', seat, minutes, until: now + minutes * 60_000 }];
  },
};

/** I12: the server's clock ends the breathing pause that began at `startedAt`, once its time is up. */
export const breathingSystemHandlers: Pick<SystemHandlers, 'endBreathing'> = {
  endBreathing(state, { startedAt }, now) {
    if (state === null) return reject('room_not_found');
    const pause = state.pause;
    // Another pause took its place, someone ended it early, or its time is not up yet: nothing to do.
    const due =
      state.stage !== 'ended' && pause?.kind === 'breathing' && pause.at === startedAt && now >= pause.until;
    return accept(state, 'system', now, due ? [{ type: 'breathingEnded' }] : []);
  },
};

/**
 * I16: who may end a break with `resume` — the one who called it, or either partner once its time is
 * up; the moderator always may (`resume` in `moderation.ts`). Null when `seat` may, else why not.
 */
export function breakResumeRefusal(pause: Extract<Pause, { kind: 'break' }>, seat: Seat, now: number) {
  if (seat === pause.seat || now >= pause.until) return null;
  return reject(
    'not_allowed',
    pause.seat === 'therapist'
      ? 'Your therapist asked for this break; come back when its time is up.'
      : 'Your partner asked for this break; either of you can end it once its time is up.',
  );
}

/** I16: whether a partner in a therapy room may resume: only a break, as `breakResumeRefusal` says. */
export function therapyPartnerResume(state: RoomState, seat: Seat, now: number): Decision | null {
  if (state.mode !== 'therapy' || !isPartner(seat)) return null;
  const pause = state.pause;
  if (pause?.kind !== 'break') return reject('not_allowed', 'The therapist will resume the room.');
  // A break taken over the therapist's pause, a dropped connection or a breathing minute ends with
  // that hold: the therapist resumes it, as they would have resumed what it replaced (T21, I14).
  if (pause.over) return reject('not_allowed', 'The room was already paused; the therapist will resume it.');
  return breakResumeRefusal(pause, seat, now);
}
