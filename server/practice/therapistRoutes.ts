import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { defaultTalk, partsForTherapist } from '../../shared/index.ts';
import { requireTherapist, signedInOf } from '../accounts/routes.ts';
import { badBody, fail } from '../http/fail.ts';
import { seatLink } from '../room/openRoom.ts';
import type { seatReissuer } from '../room/reissueSeat.ts';
import type { CoupleRecord, RoomKind, RoomOwnerRecord } from '../store/practiceTypes.ts';
import { coupleParts } from './coupleParts.ts';
import { practiceItems, roomsWithFacts } from './coupleRooms.ts';
import { homeLink, type PracticeDeps } from './deps.ts';
import { sendArchive, timeZoneOf } from './download.ts';
import { coupleArchive } from './exports.ts';
import { CoupleChanges, NewAssignment, NewCouple, NewSession, Partner, PracticeNote } from './input.ts';
import { openCoupleRoom } from './openCoupleRoom.ts';
import { pastWindow, roomFacts } from './roomFacts.ts';
import { therapistRecord } from './sessionRecord.ts';
import { assignmentView, coupleView, sessionItem } from './views.ts';

export interface TherapistDeps extends PracticeDeps {
  /** The seat-link re-issuer `POST /api/rooms/…/reissue` uses, so both share one budget per seat. */
  reissue: ReturnType<typeof seatReissuer>;
}

/**
 * The therapist's side of the practice (docs/PROTOCOL.md §2.7): couples, their sessions, home links,
 * assignments and the note on a shared practice. Every route needs a signed-in therapist (and, for a
 * write, this site's Origin, M6); another therapist's couple, session or practice is 404 as if it did
 * not exist (K1). Logs carry ids, never names or notes.
 */
