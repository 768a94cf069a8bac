import { evolve, RoomEvent, type RoomState } from '../../../shared/index.ts';

/** What to do with one event received from the room. */
export type FollowStep =
  /** The next event: this is the new state. */
  | { kind: 'fold'; state: RoomState; event: RoomEvent }
  /** Already folded (a replay overlapping what arrived live). */
  | { kind: 'skip' }
  /** A gap: reconnect with the last seq, and the server sends what is missing (S4). */
  | { kind: 'resync' }
  /** This copy of the app cannot follow the room any more: stop and ask for a reload. */
  | { kind: 'stop' };

/**
 * The one policy for events a client cannot simply fold. Reconnecting recovers a lost event; it
 * cannot fix an event this version of the app does not understand — the server sends that same
 * event again after every reconnect, and a client that drops it and reconnects loops for ever. So
 * an event that fails the schema (or cannot be folded) stops at once, and a gap gets one reconnect:
 * the same seq missing again afterwards stops too.
 */
export class Follower {
  /** The seq a reconnect was made for, until an event at or past it is folded. */
  private resyncedFor: number | null = null;

  next(state: RoomState | null, raw: unknown): FollowStep {
    const parsed = RoomEvent.safeParse(raw);
    if (!parsed.success) return { kind: 'stop' };
    const event = parsed.data;
    if (state && event.seq <= state.seq) return { kind: 'skip' };
    const expected = state ? state.seq + 1 : 0;
    if (!state || event.seq !== expected) {
      if (this.resyncedFor === expected) return { kind: 'stop' };
      this.resyncedFor = expected;
      return { kind: 'resync' };
    }
    let folded: RoomState;
    try {
      folded = evolve(state, event);
    } catch {
      return { kind: 'stop' };
    }
    this.resyncedFor = null;
    return { kind: 'fold', state: folded, event };
  }

  /** A snapshot replaced the state: an earlier gap no longer counts. */
  reset(): void {
    this.resyncedFor = null;
  }
}
