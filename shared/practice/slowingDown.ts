import { z } from 'zod';
import type { RoomEvent } from '../protocol/events.ts';
import { Actor } from '../protocol/events.ts';
import { Seat } from '../protocol/seats.ts';
import type { RoomState } from '../protocol/state.ts';
import { duration, type SeatNames } from './recordWords.ts';

const time = z.number().int().nonnegative();

/**
 * A breathing pause or a flooding break in the clinical record (I19): who called it, when, how long
 * it was to last (`until`), and when and by whom the room went on — `system` when a breathing pause
 * ended by itself; null while it still holds.
 */
export const SlowDown = z.strictObject({
  kind: z.enum(['breathing', 'break']),
  at: time,
  calledBy: Seat,
  until: time,
  endedAt: time.nullable(),
  endedBy: Actor.nullable(),
});
export type SlowDown = z.infer<typeof SlowDown>;

/**
 * Notes one event's part in the session's slowing down: a new breathing pause or break, or the end of
 * the one that held — by itself, a resume, a pause that took its place, or the end of the session.
 */
export function noteSlowDown(list: SlowDown[], before: RoomState | null, after: RoomState, event: RoomEvent) {
  const open = list.at(-1);
  const was = before?.pause;
  if (open && open.endedAt === null && (was?.kind === 'breathing' || was?.kind === 'break')) {
    const same = after.pause?.kind === was.kind && after.pause.at === was.at;
    if (!same) {
      open.endedAt = event.at;
      open.endedBy = event.actor;
    }
  }
  if (event.type === 'breathingStarted' || event.type === 'breakTaken') {
    list.push({
      kind: event.type === 'breathingStarted' ? 'breathing' : 'break',
      at: event.at,
      calledBy: event.seat,
      until: event.until,
      endedAt: null,
      endedBy: null,
    });
  }
}

/** One breathing pause or break as a sentence of the record, names already made safe by the caller. */
export function slowDownWords(slow: SlowDown, name: SeatNames, at: (ms: number) => string): string {
  const length = duration(Math.round((slow.until - slow.at) / 1000));
  const called =
    slow.kind === 'breathing'
      ? `${name(slow.calledBy)} asked for a breathing pause (${length})`
      : `${name(slow.calledBy)} asked for a break of ${length}, to come back at ${at(slow.until)}`;
  if (slow.endedAt === null) return `${at(slow.at)} ${called}; the room did not go on after it.`;
  const lasted = duration(Math.round((slow.endedAt - slow.at) / 1000));
  const how =
    slow.endedBy === 'system'
      ? `it ended by itself at ${at(slow.endedAt)}`
      : `${slow.endedBy ? name(slow.endedBy) : 'The room'} went on at ${at(slow.endedAt)}`;
  return `${at(slow.at)} ${called}; ${how}, after ${lasted}.`;
}
