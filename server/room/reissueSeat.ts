import { type ErrorCode, LIMITS, type Seat } from '../../shared/index.ts';
import { type MakeLimiter, take } from '../guards/limiters.ts';
import type { AuditEntry } from '../store/types.ts';
import { type OpenRoomDeps, type SeatLink, seatLink } from './openRoom.ts';
import type { RoomRegistry } from './registry.ts';

export interface ReissueDeps extends OpenRoomDeps {
  registry: RoomRegistry;
  /** Closes the open connections of a seat with a token below `version`, on every instance (A5, S30). */
  closeSeat: (roomId: string, seat: Seat, version: number) => void;
  /** Unloads the room if nothing in this process holds it (it may have been loaded just for this). */
  roomReleased: (roomId: string) => void;
  /** The server's rate limits (S28: shared by every instance on Redis). */
  limiters: MakeLimiter;
}

export type Reissued = { ok: true; link: SeatLink } | { ok: false; code: ErrorCode; message?: string };

/**
 * Replacing a seat's link (A5, A6), whoever asked — a seat with its own token (`POST /api/rooms/…/
 * reissue`) or the signed-in therapist of a couple's session (`POST /api/sessions/…/links/…`) — with
 * one budget per seat for both. Who may ask is the caller's to check; `by` is who asked, for the audit.
 */
export function seatReissuer(deps: ReissueDeps) {
  const reissues = deps.limiters({ name: 'reissues', points: LIMITS.reissuesPerSeatPerHour, duration: 3600 });

  function audit(entry: AuditEntry) {
    void deps.store
      .audit(entry)
      .catch((error) => deps.log.error({ action: entry.action, err: error }, 'audit write failed'));
  }

  return async function reissue(roomId: string, target: Seat, by: Seat): Promise<Reissued> {
    const runtime = await deps.registry.get(roomId);
    if (!runtime) return { ok: false, code: 'room_not_found' };
    if (runtime.state.stage === 'ended') {
      deps.roomReleased(roomId);
      return {
        ok: false,
        code: 'session_ended',
        message: 'This session has ended: its links can no longer be replaced.',
      };
    }
    // A limiter that fails otherwise (not "limited") throws: the route answers internal (S28).
    const limited = await take(reissues, `${roomId}:${target}`).catch((error: unknown) => {
      deps.roomReleased(roomId);
      throw error;
    });
    if (limited) {
      deps.roomReleased(roomId);
      return {
        ok: false,
        code: 'rate_limited',
        message: 'This link was replaced many times in the last hour. Try again later.',
      };
    }
    // The event first (it sends a therapy partner back to the waiting room), then the revocation (A5, A6).
    const { ack, version } = await runtime.reissue(target, async () => {
      const next = await deps.store.bumpSeatVersion(roomId, target);
      deps.closeSeat(roomId, target, next);
      return next;
    });
    deps.roomReleased(roomId);
    if (!ack.ok || version === null) return { ok: false, code: 'internal' };
    audit({ roomId, at: deps.now(), seat: by, action: `token:reissued:${target}` });
    return { ok: true, link: await seatLink(deps, roomId, target, version) };
  };
}
