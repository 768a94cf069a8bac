import { ERROR_MESSAGES, type ErrorBody, type ErrorCode, errorBody } from '../protocol/errors.ts';
import type { Actor, RoomEvent } from '../protocol/events.ts';
import type { RoomState } from './state.ts';

/** An event before the engine stamps it with its seq, time and actor. */
export type DraftEvent = RoomEvent extends infer E
  ? E extends RoomEvent
    ? Omit<E, 'seq' | 'at' | 'actor'>
    : never
  : never;

export type Decision = { ok: true; events: RoomEvent[] } | { ok: false; rejection: ErrorBody };

export function reject(code: ErrorCode, message: string = ERROR_MESSAGES[code]): Decision {
  return { ok: false, rejection: errorBody(code, message) };
}

/** Stamps drafts with consecutive seqs after the state's, so the log stays gap-free. */
export function accept(state: RoomState | null, actor: Actor, now: number, drafts: DraftEvent[]): Decision {
  const base = state?.seq ?? 0;
  return {
    ok: true,
    events: drafts.map((draft, i): RoomEvent => ({ ...draft, seq: base + i + 1, at: now, actor })),
  };
}