export function therapistRouter(deps: TherapistDeps): express.Router {
  const router = express.Router();
  router.use(
    ['/couples', '/sessions', '/practices'],
    requireTherapist({ ...deps, accounts: deps.store.accounts }),
    (_req, res, next) => {
      res.set('cache-control', 'no-store');
      next();
    },
  );

  const therapistId = (res: Response) => signedInOf(res).therapist.therapistId;

  /** The signed-in therapist's couple, or a 404 (K1: another's is answered as if it did not exist). */
  async function ownCouple(req: Request, res: Response): Promise<CoupleRecord | null> {
    const couple = await deps.store.practice.couple(String(req.params.coupleId));
    if (couple && couple.therapistId === therapistId(res)) return couple;
    fail(res, 'not_found', 'No such couple.');
    return null;
  }

  /** A room of that kind belonging to one of the signed-in therapist's couples, or a 404 (K1). */
  async function ownRoom(req: Request, res: Response, kind: RoomKind): Promise<RoomOwnerRecord | null> {
    const owner = await deps.store.practice.roomOwner(String(req.params.roomId));
    const couple = owner && (await deps.store.practice.couple(owner.coupleId));
    if (owner && owner.kind === kind && couple && couple.therapistId === therapistId(res)) return owner;
    fail(res, 'not_found', kind === 'session' ? 'No such session.' : 'No such practice.');
    return null;
  }

  router.get('/couples', async (_req, res) => {
    const couples = await deps.store.practice.couplesOf(therapistId(res));
    const last = await deps.store.practice.lastSessionTimes(couples.map((c) => c.coupleId));
    res.json({
      couples: couples.map((c) => ({ ...coupleView(c), lastSessionAt: last.get(c.coupleId) ?? null })),
    });
  });

  router.post('/couples', async (req, res) => {
    const body = NewCouple.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const couple: CoupleRecord = {
      coupleId: randomUUID(),
      therapistId: therapistId(res),
      partners: body.data.partners,
      note: body.data.note ?? '',
      nextSessionAt: null,
      createdAt: deps.now(),
      confidentiality: null,
    };
    await deps.store.practice.createCouple(couple);
    deps.log.info({ coupleId: couple.coupleId, therapistId: couple.therapistId }, 'couple added');
    res.status(201).json({
      couple: coupleView(couple),
      homeLinks: {
        A: await homeLink(deps, couple.coupleId, 'A', 1),
        B: await homeLink(deps, couple.coupleId, 'B', 1),
      },
    });
  });

  router.get('/couples/:coupleId', async (req, res) => {
    const couple = await ownCouple(req, res);
    if (!couple) return;
    const sessions = await roomsWithFacts(deps.store, couple.coupleId, 'session');
    const parts = await coupleParts(deps.store, couple.coupleId, 'therapist');
    res.json({
      couple: coupleView(couple),
      sessions: sessions.map(({ owner, facts }) => sessionItem(owner, facts)),
      practices: await practiceItems(deps.store, couple.coupleId, 'therapist'),
      assignments: (await deps.store.practice.assignmentsOf(couple.coupleId)).map(assignmentView),
      // L4: both partners' parts as they keep them, from the rooms the therapist may read.
      parts: { A: partsForTherapist(parts.A), B: partsForTherapist(parts.B) },
    });
  });

  router.patch('/couples/:coupleId', async (req, res) => {
    const body = CoupleChanges.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const couple = await ownCouple(req, res);
    if (!couple) return;
    const { partners, note, nextSessionAt, confidentiality } = body.data;
    const changed = await deps.store.practice.updateCouple(couple.coupleId, {
      ...(partners ? { partners: { ...partners } } : {}),
      ...(note === undefined ? {} : { note }),
      ...(nextSessionAt === undefined ? {} : { nextSessionAt }),
      ...(confidentiality === undefined ? {} : { confidentiality }),
    });
    if (!changed) return fail(res, 'not_found', 'No such couple.');
    res.json({ couple: coupleView(changed) });
  });

  // K10: deleting a couple deletes everything of theirs (E1): each of their rooms through the erasure
  // service (connections closed, memory dropped, rows gone), then the couple's own rows in one write —
  // links first among them, so a home link stops at once — and a checkpoint, so no file keeps a byte.
  router.delete('/couples/:coupleId', async (req, res) => {
    const couple = await ownCouple(req, res);
    if (!couple) return;
    const by = { byKind: 'therapist' as const, byId: couple.therapistId };
    // In the couple's line (deps.onePerCouple): a practice being started from home finishes first and
    // is erased with the rest; one asked for afterwards finds no couple.
    const erased = await deps.onePerCouple(couple.coupleId, async () => {
      // The home links stop first, so no partner starts a practice while the rooms are being erased.
      await deps.store.practice.bumpLinkVersion(couple.coupleId, 'A');
      await deps.store.practice.bumpLinkVersion(couple.coupleId, 'B');
      const rooms = [
        ...(await deps.store.practice.roomsOf(couple.coupleId, 'session')),
        ...(await deps.store.practice.roomsOf(couple.coupleId, 'practice')),
      ];
      for (const room of rooms)
        await deps.eraseRoom(room.roomId, { ...by, kind: room.kind === 'session' ? 'room' : 'practice' });
      await deps.store.parts.deletePartEdits(couple.coupleId);
      await deps.store.practice.deleteCouple(couple.coupleId, { ...by, at: deps.now() });
      return rooms.length;
    });
    await deps.store.checkpoint();
    deps.log.info({ coupleId: couple.coupleId, rooms: erased }, 'couple deleted by the therapist');
    res.status(204).end();
  });

  // K11: everything about the couple the therapist may see, in one zip.
  router.get('/couples/:coupleId/export', async (req, res) => {
    const tz = timeZoneOf(req, res);
    if (tz === null) return;
    const couple = await ownCouple(req, res);
    if (!couple) return;
    sendArchive(res, await coupleArchive(deps.store, couple, tz, deps.now()));
  });

  router.post('/couples/:coupleId/links/:partner', async (req, res) => {
    const partner = Partner.safeParse(req.params.partner);
    if (!partner.success) return fail(res, 'bad_request', 'A home link is for partner A or B.');
    const couple = await ownCouple(req, res);
    if (!couple) return;
    const version = await deps.store.practice.bumpLinkVersion(couple.coupleId, partner.data);
    if (version === null) return fail(res, 'not_found', 'No such couple.');
    deps.log.info(
      { coupleId: couple.coupleId, partner: partner.data },
      'home link replaced by the therapist',
    );
    res.json({ homeLink: await homeLink(deps, couple.coupleId, partner.data, version) });
  });

  router.post('/couples/:coupleId/sessions', async (req, res) => {
    const body = NewSession.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const couple = await ownCouple(req, res);
    if (!couple) return;
    const opened = await openCoupleRoom(deps, {
      couple,
      kind: 'session',
      talk: body.data.talk ?? defaultTalk('therapy'),
    });
    deps.log.info({ coupleId: couple.coupleId, roomId: opened.roomId }, 'session started for a couple');
    res.status(201).json(opened);
  });

  router.post('/couples/:coupleId/assignments', async (req, res) => {
    const body = NewAssignment.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const couple = await ownCouple(req, res);
    if (!couple) return;
    const assignment = {
      assignmentId: randomUUID(),
      coupleId: couple.coupleId,
      topic: body.data.topic ?? '',
      firstSpeaker: body.data.firstSpeaker,
      rounds: body.data.rounds,
      due: body.data.due ?? null,
      note: body.data.note ?? '',
      createdAt: deps.now(),
    };
    await deps.store.practice.createAssignment(assignment);
    res.status(201).json({ assignment: assignmentView(assignment) });
  });

  router.delete('/couples/:coupleId/assignments/:assignmentId', async (req, res) => {
    const couple = await ownCouple(req, res);
    if (!couple) return;
    const deleted = await deps.store.practice.deleteAssignment(
      couple.coupleId,
      String(req.params.assignmentId),
    );
    if (!deleted) return fail(res, 'not_found', 'No such assignment.');
    res.status(204).end();
  });

  // A fresh console link for one of the therapist's own sessions, at the seat's current version: the
  // link in the browser may have expired, the session has not (issue 10 §2).
  router.post('/sessions/:roomId/console', async (req, res) => {
    const owner = await ownRoom(req, res, 'session');
    if (!owner) return;
    const [room, facts] = await Promise.all([
      deps.store.getRoom(owner.roomId),
      roomFacts(deps.store, owner.roomId),
    ]);
    const version = room?.seatVersions.therapist;
    if (!facts || version === undefined) return fail(res, 'not_found', 'No such session.');
    if (pastWindow(facts, deps.now(), deps.config.exportWindowMs))
      return fail(res, 'session_ended', 'This session has ended and its export window has passed.');
    res.json({
      roomId: owner.roomId,
      seat: 'therapist',
      ...(await seatLink(deps, owner.roomId, 'therapist', version)),
    });
  });

  // Re-sending a partner's invite is the re-issue of A5: the old link stops, a new one is made.
  router.post('/sessions/:roomId/links/:seat', async (req, res) => {
    const seat = Partner.safeParse(req.params.seat);
    if (!seat.success) return fail(res, 'bad_request', 'A partner link is for seat A or B.');
    const owner = await ownRoom(req, res, 'session');
    if (!owner) return;
    const reissued = await deps.reissue(owner.roomId, seat.data, 'therapist');
    if (!reissued.ok) return fail(res, reissued.code, reissued.message);
    res.json({ roomId: owner.roomId, seat: seat.data, ...reissued.link });
  });

  // R3 R5: the therapist's own copy of a session's clinical record, with their private notes, as
  // Markdown to paste into their notes (a file) or as the JSON document the print view renders.
  router.get('/sessions/:roomId/record', async (req, res) => {
    const format = req.query.format ?? 'md';
    if (format !== 'md' && format !== 'json')
      return fail(res, 'bad_request', 'Ask for format=md or format=json.', 'format');
    const tz = timeZoneOf(req, res);
    if (tz === null) return;
    const owner = await ownRoom(req, res, 'session');
    if (!owner) return;
    const record = await therapistRecord(deps.store, owner.roomId, tz, deps.now());
    if (!record) return fail(res, 'not_found', 'No such session.');
    if (format === 'json') return res.json(record.json);
    res
      .type('text/markdown; charset=utf-8')
      .set('content-disposition', `attachment; filename="session-${record.day}.md"`)
      .send(record.markdown);
  });

  // K10: a therapist deletes one of their own sessions (E1); anyone else's is 404 (K1).
  router.delete('/sessions/:roomId', async (req, res) => {
    const owner = await ownRoom(req, res, 'session');
    if (!owner) return;
    await deps.eraseRoom(owner.roomId, { byKind: 'therapist', byId: therapistId(res), kind: 'room' });
    res.status(204).end();
  });

  router.put('/practices/:roomId/note', async (req, res) => {
    const body = PracticeNote.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const owner = await ownRoom(req, res, 'practice');
    if (!owner) return;
    const shares = await deps.store.practice.sharesOf(owner.roomId);
    // K6: a note belongs on a record the therapist may read, so only once both partners shared it.
    if (!(shares.A?.shared && shares.B?.shared))
      return fail(
        res,
        'not_allowed',
        'Both partners have to share this practice before you can leave a note.',
      );
    await deps.store.practice.setPracticeNote(owner.roomId, { note: body.data.note, at: deps.now() });
    res.json({ therapistNote: body.data.note });
  });

  return router;
}
