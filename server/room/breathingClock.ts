import type { Logger } from '../log.ts';
import type { RoomRuntime } from './runtime.ts';

interface Scheduled {
  /** The breathing pause's `at`: which pause the timer will end. */
  startedAt: number;
  timer: NodeJS.Timeout;
}

/** How soon to look again when the clock fired before the pause was due (timers and clocks drift). */
const RETRY_MS = 250;

/**
 * The server's clock for breathing pauses (shared/SPEC.md I12): a breathing pause ends by itself, so
 * for every room in memory whose state holds one, a timer issues the system command `endBreathing` at
 * its `until`. `watch` runs after every accepted decision and when a room is loaded (a pause already
 * past due ends at once); `forget` when the room leaves memory, `stop` when the server stops. The
 * engine decides whether the command still ends anything, so a late or doubled timer is harmless.
 */
export class BreathingClock {
  private readonly scheduled = new Map<string, Scheduled>();
  private stopped = false;

  constructor(private readonly deps: { now: () => number; log: Logger }) {}

  /** Schedules, keeps or drops the room's timer after its state changed or it was loaded. */
  watch(room: RoomRuntime, atLeastMs = 0): void {
    const pause = room.state.pause;
    const current = this.scheduled.get(room.roomId);
    if (this.stopped || pause?.kind !== 'breathing') {
      this.forget(room.roomId);
      return;
    }
    if (current?.startedAt === pause.at) return;
    if (current) clearTimeout(current.timer);
    const startedAt = pause.at;
    const delay = Math.max(atLeastMs, pause.until - this.deps.now());
    const timer = setTimeout(() => this.fire(room, startedAt), delay);
    timer.unref();
    this.scheduled.set(room.roomId, { startedAt, timer });
  }

  private fire(room: RoomRuntime, startedAt: number): void {
    this.scheduled.delete(room.roomId);
    room
      .system({ type: 'endBreathing', startedAt })
      .then((ack) => {
        // Accepted with nothing to do: not due yet by the room's clock, so look again shortly. A
        // refusal (the room was erased or ended) leaves nothing to end.
        if (ack.ok) this.watch(room, RETRY_MS);
        else this.deps.log.debug({ roomId: room.roomId, code: ack.error.code }, 'breathing end not needed');
      })
      .catch((error) => this.deps.log.error({ roomId: room.roomId, err: error }, 'breathing end failed'));
  }

  /** The room left memory: its timer goes; loading it again schedules anew. */
  forget(roomId: string): void {
    const current = this.scheduled.get(roomId);
    if (current) clearTimeout(current.timer);
    this.scheduled.delete(roomId);
  }

  /** The server stops: no timer fires any more. */
  stop(): void {
    this.stopped = true;
    for (const roomId of [...this.scheduled.keys()]) this.forget(roomId);
  }

  /** How many rooms have a breathing pause waiting to end (tests look). */
  pendingCount(): number {
    return this.scheduled.size;
  }
}
