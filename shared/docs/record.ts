import { evolve } from '../engine/evolve.ts';
import { optional } from '../engine/optional.ts';
import { latestRound, type RoomState, roleOf, type SetAside } from '../engine/state.ts';
import { audience, viewEvent } from '../engine/view.ts';
import type { RoomEvent } from '../protocol/events.ts';
import { otherPartner } from '../protocol/seats.ts';

/**
 * One line of the room's record (D2): an accepted event as every seat may read it, with who acted,
 * in which round and in which role. Built from the event log only, so rebuilding it from the log
 * always gives the same content.
 */
export type RecordEntry = RoomEvent extends infer E
  ? E extends RoomEvent
    ? E & {
        inRound: number | null;
        role: 'speaker' | 'listener' | 'therapist' | 'system' | null;
        /** A step taken with no text: its words were said aloud, on the call, in a spoken room (T37). */
        saidAloud?: true;
        /** On the line that set an entry aside (T24, T26): why; the entry is the one at `entrySeq`. */
        setAside?: SetAside;
      }
    : never
  : never;

/** How the record names a set-aside entry (T24, T26), for every reader and export. */
export const SET_ASIDE_NOTE: Record<SetAside, string> = {
  from_part: 'set aside: spoken from a part',
  contempt: 'set aside: contempt',
};

/** Why this event set an entry aside, if it did. */
function setAsideBy(event: RoomEvent): SetAside | null {
  if (event.type === 'entryMarkedFromPart') return 'from_part';
  if (event.type === 'contemptStopped' && event.entrySeq !== undefined) return 'contempt';
  return null;
}

/** Whether a step was taken without words in the room: said aloud in a spoken room (T37). */
export function saidAloud(event: RoomEvent): boolean {
  switch (event.type) {
    case 'floorRequested':
      return event.topic === undefined;
    case 'spoke':
    case 'reflected':
    case 'corrected':
    case 'summarized':
    case 'validated':
    case 'empathized':
    case 'landed':
    // Part C (I22, I28)
    case 'witnessSaid':
    case 'respondedFromHeart':
      return event.text === undefined;
    default:
      return false;
  }
}

/** Role of the seat that acted, in the state the event was decided in. */
function roleOfActor(state: RoomState | null, event: RoomEvent): RecordEntry['role'] {
  if (event.actor === 'system') return 'system';
  if (event.actor === 'therapist') return 'therapist';
  return state?.stage === 'round' ? roleOf(state.round, event.actor) : null;
}

/**
 * The record entry for an event, or null when it is not for the whole room: private content never
 * enters the record, only the fact of a check-in whose author kept it private.
 */
export function recordEntry(stateBefore: RoomState | null, event: RoomEvent): RecordEntry | null {
  if (event.type === 'private' || event.type === 'roomCreated') return null;
  const mode = stateBefore?.mode ?? 'therapy';
  const publicView = audience(event, mode) === 'room' || event.type === 'checkedIn';
  if (!publicView) return null;
  // A partner who is not the author sees exactly what the whole room may see.
  const visible = event.type === 'checkedIn' ? viewEvent(event, mode, otherPartner(event.seat)) : event;
  // `inRound`, not `round`: roundStarted and rolesSwapped carry a `round` of their own.
  return {
    ...visible,
    inRound: (stateBefore && latestRound(stateBefore)?.number) ?? null,
    role: roleOfActor(stateBefore, event),
    ...(saidAloud(event) ? { saidAloud: true } : {}),
    ...optional('setAside', setAsideBy(event) ?? undefined),
  } as RecordEntry;
}

/** Folds `events` on from `state`, collecting their record entries. */
export function recordEntriesAfter(
  state: RoomState | null,
  events: readonly RoomEvent[],
): { entries: RecordEntry[]; state: RoomState | null } {
  const entries: RecordEntry[] = [];
  let current = state;
  for (const event of events) {
    const entry = recordEntry(current, event);
    if (entry) entries.push(entry);
    current = evolve(current, event);
  }
  return { entries, state: current };
}

/** The whole record of a room, from its log. */
export function buildRecord(events: readonly RoomEvent[]): RecordEntry[] {
  return recordEntriesAfter(null, events).entries;
}
