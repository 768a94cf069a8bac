import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import {
  defaultTalk,
  Mode,
  PartnersInput,
  partnersProblem,
  Seat,
  seatsOf,
  Talk,
} from '../../shared/index.ts';
import { accountRouter, signedInTherapist } from '../accounts/routes.ts';
import type { MakeSignInLimit } from '../accounts/sharedSignInLimits.ts';
import type { Config } from '../config.ts';
import { expressLimitStore, type MakeLimiter, take } from '../guards/limiters.ts';
import type { Logger } from '../log.ts';
import { homeRouter } from '../practice/homeRoutes.ts';
import type { HomeTokens } from '../practice/homeTokens.ts';
import { leaseTurns, onePerKey } from '../practice/onePerKey.ts';
import { roomPartsRoute } from '../practice/roomParts.ts';
import { therapistRouter } from '../practice/therapistRoutes.ts';
import { SESSION_DELETED, wasDeleted } from '../room/deleted.ts';
import type { EraseBy } from '../room/eraseRoom.ts';
import { openRoom } from '../room/openRoom.ts';
import type { RoomRegistry } from '../room/registry.ts';
import { seatReissuer } from '../room/reissueSeat.ts';
import type { Store } from '../store/types.ts';
import { unavailableCode } from '../store/unavailable.ts';
import type { SeatTokens } from '../tokens.ts';
import { fail } from './fail.ts';

export interface ApiDeps {
  config: Config;
  store: Store;
  tokens: SeatTokens;
  /** Couple home links (K2), signed with the same secret for another audience. */
  homeTokens: HomeTokens;
  registry: RoomRegistry;
  log: Logger;
  publicUrl: () => string;
  /** Closes the open connections of a seat whose link was re-issued (A5). */
  closeSeat: (roomId: string, seat: Seat, version: number) => void;
  /** Unloads the room if nothing in this process holds it (it may have been loaded just for this). */
  roomReleased: (roomId: string) => void;
  /** Deletes a room for good (E1, server/room/eraseRoom.ts). */
  eraseRoom: (roomId: string, by: EraseBy) => Promise<boolean>;
  now: () => number;
  /** The server's rate limits: in memory, or shared by every instance on Redis (S28). */
  limiters: MakeLimiter;
  /** This instance's id (S27): what holds a couple's turn across instances (K7). */
  instanceId: string;
  /** Sign-in lockouts (M9), shared by every instance on Redis (S28). */
  signInLimits?: MakeSignInLimit;
}

/**
 * `talk` (T37) is optional: a therapy room is spoken unless asked otherwise, a practice room written.
 * `partners` (N1): both partners' names or none; a bad one is answered with its path.
 */
const CreateRoom = z.strictObject({
  mode: Mode,
  talk: Talk.optional(),
  partners: PartnersInput.nullable().optional(),
});

