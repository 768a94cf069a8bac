import { exhaustive } from '../../exhaustive.ts';
import type { RoomEvent } from '../../protocol/events.ts';
import { optional } from '../optional.ts';
import type { RoomState } from '../state.ts';

export type RepairEvent = Extract<
  RoomEvent,
  { type: 'repairOffered' | 'repairOfferAnswered' | 'momentMarked' | 'partsLinked' | 'partsUnlinked' }
>;

/** Folds Part E's events (issue 11 §6, shared/SPEC.md I30–I39); none of them moves the round. */
export function evolveRepair(state: RoomState, event: RepairEvent): RoomState {
  switch (event.type) {
    case 'repairOffered': {
      const offer = { seq: event.seq, at: event.at, seat: event.seat, repair: event.repair, answer: null };
      return { ...state, repairOffers: [...state.repairOffers, offer] };
    }
    case 'repairOfferAnswered': {
      const answer = { seq: event.seq, at: event.at, accepted: event.accepted };
      const repairOffers = state.repairOffers.map((offer) =>
        offer.seq === event.offerSeq ? { ...offer, answer } : offer,
      );
      return { ...state, repairOffers };
    }
    case 'momentMarked': {
      const moment = { seq: event.seq, at: event.at, kind: event.kind, ...optional('note', event.note) };
      return { ...state, moments: [...state.moments, moment] };
    }
    case 'partsLinked': {
      const link = { seq: event.seq, at: event.at, from: event.from, to: event.to };
      return { ...state, cycleMap: [...state.cycleMap, link] };
    }
    case 'partsUnlinked':
      return { ...state, cycleMap: state.cycleMap.filter((link) => link.seq !== event.linkSeq) };
    default:
      return exhaustive(event, 'repair event');
  }
}
