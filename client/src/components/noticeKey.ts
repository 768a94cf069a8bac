import { useEffect, useRef } from 'react';
import type { RoomState } from '../../../shared/index.ts';

/**
 * Which moment of the room a notice was about: the stage, the round and its step, and any pause.
 * A refusal or a "noted" shown at one moment means nothing at the next (issue 9 §7).
 */
export function noticeKey(state: RoomState): string {
  const round = state.stage === 'round' ? `${state.round.number}:${state.round.step}` : '';
  return `${state.stage}:${round}:${state.pause?.kind ?? ''}:${state.uTurnRequests.A ? 'A' : ''}${state.uTurnRequests.B ? 'B' : ''}`;
}

/** Calls `clear` whenever `key` changes (not on the first render), so a notice leaves with its moment. */
export function useClearOnChange(key: string, clear: () => void): void {
  const seen = useRef(key);
  const latest = useRef(clear);
  latest.current = clear;
  useEffect(() => {
    if (seen.current === key) return;
    seen.current = key;
    latest.current();
  }, [key]);
}
