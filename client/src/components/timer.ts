import { useEffect, useState } from 'react';
import type { RoomState } from '../../../shared/index.ts';
import { useRoom } from '../room/hooks.ts';

/** Milliseconds left on the room's timer, updated once a second (a timer guides; it moves nothing, T28). */
export function useTimeLeft(timer: NonNullable<RoomState['timer']>): number {
  const end = timer.startedAt + timer.durationMs;
  // The server stamped startedAt with its own clock; a phone whose clock is off still counts right.
  const { clockOffsetMs } = useRoom();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  return Math.max(0, end - (now + clockOffsetMs));
}

export function formatDuration(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}
