import { Seat } from '../../shared/index.ts';

export interface SeatLink {
  token: string;
  roomId: string;
  seat: Seat;
  expiresAt: number;
}

/**
 * Reads the seat token from an invite link's fragment (`#token=…`; fragments never reach a server).
 * The payload is only read here, to show the right screen; the server verifies the signature.
 */
export function readSeatLink(hash: string): SeatLink | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  if (!token) return null;
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as {
      room?: unknown;
      sub?: unknown;
      exp?: unknown;
    };
    const seat = Seat.safeParse(payload.sub);
    if (!seat.success || typeof payload.room !== 'string' || typeof payload.exp !== 'number') return null;
    return { token, roomId: payload.room, seat: seat.data, expiresAt: payload.exp * 1000 };
  } catch {
    return null;
  }
}
