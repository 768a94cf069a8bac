import type { RoomState } from '../../shared/index.ts';

/**
 * After the end a session stays readable for its export window — the record, the shared notes, each
 * seat's own words — and then not at all (A15): links stop working for everything.
 */
export function pastExportWindow(state: RoomState, now: number, windowMs: number): boolean {
  return state.stage === 'ended' && now > state.endedAt + windowMs;
}