/** The REST side: create a room, re-issue a seat's link, health. */
export function apiRouter(deps: ApiDeps): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));

  // express-rate-limit for its behaviour (skipFailedRequests, the RateLimit headers), counting in
  // one of our limiters so the count is shared across instances (S28).
  const createLimit = rateLimit({
    windowMs: 60 * 60 * 1000,
    limit: deps.config.roomsPerHour,
    store: expressLimitStore(
      deps.limiters({ name: 'rooms-created', points: deps.config.roomsPerHour, duration: 3600 }),
    ),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipFailedRequests: true,
    handler: (_req, res) => fail(res, 'rate_limited', 'Too many rooms created from here. Try again later.'),
  });

  const reissue = seatReissuer(deps);
  // K8: with PRACTICE_ROOMS=open, anyone may start a practice room; besides each address's budget, a
  // global one, so many addresses together cannot fill the disk.
  const anonymousPractice = deps.limiters({
    name: 'practice-rooms',
    points: deps.config.practiceRoomsPerHour,
    duration: 3600,
  });

  router.use('/account', accountRouter({ ...deps, accounts: deps.store.accounts }));

  router.post('/rooms', createLimit, async (req: Request, res: Response) => {
    const body = CreateRoom.safeParse(req.body ?? {});
    const partnersIssue = body.error?.issues.find((issue) => issue.path[0] === 'partners');
    if (partnersIssue) {
      const problem = partnersProblem({ ...partnersIssue, path: partnersIssue.path.slice(1) });
      return fail(res, problem.code, problem.message, problem.path);
    }
    if (!body.success)
      return fail(
        res,
        'bad_request',
        'Send { "mode": "therapy" } or { "mode": "practice" }, with "talk": "spoken" or "written" and "partners" if you choose.',
      );
    const { mode, partners } = body.data;
    // M7: the therapist's seat is given only to a signed-in therapist, from a page of this site.
    if (mode === 'therapy') {
      const checked = await signedInTherapist(
        { ...deps, accounts: deps.store.accounts },
        req,
        'Sign in as a therapist to start a therapy room.',
      );
      if (!checked.ok) return fail(res, checked.code, checked.message);
    }
    if (mode === 'practice') {
      if (deps.config.practiceRooms === 'couples')
        return fail(
          res,
          'not_allowed',
          "Practice rooms here start from a couple's home link. Ask your therapist for yours.",
        );
      if (await take(anonymousPractice, 'all')) {
        return fail(
          res,
          'rate_limited',
          'Many practice rooms were started in the last hour. Try again later.',
        );
      }
    }
    const opened = await openRoom(deps, {
      mode,
      talk: body.data.talk ?? defaultTalk(mode),
      partners: partners ?? null,
    });
    res.status(201).json(opened);
  });

  router.post('/rooms/:roomId/seats/:seat/reissue', async (req: Request, res: Response) => {
    const roomId = String(req.params.roomId);
    const seat = Seat.safeParse(req.params.seat);
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!bearer)
      return fail(res, 'unauthorized', 'Send your own seat link token as "Authorization: Bearer <token>".');
    const verified = await deps.tokens.verify(bearer);
    if (!verified.ok) return fail(res, verified.code);
    const room = await deps.store.getRoom(roomId);
    const caller = verified.claims;
    if (caller.roomId !== roomId) return fail(res, 'room_not_found');
    if (!room) {
      if (await wasDeleted(deps.store, roomId)) return fail(res, 'session_ended', SESSION_DELETED);
      return fail(res, 'room_not_found');
    }
    if (room.seatVersions[caller.seat] !== caller.version) return fail(res, 'token_revoked');
    if (!seat.success || !seatsOf(room.mode).includes(seat.data))
      return fail(res, 'bad_request', 'No such seat in this room.');
    // A5: the therapist re-issues any seat of a therapy room (and admits the new link); a practice
    // partner only their own, so nobody can take over the other's seat and read what is theirs.
    const mayReissue = room.mode === 'therapy' ? caller.seat === 'therapist' : caller.seat === seat.data;
    if (!mayReissue) {
      return fail(
        res,
        'not_allowed',
        room.mode === 'therapy'
          ? 'Only the therapist can re-issue links in a therapy room.'
          : 'In a practice room each partner can re-issue only their own link.',
      );
    }
    const reissued = await reissue(roomId, seat.data, caller.seat);
    if (!reissued.ok) return fail(res, reissued.code, reissued.message);
    res.status(200).json({ roomId, seat: seat.data, ...reissued.link });
  });

  router.get('/rooms/:roomId/parts', roomPartsRoute(deps));
  // K7 across instances: on Redis another instance may be making the couple's room at this moment.
  const across = deps.store.kind === 'redis' ? leaseTurns(deps.store, deps.instanceId) : undefined;
  const onePerCouple = onePerKey(across);
  router.use(therapistRouter({ ...deps, reissue, onePerCouple }));
  router.use('/home', homeRouter({ ...deps, onePerCouple }));

  router.use((_req: Request, res: Response) => fail(res, 'not_found', 'No such API route.'));
  return router;
}

/** Turns body-parser and unexpected errors into the same JSON error shape, without echoing input. */
export function apiErrors(log: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, type } = error as { status?: number; type?: string };
    if (status === 413) return fail(res, 'too_large', 'A request can be at most 16 KB.');
    // body-parser marks a body it could not parse; any other 400 here is the address (bad %-encoding).
    if (status === 400 && type === 'entity.parse.failed')
      return fail(res, 'bad_request', 'The request body is not valid JSON.');
    if (status === 400) return fail(res, 'bad_request', 'That address could not be read.');
    if (status === 415) return fail(res, 'unsupported_media_type');
    log.error({ err: error }, 'request failed');
    fail(res, unavailableCode(error));
  };
}
