import type { Request, Response } from 'express';
import { fail } from '../http/fail.ts';
import type { Store } from '../store/types.ts';
import type { SeatTokens } from '../tokens.ts';
import { coupleParts } from './coupleParts.ts';

/**
 * `GET /api/rooms/:roomId/parts` (L5): a partner's own parts across their couple's rooms, for the
 * U-turn's form to offer, with the partner's seat token of this room. A room of no couple has none; the
 * therapist's seat is refused — the offer is the partner's, named by them.
 */
export function roomPartsRoute(deps: { store: Store; tokens: SeatTokens }) {
  return async (req: Request, res: Response) => {
    res.set('cache-control', 'no-store');
    const roomId = String(req.params.roomId);
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!bearer)
      return fail(res, 'unauthorized', 'Send your seat link token as "Authorization: Bearer <token>".');
    const verified = await deps.tokens.verify(bearer);
    if (!verified.ok) return fail(res, verified.code);
    const { claims } = verified;
    const room = await deps.store.getRoom(roomId);
    if (claims.roomId !== roomId || !room) return fail(res, 'room_not_found');
    if (room.seatVersions[claims.seat] !== claims.version) return fail(res, 'token_revoked');
    if (claims.seat === 'therapist')
      return fail(res, 'not_allowed', "A partner's parts are offered to the partner only.");
    const owner = await deps.store.practice.roomOwner(roomId);
    if (!owner) return res.json({ parts: [] });
    const parts = await coupleParts(deps.store, owner.coupleId, 'partner');
    res.json({ parts: parts[claims.seat] });
  };
}
