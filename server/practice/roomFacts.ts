import { evolve, type RoomEvent, type RoomState } from '../../shared/index.ts';
import type { EventLog } from '../store/types.ts';

/** Whether a practice took place, and how long and how far (K5: the therapist always sees this). */
export interface Happened {
  /** When a partner first did something in the room. */
  startedAt: number;
  /** From then to the end, or to the last thing anyone did if it has not ended; whole minutes. */
  lengthMinutes: number;
  roundsCompleted: number;
}

/**
 * The compact summary of a session (the RECORD part's `summarizeSession`, issue 10 §2): who spoke,
 * parts named, ratings, safety, closing and repair. Null until the lead wires it in `factsOf` below;
 * who may see it is already decided in server/practice/views.ts (K5).
 */
export type CompactSummary = Record<string, unknown>;

/** What the lists of sessions and practices say about a room, read from its events alone. */
export interface RoomFacts {
  state: RoomState;
  summary: CompactSummary | null;
  happened: Happened | null;
  /** How many times a partner called a safety pause (the safe word, T30). */
  safetyPauses: number;
}

/**
 * Folds a room's events with the engine's own `evolve`, as `RoomRuntime.load` does, but without
 * putting the room in the registry: a list of fifty sessions must not load fifty rooms into memory.
 * Null for a room with no events (never created, or erased).
 */
export async function roomFacts(events: EventLog, roomId: string): Promise<RoomFacts | null> {
  return factsOf(await events.read(roomId, 1));
}

export function factsOf(events: readonly RoomEvent[]): RoomFacts | null {
  let state: RoomState | null = null;
  let startedAt: number | null = null;
  let lastAt = 0;
  let safetyPauses = 0;
  for (const event of events) {
    state = evolve(state, event);
    lastAt = event.at;
    if (startedAt === null && (event.actor === 'A' || event.actor === 'B')) startedAt = event.at;
    if (event.type === 'paused' && event.kind === 'safety') safetyPauses += 1;
  }
  if (state === null) return null;
  const until = state.stage === 'ended' ? state.endedAt : lastAt;
  const happened =
    startedAt === null
      ? null
      : {
          startedAt,
          lengthMinutes: Math.round(Math.max(0, until - startedAt) / 60_000),
          roundsCompleted: state.roundsCompleted,
        };
  // RECORD wires the summary here, from the same `events` (the lead, at the merge).
  return { state, summary: null, happened, safetyPauses };
}
