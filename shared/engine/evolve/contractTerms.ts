import type { RoomEvent } from '../../protocol/events.ts';
import type { RoomState } from '../state.ts';

type ContractTermsEvent = Extract<
  RoomEvent,
  { type: 'confidentialitySet' | 'locationConfirmed' | 'safeToSpeakAnswered' }
>;

/** The room's confidentiality text as `roomCreated` starts it (I40): a couple's, or none. */
export function initialConfidentiality(event: Extract<RoomEvent, { type: 'roomCreated' }>) {
  return event.confidentiality === undefined
    ? null
    : { seq: event.seq, at: event.at, text: event.confidentiality };
}

/** Part D's events (I40–I46): each replaces the one before it of its kind and seat. */
export function evolveContractTerms(state: RoomState, event: ContractTermsEvent): RoomState {
  const { seq, at } = event;
  switch (event.type) {
    case 'confidentialitySet':
      return { ...state, confidentiality: { seq, at, text: event.text } };
    case 'locationConfirmed':
      return {
        ...state,
        locations: { ...state.locations, [event.seat]: { seq, at, location: event.location } },
      };
    case 'safeToSpeakAnswered':
      return {
        ...state,
        safeToSpeak: { ...state.safeToSpeak, [event.seat]: { seq, at, answer: event.answer } },
      };
  }
}
