import { describe, expect, it } from 'vitest';
import { openSeat } from '../support/clients.ts';
import { type AddedCouple, addCouple, asTherapistFetch, atHome } from '../support/couples.ts';
import { withServer } from '../support/session.ts';
import { type SignedInTherapist, signUpTherapist } from '../support/therapist.ts';

describe("a couple's home (K2–K7)", () => {
  let now = Date.now();
  const ctx = withServer({}, { now: () => now });

  async function setUp(): Promise<{ therapist: SignedInTherapist; couple: AddedCouple }> {
    now = Date.now();
    const therapist = await signUpTherapist(ctx.server.url, { name: 'Dr Rivera' });
    return { therapist, couple: await addCouple(ctx.server.url, therapist) };
  }

  it('K2 the home link opens the couple’s home with no account: names, next session, therapist, assignments, practices, sessions', async () => {
    const url = ctx.server.url;
    const { therapist, couple } = await setUp();
    const as = asTherapistFetch(url, therapist);
    await as(`/api/couples/${couple.id}`, 'PATCH', { nextSessionAt: 1_800_000_000_000 });
    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const res = await atHome(url, couple.homeLinks.B.token)('');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      me: 'B',
      couple: {
        partners: { A: { name: 'Sam', pronouns: 'she/her' }, B: { name: 'Alex', pronouns: null } },
        nextSessionAt: 1_800_000_000_000,
      },
      therapist: { name: 'Dr Rivera' },
      assignments: [],
      practices: [],
      sessions: [{ roomId: session.roomId, createdAt: expect.any(Number), stage: 'contract' }],
    });
  });

  it('K2 without a home token, with a made-up one, or with a seat token, the home is 401', async () => {
    const url = ctx.server.url;
    const { couple } = await setUp();
    const none = await fetch(`${url}/api/home`);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe('unauthorized');
    expect((await atHome(url, 'not-a-token')('')).status).toBe(401);
    // A seat token is signed with the same secret, for another audience: it is not a home link.
    const started = await (await atHome(url, couple.homeLinks.A.token)('/practices', 'POST', {})).json();
    const asSeat = await atHome(url, started.token)('');
    expect(asSeat.status).toBe(401);
    expect((await asSeat.json()).error.code).toBe('unauthorized');
    // …and a home token is no seat token.
    const seat = openSeat(url, couple.homeLinks.A.token);
    expect((await seat.refused()).data?.code).toBe('unauthorized');
  });

  it('K2 a partner replaces their own home link: the old one stops on the next request; the other partner’s stays', async () => {
    const url = ctx.server.url;
    const { couple } = await setUp();
    const old = atHome(url, couple.homeLinks.A.token);
    const res = await old('/link', 'POST');
    expect(res.status).toBe(200);
    const { homeLink } = await res.json();
    expect(homeLink.link).toBe(`${url}/home#token=${homeLink.token}`);
    for (const [path, method] of [
      ['', 'GET'],
      ['/practices', 'POST'],
      ['/link', 'POST'],
    ] as const) {
      const refused = await old(path, method, method === 'POST' ? {} : undefined);
      expect(refused.status, path).toBe(401);
      expect((await refused.json()).error.code).toBe('token_revoked');
    }
    expect((await (await atHome(url, homeLink.token)('')).json()).me).toBe('A');
    expect((await atHome(url, couple.homeLinks.B.token)('')).status).toBe(200);
  });

  it("K3 a home link reaches its own couple's rooms only", async () => {
    const url = ctx.server.url;
    const { therapist, couple } = await setUp();
    const others = await addCouple(url, therapist, { A: { name: 'Kim', pronouns: '' }, B: { name: 'Lee' } });
    const theirPractice = await (
      await atHome(url, others.homeLinks.A.token)('/practices', 'POST', {})
    ).json();
    const theirSession = await (
      await asTherapistFetch(url, therapist)(`/api/couples/${others.id}/sessions`, 'POST', {})
    ).json();
    const mine = atHome(url, couple.homeLinks.A.token);
    for (const [path, method, body] of [
      [`/practices/${theirPractice.roomId}/join`, 'POST', undefined],
      [`/practices/${theirPractice.roomId}/share`, 'PUT', { share: true }],
      [`/sessions/${theirSession.roomId}/join`, 'POST', undefined],
      [`/practices/${theirSession.roomId}/join`, 'POST', undefined],
    ] as const) {
      const res = await mine(path, method, body);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    const home = await (await mine('')).json();
    expect(home.practices).toEqual([]);
    expect(home.sessions).toEqual([]);
    // An assignment of another couple cannot start a practice here either.
    const theirAssignment = (
      await (
        await asTherapistFetch(url, therapist)(`/api/couples/${others.id}/assignments`, 'POST', {
          firstSpeaker: 'A',
          rounds: 1,
        })
      ).json()
    ).assignment;
    expect((await mine('/practices', 'POST', { assignmentId: theirAssignment.id })).status).toBe(404);
  });

  it('K4 K7 a home practice gives only my seat; a second start returns the open room; after the end a new one starts', async () => {
    const url = ctx.server.url;
    const { therapist, couple } = await setUp();
    const assignment = (
      await (
        await asTherapistFetch(url, therapist)(`/api/couples/${couple.id}/assignments`, 'POST', {
          topic: 'Sunday plans',
          firstSpeaker: 'B',
          rounds: 1,
        })
      ).json()
    ).assignment;
    const a = atHome(url, couple.homeLinks.A.token);
    const b = atHome(url, couple.homeLinks.B.token);
    const res = await a('/practices', 'POST', { assignmentId: assignment.id });
    expect(res.status).toBe(201);
    const started = await res.json();
    expect(Object.keys(started).sort()).toEqual(['expiresAt', 'link', 'roomId', 'seat', 'token']);
    expect(started.seat).toBe('A');
    expect(started.link).toBe(`${url}/join#token=${started.token}`);
    const seatA = openSeat(url, started.token);
    await seatA.connected();
    expect(seatA.welcome).toMatchObject({ roomId: started.roomId, seat: 'A', mode: 'practice' });
    expect(seatA.state?.talk).toBe('written');

    // B presses "start" too: the same room, B's own seat.
    const again = await b('/practices', 'POST', {});
    expect(again.status).toBe(200);
    const second = await again.json();
    expect(second).toMatchObject({ roomId: started.roomId, seat: 'B' });
    const seatB = openSeat(url, second.token);
    await seatB.connected();
    expect(seatB.welcome?.seat).toBe('B');
    const joined = await (await b(`/practices/${started.roomId}/join`, 'POST')).json();
    expect(joined).toMatchObject({ roomId: started.roomId, seat: 'B' });

    const home = await (await b('')).json();
    expect(home.practices).toEqual([
      {
        roomId: started.roomId,
        createdAt: expect.any(Number),
        assignmentId: assignment.id,
        stage: 'contract',
        happened: null,
        safetyPauses: 0,
        shares: { A: null, B: null },
        shared: false,
        therapistNote: null,
        // A partner was in the room: they see their own copy of its line (K5).
        summary: expect.objectContaining({ roomId: started.roomId, rounds: 0 }),
      },
    ]);

    await seatA.ok({ type: 'requestEnd' });
    const end = await seatB.ok({ type: 'confirmEnd' });
    await seatA.caughtUp(end);
    const next = await b('/practices', 'POST', { talk: 'spoken' });
    expect(next.status).toBe(201);
    const fresh = await next.json();
    expect(fresh.roomId).not.toBe(started.roomId);
    expect(fresh.seat).toBe('B');
  });

  it('K5 K6 K9 sharing: A yes and B no shows the therapist no summary; both yes shares it for good; the note is read at home', async () => {
    const url = ctx.server.url;
    const { therapist, couple } = await setUp();
    const as = asTherapistFetch(url, therapist);
    const a = atHome(url, couple.homeLinks.A.token);
    const b = atHome(url, couple.homeLinks.B.token);

    const unfinished = await (await a('/practices', 'POST', {})).json();
    const early = await a(`/practices/${unfinished.roomId}/share`, 'PUT', { share: true });
    expect(early.status).toBe(409);
    expect((await early.json()).error.code).toBe('invalid_target');
    // End it (both in the room), with a safety pause on the way.
    const seatA = openSeat(url, unfinished.token);
    const seatB = openSeat(
      url,
      (await (await b(`/practices/${unfinished.roomId}/join`, 'POST')).json()).token,
    );
    await seatA.connected();
    await seatB.connected();
    await seatA.ok({ type: 'agreeContract', safeWord: 'mango' });
    await seatB.ok({ type: 'agreeContract' });
    await seatB.ok({ type: 'safetyPause' });
    await seatB.ok({ type: 'requestEnd' });
    await seatB.ok({ type: 'confirmEnd' });
    const roomId = unfinished.roomId;

    expect(await (await a(`/practices/${roomId}/share`, 'PUT', { share: true })).json()).toEqual({
      shares: { A: true, B: null },
    });
    expect(await (await b(`/practices/${roomId}/share`, 'PUT', { share: false })).json()).toEqual({
      shares: { A: true, B: false },
    });
    let seen = (await (await as(`/api/couples/${couple.id}`)).json()).practices[0];
    // The therapist always sees that it happened, how long, how far, and its safety pauses…
    expect(seen).toMatchObject({
      roomId,
      stage: 'ended',
      happened: { startedAt: expect.any(Number), lengthMinutes: 0, roundsCompleted: 0 },
      safetyPauses: 1,
      shares: { A: true, B: false },
      shared: false,
      summary: null,
      therapistNote: null,
    });
    // …but may not write on a record they may not read.
    const tooEarly = await as(`/api/practices/${roomId}/note`, 'PUT', { note: 'Well done.' });
    expect(tooEarly.status).toBe(403);
    expect((await tooEarly.json()).error.code).toBe('not_allowed');

    expect(await (await b(`/practices/${roomId}/share`, 'PUT', { share: true })).json()).toEqual({
      shares: { A: true, B: true },
    });
    seen = (await (await as(`/api/couples/${couple.id}`)).json()).practices[0];
    expect(seen).toMatchObject({ shares: { A: true, B: true }, shared: true });
    // Fixed: neither can take it back.
    const withdraw = await a(`/practices/${roomId}/share`, 'PUT', { share: false });
    expect(withdraw.status).toBe(409);
    expect((await withdraw.json()).error.code).toBe('already_done');

    const noted = await as(`/api/practices/${roomId}/note`, 'PUT', { note: '  Well done, both of you. ' });
    expect(noted.status).toBe(200);
    expect(await noted.json()).toEqual({ therapistNote: 'Well done, both of you.' });
    expect((await as(`/api/practices/${roomId}/note`, 'PUT', { note: '' })).status).toBe(400);
    const home = await (await b('')).json();
    expect(home.practices[0]).toMatchObject({
      roomId,
      shared: true,
      therapistNote: 'Well done, both of you.',
    });
    expect(JSON.stringify(ctx.server.logs)).not.toContain('Well done');
  });

  it('K4 A15 a partner opens their own seat of a session from home, until its export window has passed', async () => {
    const url = ctx.server.url;
    const { therapist, couple } = await setUp();
    const session = await (
      await asTherapistFetch(url, therapist)(`/api/couples/${couple.id}/sessions`, 'POST', {})
    ).json();
    const res = await atHome(url, couple.homeLinks.A.token)(`/sessions/${session.roomId}/join`, 'POST');
    expect(res.status).toBe(200);
    const mine = await res.json();
    expect(Object.keys(mine).sort()).toEqual(['expiresAt', 'link', 'roomId', 'seat', 'token']);
    expect(mine.seat).toBe('A');
    const seat = openSeat(url, mine.token);
    await seat.connected();
    expect(seat.welcome?.seat).toBe('A');

    const console = openSeat(url, session.seats.therapist.token);
    await console.connected();
    await console.ok({ type: 'requestEnd' });
    await console.ok({ type: 'confirmEnd' });
    expect(
      (await atHome(url, couple.homeLinks.B.token)(`/sessions/${session.roomId}/join`, 'POST')).status,
    ).toBe(200);
    now += 72 * 3600 * 1000 + 60_000; // EXPORT_WINDOW_HOURS' default, and a minute
    const late = await atHome(url, couple.homeLinks.B.token)(`/sessions/${session.roomId}/join`, 'POST');
    expect(late.status).toBe(410);
    expect((await late.json()).error.code).toBe('session_ended');
  });

  it('K5 a practice nobody did anything in has not happened', async () => {
    const url = ctx.server.url;
    const { therapist, couple } = await setUp();
    await atHome(url, couple.homeLinks.A.token)('/practices', 'POST', {});
    const seen = (await (await asTherapistFetch(url, therapist)(`/api/couples/${couple.id}`)).json())
      .practices;
    expect(seen).toMatchObject([{ stage: 'contract', happened: null, safetyPauses: 0, shared: false }]);
  });
});
