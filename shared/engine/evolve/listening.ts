import { exhaustive } from '../../exhaustive.ts';
import type { RoomEvent } from '../../protocol/events.ts';
import { optional } from '../optional.ts';
import { latestRound, type RoomState } from '../state.ts';

type ListeningEvent = Extract<
  RoomEvent,
  { type: 'listeningPartNamed' | 'listeningHelpAsked' | 'selfChecked' }
>;

/**
 * Folds the listening-inside events (I1–I9). A listening part joins `partsNamed` too, marked
 * `listening`, so the parts named this session (T39) and the parts ledger (L1) count it.
 */
export function evolveListening(state: RoomState, event: ListeningEvent): RoomState {
  switch (event.type) {
    case 'listeningPartNamed': {
      const named = event.part
        ? {
            ...state.partsNamed,
            [event.seat]: [
              ...(state.partsNamed[event.seat] ?? []),
              { seq: event.seq, at: event.at, requested: false, part: event.part, listening: true as const },
            ],
          }
        : state.partsNamed;
      return {
        ...state,
        partsNamed: named,
        listeningInside: [...state.listeningInside, inside(state, event, 'part', event.part)],
      };
    }
    case 'listeningHelpAsked':
      return { ...state, listeningInside: [...state.listeningInside, inside(state, event, 'help')] };
    case 'selfChecked': {
      const { seq, at, seat, moment, qualities, notYet } = event;
      return { ...state, selfChecks: [...state.selfChecks, { seq, at, seat, moment, qualities, notYet }] };
    }
    default:
      return exhaustive(event, 'listening event');
  }
}

function inside(
  state: RoomState,
  event: Extract<ListeningEvent, { type: 'listeningPartNamed' | 'listeningHelpAsked' }>,
  kind: 'part' | 'help',
  part?: RoomState['listeningInside'][number]['part'],
): RoomState['listeningInside'][number] {
  const round = latestRound(state)?.number ?? 1;
  return { seq: event.seq, at: event.at, seat: event.seat, round, kind, ...optional('part', part) };
}
