import { randomUUID } from 'node:crypto';
import { decide, type Mode, type Partners, type Seat, seatsOf, type Talk } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import type { SeatTokens } from '../tokens.ts';

export interface OpenRoomDeps {
  store: Store;
  tokens: SeatTokens;
  log: Logger;
  now: () => number;
  publicUrl: () => string;
  /** The server's settings; a new room takes its breathing pause's length from them (I11). */
  config?: { breathingSeconds: number };
}

export interface SeatLink {
  link: string;
  token: string;
  expiresAt: string;
}

export interface OpenedRoom {
  roomId: string;
  mode: Mode;
  talk: Talk;
  /** The names as the room recorded them (trimmed, normalised), so the caller shows what the room will (N1). */
  partners: Partners | null;
  seats: Partial<Record<Seat, SeatLink>>;
}

/** A seat's invite link (`/join#token=…`) for the seat's current version (A5). */
export async function seatLink(
  deps: OpenRoomDeps,
  roomId: string,
  seat: Seat,
  version: number,
): Promise<SeatLink> {
  const { token, expiresAt } = await deps.tokens.issue({ roomId, seat, version }, deps.now());
  return {
    link: `${deps.publicUrl()}/join#token=${token}`,
    token,
    expiresAt: new Date(expiresAt).toISOString(),
  };
}

/**
 * Creates a room — its first events and its seats at version 1, in one write — and the links of the
 * seats asked for (all of them unless `linksFor` says otherwise: a partner starting a practice from
 * their couple's home gets only their own). The one place rooms are made, from `POST /api/rooms`
 * and from a couple's session or practice alike.
 */
export async function openRoom(
  deps: OpenRoomDeps,
  options: {
    mode: Mode;
    talk: Talk;
    partners?: Partners | null;
    linksFor?: Seat[];
    roomId?: string;
    /** I40: the confidentiality text a couple's session starts with. */
    confidentiality?: string;
  },
): Promise<OpenedRoom> {
  const { mode, talk, partners, confidentiality } = options;
  // A couple's room is given its id first, so its owner can be written before the room (openCoupleRoom).
  const roomId = options.roomId ?? randomUUID();
  const now = deps.now();
  const created = decide(
    null,
    {
      type: 'createRoom',
      roomId,
      mode,
      talk,
      ...(partners ? { partners } : {}),
      ...(confidentiality === undefined ? {} : { confidentiality }),
      ...(deps.config ? { breathingSeconds: deps.config.breathingSeconds } : {}),
    },
    'system',
    now,
  );
  if (!created.ok) throw new Error(`createRoom refused: ${created.rejection.code}`);
  const seatVersions = Object.fromEntries(seatsOf(mode).map((seat) => [seat, 1]));
  await deps.store.createRoom({ roomId, mode, createdAt: now, seatVersions }, created.events);
  void deps.store
    .audit({ roomId, at: now, seat: 'system', action: 'room:created' })
    .catch((error) => deps.log.error({ action: 'room:created', err: error }, 'audit write failed'));
  deps.log.info({ roomId, mode }, 'room created');
  const seats: OpenedRoom['seats'] = {};
  for (const seat of options.linksFor ?? seatsOf(mode)) seats[seat] = await seatLink(deps, roomId, seat, 1);
  const first = created.events[0];
  return { roomId, mode, talk, partners: first?.type === 'roomCreated' ? first.partners : null, seats };
}
