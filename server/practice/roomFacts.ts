import {
  evolve,
  type RoomEvent,
  type RoomState,
  type SessionListItem,
  summarizeSession,
  type Talk,
  viewEvent,
} from '../../shared/index.ts';
import type { EventLog, RoomDirectory } from '../store/types.ts';

/** Whether a practice took place, and how long and how far (K5: the therapist always sees this). */
export interface Happened {
  /** When a partner first did something in the room. */
  startedAt: number;
  /** From then to the end, or to the last thing anyone did if it has not ended; whole minutes. */
  lengthMinutes: number;
  roundsCompleted: number;
}

/**
 * The compact summary of a session (`summarizeSession(…).compact`, R1, issue 10 §2): date, length,
 * rounds, who spoke, parts named, ratings, safety, closing and repair — one per reader, each built
 * from the events as that seat received them (`viewEvent`), so a partner's copy holds nothing the room
 * did not show them (A10–A13): not the other partner's U-turn parts, nor a check-in kept from them.
 * Whether a reader gets theirs at all is decided in server/practice/views.ts (K5).
 */
export type CompactSummary = SessionListItem;
export type Summaries = Record<'therapist' | 'A' | 'B', CompactSummary>;

/** What the lists of sessions and practices say about a room, read from its events alone. */
export interface RoomFacts {
  stage: RoomState['stage'];
  talk: Talk;
  /** When it ended (the export window counts from here, A15); null while it runs. */
  endedAt: number | null;
  summaries: Summaries;
  happened: Happened | null;
  /** How many times a partner called a safety pause (the safe word, T30). */
  safetyPauses: number;
}

/**
 * Folds a room's events with the engine's own `evolve`, as `RoomRuntime.load` does, but without
 * putting the room in the registry: a list of fifty sessions must not load fifty rooms into memory.
 * Null for a room with no events (never created, or erased).
 */
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
  const endedAt = state.stage === 'ended' ? state.endedAt : null;
  const happened =
    startedAt === null
      ? null
      : {
          startedAt,
          lengthMinutes: Math.round(Math.max(0, (endedAt ?? lastAt) - startedAt) / 60_000),
          roundsCompleted: state.roundsCompleted,
        };
  const { mode } = state;
  const as = (seat: 'therapist' | 'A' | 'B') =>
    summarizeSession(events.map((event) => viewEvent(event, mode, seat))).compact;
  const summaries = { therapist: as('therapist'), A: as('A'), B: as('B') };
  return { stage: state.stage, talk: state.talk, endedAt, summaries, happened, safetyPauses };
}

/** How many ended rooms' facts a store's cache keeps (a few hundred bytes each). */
const ENDED_KEPT = 5000;
const endedFacts = new WeakMap<object, Map<string, RoomFacts>>();

/**
 * A room's facts. An ended room's log is closed (nothing is appended after `ended`), so its facts are
 * kept once folded: a couple's page folds only the sessions still running. Folding every event of
 * fifty 400-event sessions took ~370 ms a request (bench/coupleList.ts); kept, ended ones cost a row
 * read each. The row read is what tells an erased room: it is not listed, whatever was kept.
 */
export async function roomFacts(store: EventLog & RoomDirectory, roomId: string): Promise<RoomFacts | null> {
  let kept = endedFacts.get(store);
  if (!kept) {
    kept = new Map();
    endedFacts.set(store, kept);
  }
  const known = kept.get(roomId);
  if (known) {
    if (await store.getRoom(roomId)) return known;
    kept.delete(roomId);
    return null;
  }
  const facts = factsOf(await store.read(roomId, 1));
  if (facts?.stage === 'ended') {
    kept.set(roomId, facts);
    if (kept.size > ENDED_KEPT) kept.delete(kept.keys().next().value as string);
  }
  return facts;
}

/** A15: after the end a room stays open for its export window, then not at all. */
export function pastWindow(facts: RoomFacts, now: number, windowMs: number): boolean {
  return facts.endedAt !== null && now > facts.endedAt + windowMs;
}
