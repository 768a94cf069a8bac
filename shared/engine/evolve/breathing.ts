import type { RoomEvent } from '../../protocol/events.ts';
import type { RoomState } from '../state.ts';
import { freezeTimer, thawTimer } from '../timer.ts';

type SlowingEvent = Extract<RoomEvent, { type: 'breathingStarted' | 'breathingEnded' | 'breakTaken' }>;

/**
 * Slowing down (I10–I19): a breathing pause or a break holds the room like any pause — the step
 * stays where it is and the room's timer freezes (T28) — until it ends by itself or is resumed.
 */
export function evolveBreathing(state: RoomState, event: SlowingEvent): RoomState {
  switch (event.type) {
    case 'breathingStarted':
      return {
        ...state,
        pause: { kind: 'breathing', seat: event.seat, at: event.at, until: event.until },
        timer: freezeTimer(state.timer, event.at),
      };
    case 'breakTaken': {
      // I16: the hold a break replaced (I15) is remembered, so a therapy partner cannot end it by
      // calling a break over it and resuming that. Every seat folds it the same: pauses are public.
      const over = state.pause?.kind;
      return {
        ...state,
        pause: {
          kind: 'break',
          seat: event.seat,
          at: event.at,
          until: event.until,
          ...(over === 'pause' || over === 'connection' || over === 'breathing' ? { over } : {}),
        },
        timer: freezeTimer(state.timer, event.at),
      };
    }
    case 'breathingEnded':
      return { ...state, pause: null, timer: thawTimer(state.timer, event.at) };
  }
}
