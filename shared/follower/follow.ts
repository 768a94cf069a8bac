import type { z } from 'zod';
import { evolve } from '../engine/evolve.ts';
import type { RoomState } from '../engine/state.ts';
import { exhaustive } from '../exhaustive.ts';
import type { RoomEvent } from '../protocol/events.ts';
import { SERVER_EVENTS, type Sync, type Welcome } from '../protocol/messages.ts';

/**
 * How a client follows a room from what the server sends it (SPEC S16): the same code for the web
 * client (`client/src/room/connection.ts`) and the tests' client (`tests/support/seatClient.ts`).
 * Pure: it parses and folds; the wrapper owns the socket and acts on `needsResync` and `error`.
 */
export interface Following {
  /** The room as this seat sees it; null before the first snapshot and in the waiting room. */
  readonly state: RoomState | null;
  /** The seq of the last event folded (or of the snapshot): `auth.lastSeq` when reconnecting (S4). */
  readonly lastSeq: number | undefined;
  readonly welcome: Welcome | null;
  /** A gap: reconnect with `lastSeq`, then call `resyncing`; the server sends what is missing. */
  readonly needsResync: boolean;
  /** What this client cannot follow. Final: later messages change nothing, only a new follower (a reload). */
  readonly error: FollowError | null;
  /** The events the last message folded, in order (none for a duplicate, a snapshot or a welcome). */
  readonly folded: readonly RoomEvent[];
  /** The seq a resync was asked for, until an event fills it; missing again after the resync, it is an error. */
  readonly resyncFor: number | null;
}

/** Why following stopped. `detail` names the schema path or the engine's reason, never what anyone wrote. */
export type FollowError =
  | { kind: 'unreadable'; message: RoomMessage['name']; detail: string }
  | { kind: 'unfoldable'; seq: number; detail: string }
  | { kind: 'gap'; expected: number; got: number };

/** One message as it came off the socket; each is parsed here with its schema from `SERVER_EVENTS`. */
export type RoomMessage =
  | { name: 'welcome'; payload: unknown }
  | { name: 'sync'; payload: unknown }
  | { name: 'event'; payload: unknown };

/** A follower with nothing folded yet, or resuming from what a client kept (its state and last seq). */
export function startFollowing(kept: { state?: RoomState | null; lastSeq?: number } = {}): Following {
  const state = kept.state ?? null;
  return {
    state,
    lastSeq: kept.lastSeq ?? state?.seq,
    welcome: null,
    needsResync: false,
    error: null,
    folded: [],
    resyncFor: null,
  };
}

/** Folds one message. Never throws: what cannot be read or folded becomes `error`, the state unchanged. */
export function follow(following: Following, message: RoomMessage): Following {
  const current = { ...following, folded: [] };
  if (current.error) return current;
  switch (message.name) {
    case 'welcome': {
      const parsed = SERVER_EVENTS.welcome.safeParse(message.payload);
      if (!parsed.success) return unreadable(current, 'welcome', parsed.error);
      const welcome = parsed.data;
      // A partner back in the waiting room may see nothing of the room (A3): drop what was folded.
      if (!welcome.admitted) return { ...current, welcome, state: null, lastSeq: undefined };
      return { ...current, welcome };
    }
    case 'sync': {
      const parsed = SERVER_EVENTS.sync.safeParse(message.payload);
      if (!parsed.success) return unreadable(current, 'sync', parsed.error);
      return synced(current, parsed.data);
    }
    case 'event': {
      const parsed = SERVER_EVENTS.event.safeParse(message.payload);
      if (!parsed.success) return unreadable(current, 'event', parsed.error);
      return foldEvent(current, parsed.data);
    }
    default:
      return exhaustive(message, 'room message');
  }
}

/** The wrapper has reconnected for the gap: the same seq missing once more is then an error. */
export function resyncing(following: Following): Following {
  return { ...following, needsResync: false, folded: [] };
}

function synced(current: Following, sync: Sync): Following {
  if (sync.kind === 'snapshot') {
    // A snapshot replaces everything, an earlier gap included.
    return {
      ...current,
      state: sync.state,
      lastSeq: sync.seq,
      needsResync: false,
      resyncFor: null,
    };
  }
  let next = current;
  const folded: RoomEvent[] = [];
  for (const event of sync.events) {
    next = foldEvent({ ...next, folded: [] }, event);
    folded.push(...next.folded);
    if (next.error || next.needsResync) return { ...next, folded };
  }
  // Fewer events than the sync's head: what is missing is a gap like any other.
  if ((next.lastSeq ?? -1) < sync.seq) return { ...gap(next, sync.seq), folded };
  return { ...next, folded };
}

function foldEvent(current: Following, event: RoomEvent): Following {
  if (current.lastSeq !== undefined && event.seq <= current.lastSeq) return current;
  if (event.seq !== expectedSeq(current)) return gap(current, event.seq);
  let state: RoomState;
  try {
    state = evolve(current.state, event);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'evolve failed';
    return { ...current, error: { kind: 'unfoldable', seq: event.seq, detail } };
  }
  return { ...current, state, lastSeq: event.seq, needsResync: false, resyncFor: null, folded: [event] };
}

/** The seq that must come next; 0 (which no event has) while nothing is known, so any event is a gap. */
function expectedSeq(following: Following): number {
  return following.lastSeq === undefined ? 0 : following.lastSeq + 1;
}

function gap(current: Following, got: number): Following {
  const expected = expectedSeq(current);
  if (current.resyncFor !== expected) return { ...current, needsResync: true, resyncFor: expected };
  // Still waiting for the wrapper to resync: nothing new.
  if (current.needsResync) return current;
  return { ...current, error: { kind: 'gap', expected, got } };
}

function unreadable(current: Following, message: RoomMessage['name'], error: z.ZodError): Following {
  const issue = error.issues[0];
  const detail = issue ? `${issue.code} at ${issue.path.map(String).join('.') || '(root)'}` : 'invalid';
  return { ...current, error: { kind: 'unreadable', message, detail } };
}
