import { useEffect, useState } from 'react';
import { type RoomState, timerRemaining } from '../../../shared/index.ts';
import { useRoom } from '../room/hooks.ts';

/** The server's clock as this device reads it, once a second: stamps in the state are the server's. */
export function useServerNow(): number {
  // A phone whose clock is off still counts right: the welcome told how far off it is.
  const { clockOffsetMs } = useRoom();
  // The tick only asks for a render; the time is read at render, so any render (a new event) is current.
  const [, setTick] = useState(0);
  useEffect(() => {
    const tick = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(tick);
  }, []);
  return Date.now() + clockOffsetMs;
}

/**
 * Milliseconds left on the room's timer (a timer guides; it moves nothing). Frozen while the room is
 * paused, with the time that was left (T28): `timerRemaining` reads the state's `pausedAt`.
 */
export function useTimeLeft(timer: NonNullable<RoomState['timer']>): number {
  return timerRemaining(timer, useServerNow());
}

export function formatDuration(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}
