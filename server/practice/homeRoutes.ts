import express, { type NextFunction, type Request, type Response } from 'express';
import { defaultTalk, partsShownToOther } from '../../shared/index.ts';
import { badBody, fail } from '../http/fail.ts';
import { seatLink } from '../room/openRoom.ts';
import type { CoupleRecord, PartnerLetter, RoomKind, RoomOwnerRecord } from '../store/practiceTypes.ts';
import { coupleParts, mergedEdit, PartChanges } from './coupleParts.ts';
import { practiceItems, roomsWithFacts } from './coupleRooms.ts';
import { homeLink, type PracticeDeps } from './deps.ts';
import { sendArchive, timeZoneOf } from './download.ts';
import { homeArchive } from './exports.ts';
import { ShareChoice, StartPractice } from './input.ts';
import { openCoupleRoom } from './openCoupleRoom.ts';
import { pastWindow, roomFacts } from './roomFacts.ts';
import { assignmentView } from './views.ts';

/** Who a request with a valid home link is: a partner of a couple (K2). */
interface AtHome {
  couple: CoupleRecord;
  me: PartnerLetter;
}

function atHome(res: Response): AtHome {
  const home: unknown = res.locals.home;
  if (!home) throw new Error('the home link check must run before this route');
  return home as AtHome;
}

/**
 * The couple's home (docs/PROTOCOL.md §2.8): what a partner opens from their home link, with no
 * account — the link is the key (K2). Each route acts for the token's partner only: their own seat
 * link, their own share decision, their own new link (K4). Rooms of another couple are 404 (K3).
 */
