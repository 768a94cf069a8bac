import type { RoomEvent } from '../../protocol/events.ts';
import type { RoomState } from '../state.ts';

/** The events of part C (issue 11 §3, §4, §7) that change only the room's own fields (I20–I29). */
export type TherapistMoveEvent = Extract<
  RoomEvent,
  {
    type:
      | 'directAccessAsked'
      | 'directAccessDeclined'
      | 'directAccessWithdrawn'
      | 'witnessSaid'
      | 'witnessSkipped'
      | 'contemptStepTaken'
      | 'contemptEnded'
      | 'responseChosen';
  }
>;

/** Folds one of part C's events (the listener's response from the heart is an entry: `evolve.ts`). */
export function evolveTherapistMove(state: RoomState, event: TherapistMoveEvent): RoomState {
  switch (event.type) {
    case 'directAccessAsked':
      // A new ask answers for an earlier "not now" of the same partner only: the other partner never
      // received this ask (I21), so their fold keeps their own "not now" and so must the state (A14).
      return {
        ...state,
        directAccessAsk: { seq: event.seq, at: event.at, seat: event.seat },
        directAccessDeclined:
          state.directAccessDeclined?.seat === event.seat ? null : state.directAccessDeclined,
      };
    case 'directAccessDeclined':
      // I20: a "not now" is recorded and changes nothing else.
      return { ...state, directAccessAsk: null, directAccessDeclined: { seat: event.seat, at: event.at } };
    case 'directAccessWithdrawn':
      return { ...state, directAccessAsk: null };
    case 'witnessSaid':
    case 'witnessSkipped':
      return { ...state, witnessTurn: null };
    case 'contemptStepTaken':
      // I24: the U-turn step ends the sequence (its `uTurnRequested` comes as its own event).
      if (!state.contempt) return state;
      return event.step === 'u_turn'
        ? { ...state, contempt: null }
        : { ...state, contempt: { ...state.contempt, step: event.step, at: event.at } };
    case 'contemptEnded':
      return { ...state, contempt: null };
    case 'responseChosen':
      return { ...state, response: event.response };
  }
}
