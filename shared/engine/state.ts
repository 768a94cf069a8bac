import { isPartner, otherPartner, type PartnerSeat, type Seat } from '../protocol/seats.ts';
import type { HeldRound, RoomState, Round } from '../protocol/state.ts';

export type { RoomCommon, StageState } from '../protocol/state.ts';
/**
 * The room state the engine folds. Its shape is the snapshot schema in `shared/protocol/state.ts`
 * (the types are inferred from it), so what the engine builds and what a client parses are one.
 */
export {
  CheckIn,
  ClosingNote,
  Entry,
  HeldRound,
  OpenRound,
  Pause,
  RoomState,
  Round,
  SetAside,
} from '../protocol/state.ts';
export type { ConfirmStep } from '../protocol/steps.ts';

export type PerPartner<T> = Partial<Record<PartnerSeat, T>>;

/** The round in progress: only in stage `round`. */
export function currentRound(state: RoomState): Round | null {
  return state.stage === 'round' ? state.round : null;
}

/**
 * The round in progress, or else the last one that ended (once the close starts or the session
 * ends, the round then running is the last of `previousRounds`): the round an event belongs to.
 */
export function latestRound(state: RoomState): Round | null {
  return state.stage === 'round' ? state.round : (state.previousRounds.at(-1) ?? null);
}

/** A seat's role in a round: the partner with the floor speaks, the other listens; nobody while the floor is open. */
export function roleOf(round: Round, seat: Seat): 'speaker' | 'listener' | null {
  if (!isPartner(seat) || round.floor === 'open') return null;
  return round.speaker === seat ? 'speaker' : 'listener';
}

export function listenerOf(round: HeldRound): PartnerSeat {
  return otherPartner(round.speaker);
}