export function homeRouter(deps: PracticeDeps): express.Router {
  const router = express.Router();

  // K2: checked on every request against the stored version, so a replaced link stops at once.
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    res.set('cache-control', 'no-store');
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!bearer)
      return fail(res, 'unauthorized', 'Send your home link token as "Authorization: Bearer <token>".');
    const claims = await deps.homeTokens.verify(bearer);
    if (!claims) return fail(res, 'unauthorized', 'This home link is not valid.');
    const [couple, version] = await Promise.all([
      deps.store.practice.couple(claims.coupleId),
      deps.store.practice.linkVersion(claims.coupleId, claims.partner),
    ]);
    if (!couple || version === null) return fail(res, 'unauthorized', 'This home link is not valid.');
    if (version !== claims.version)
      return fail(res, 'token_revoked', 'This home link was replaced by a newer one. Ask for the new link.');
    res.locals.home = { couple, me: claims.partner } satisfies AtHome;
    next();
  });

  /** A room of this couple of that kind, or a 404 (K3: another couple's is answered as if it did not exist). */
  async function ourRoom(req: Request, res: Response, kind: RoomKind): Promise<RoomOwnerRecord | null> {
    const owner = await deps.store.practice.roomOwner(String(req.params.roomId));
    if (owner && owner.kind === kind && owner.coupleId === atHome(res).couple.coupleId) return owner;
    fail(res, 'not_found', kind === 'session' ? 'No such session.' : 'No such practice.');
    return null;
  }

  /** My seat's link in one of our rooms, while the room can still be opened (A15); else an error sent. */
  async function mySeat(res: Response, owner: RoomOwnerRecord, status: 200 | 201 = 200): Promise<void> {
    const { me } = atHome(res);
    const [room, facts] = await Promise.all([
      deps.store.getRoom(owner.roomId),
      roomFacts(deps.store, owner.roomId),
    ]);
    const version = room?.seatVersions[me];
    if (!facts || version === undefined) return fail(res, 'not_found', 'No such room.');
    if (pastWindow(facts, deps.now(), deps.config.exportWindowMs))
      return fail(res, 'session_ended', 'This session has ended and can no longer be opened.');
    res
      .status(status)
      .json({ roomId: owner.roomId, seat: me, ...(await seatLink(deps, owner.roomId, me, version)) });
  }

  router.get('/', async (_req, res) => {
    const { couple, me } = atHome(res);
    const [therapist, assignments, practices, sessions] = await Promise.all([
      deps.store.accounts.therapist(couple.therapistId),
      deps.store.practice.assignmentsOf(couple.coupleId),
      practiceItems(deps.store, couple.coupleId, me),
      roomsWithFacts(deps.store, couple.coupleId, 'session'),
    ]);
    res.json({
      me,
      couple: { partners: couple.partners, nextSessionAt: couple.nextSessionAt },
      therapist: { name: therapist?.name ?? '' },
      assignments: assignments.map(assignmentView),
      practices,
      sessions: sessions.map(({ owner, facts }) => ({
        roomId: owner.roomId,
        createdAt: owner.createdAt,
        stage: facts.stage,
      })),
    });
  });

  router.post('/practices', async (req, res) => {
    const body = StartPractice.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const { couple, me } = atHome(res);
    const { assignmentId } = body.data;
    if (assignmentId !== undefined) {
      const assignment = await deps.store.practice.assignment(assignmentId);
      if (!assignment || assignment.coupleId !== couple.coupleId)
        return fail(res, 'not_found', 'No such assignment.');
    }
    // K7: one practice not yet ended per couple. Both partners may press "start" at once; starts of one
    // couple run one after the other in this process, so the second finds the first's room — and a
    // deletion of the couple (K10) runs in the same line, so a start after it finds no couple.
    await deps.onePerCouple(couple.coupleId, async () => {
      if (!(await deps.store.practice.couple(couple.coupleId))) return fail(res, 'token_revoked');
      const practices = await roomsWithFacts(deps.store, couple.coupleId, 'practice');
      const open = practices.find(({ facts }) => facts.stage !== 'ended');
      if (open) return mySeat(res, open.owner, 200);
      const opened = await openCoupleRoom(deps, {
        couple,
        kind: 'practice',
        talk: body.data.talk ?? defaultTalk('practice'),
        assignmentId: assignmentId ?? null,
        linksFor: [me],
      });
      deps.log.info({ coupleId: couple.coupleId, roomId: opened.roomId }, 'practice started from home');
      res.status(201).json({ roomId: opened.roomId, seat: me, ...opened.seats[me] });
    });
  });

  router.post('/practices/:roomId/join', async (req, res) => {
    const owner = await ourRoom(req, res, 'practice');
    if (owner) await mySeat(res, owner);
  });

  router.post('/sessions/:roomId/join', async (req, res) => {
    const owner = await ourRoom(req, res, 'session');
    if (owner) await mySeat(res, owner);
  });

  router.put('/practices/:roomId/share', async (req, res) => {
    const body = ShareChoice.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const owner = await ourRoom(req, res, 'practice');
    if (!owner) return;
    const facts = await roomFacts(deps.store, owner.roomId);
    if (!facts) return fail(res, 'not_found', 'No such practice.');
    // A partner consents to share a record they have seen whole: only once the practice has ended.
    if (facts.stage !== 'ended')
      return fail(res, 'invalid_target', 'You can choose whether to share a practice once it has ended.');
    const result = await deps.store.practice.setShare(
      owner.roomId,
      atHome(res).me,
      body.data.share,
      deps.now(),
    );
    if (!result.ok)
      return fail(res, 'already_done', 'You both shared this practice with your therapist; that stays.');
    res.json({ shares: { A: result.shares.A?.shared ?? null, B: result.shares.B?.shared ?? null } });
  });

  // K10: a partner deletes a practice of theirs while it is not shared by both; once both shared it,
  // it is part of what the therapist holds and stays (K5).
  router.delete('/practices/:roomId', async (req, res) => {
    const owner = await ourRoom(req, res, 'practice');
    if (!owner) return;
    const shares = await deps.store.practice.sharesOf(owner.roomId);
    if (shares.A?.shared && shares.B?.shared)
      return fail(
        res,
        'already_done',
        'You both shared this practice with your therapist, so it stays. Ask your therapist to delete it.',
      );
    await deps.eraseRoom(owner.roomId, { byKind: 'partner', byId: atHome(res).me, kind: 'practice' });
    res.status(204).end();
  });

  // L1–L4: my parts across our rooms as I keep them, and what our sessions showed me of my partner's.
  router.get('/parts', async (_req, res) => {
    const { couple, me } = atHome(res);
    const parts = await coupleParts(deps.store, couple.coupleId, 'partner');
    res.json({ mine: parts[me], partner: partsShownToOther(parts[me === 'A' ? 'B' : 'A']) });
  });

  // L4: a partner corrects one of their own parts, or forgets it.
  router.patch('/parts/:key', async (req, res) => {
    const body = PartChanges.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const { couple, me } = atHome(res);
    const key = String(req.params.key);
    const before = await coupleParts(deps.store, couple.coupleId, 'partner');
    if (!before[me].some((part) => part.key === key)) return fail(res, 'not_found', 'No such part.');
    const earlier = (await deps.store.parts.partEdits(couple.coupleId))[me].find((edit) => edit.key === key);
    await deps.store.parts.savePartEdit(couple.coupleId, me, mergedEdit(key, earlier, body.data), deps.now());
    const after = await coupleParts(deps.store, couple.coupleId, 'partner');
    res.json({ part: after[me].find((part) => part.key === key) ?? null });
  });

  // K11: a partner's own data in one zip: never the other partner's own.
  router.get('/export', async (req, res) => {
    const tz = timeZoneOf(req, res);
    if (tz === null) return;
    const { couple, me } = atHome(res);
    sendArchive(res, await homeArchive(deps.store, couple, me, tz, deps.now()));
  });

  router.post('/link', async (_req, res) => {
    const { couple, me } = atHome(res);
    const version = await deps.store.practice.bumpLinkVersion(couple.coupleId, me);
    if (version === null) return fail(res, 'unauthorized', 'This home link is not valid.');
    deps.log.info({ coupleId: couple.coupleId, partner: me }, 'home link replaced by its partner');
    res.json({ homeLink: await homeLink(deps, couple.coupleId, me, version) });
  });

  return router;
}
