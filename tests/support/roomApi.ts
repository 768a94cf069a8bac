import type { Mode, Partners, PartnersInput, Seat, Talk } from '../../shared/index.ts';
import { asTherapist, serverTherapist } from './therapist.ts';

/** The answer to `POST /api/rooms` (docs/PROTOCOL.md). */
export interface CreatedRoom {
  roomId: string;
  mode: Mode;
  talk: Talk;
  /** N1: the names as the room recorded them, or null. */
  partners: Partners | null;
  seats: Partial<Record<Seat, { link: string; token: string; expiresAt: string }>>;
}

/** A created room, with its seats' tokens at hand. */
export interface Room extends CreatedRoom {
  /** The seat's token; throws if the room has no such seat (a practice room has no therapist). */
  token(seat: Seat): string;
}

/**
 * `POST /api/rooms` as the web app sends it, for tests that judge the answer itself; `partners`
 * names the partners (N1). A therapy room is asked for by the server's signed-in therapist (M7); a
 * practice room by anyone.
 */
export async function postRoom(
  url: string,
  mode: Mode,
  talk?: Talk,
  partners?: PartnersInput,
): Promise<Response> {
  const headers =
    mode === 'therapy'
      ? asTherapist(url, await serverTherapist(url))
      : { 'content-type': 'application/json' };
  return fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ mode, ...(talk ? { talk } : {}), ...(partners ? { partners } : {}) }),
  });
}

/**
 * Creates a room over HTTP, as a therapist or a couple does from the home page; anything but 201
 * throws. `talk` unset: the mode's default (T37).
 */
export async function createRoom(
  url: string,
  mode: Mode,
  talk?: Talk,
  partners?: PartnersInput,
): Promise<Room> {
  const res = await postRoom(url, mode, talk, partners);
  if (res.status !== 201) throw new Error(`createRoom: ${res.status} ${await res.text()}`);
  const room = (await res.json()) as CreatedRoom;
  return {
    ...room,
    token(seat: Seat) {
      const token = room.seats[seat]?.token;
      if (!token) throw new Error(`no ${seat} seat`);
      return token;
    },
  };
}

/** `POST /api/rooms/:roomId/seats/:seat/reissue` with `bearer`'s token (A5). */
export function reissueSeat(url: string, roomId: string, seat: string, bearer: string): Promise<Response> {
  return fetch(`${url}/api/rooms/${roomId}/seats/${seat}/reissue`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}` },
  });
}
