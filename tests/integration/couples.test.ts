import { describe, expect, it } from 'vitest';
import { openSeat } from '../support/clients.ts';
import { addCouple, asTherapistFetch, atHome } from '../support/couples.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

describe("a therapist's couples (K1, K2, K4)", () => {
  const ctx = withServer();

  it('K1 K9 a therapist adds a couple, gets both home links, lists, reads and edits it; the log holds none of it', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const created = await as('/api/couples', 'POST', {
      partners: {
        A: { name: '  Sam-UNIQUE-NAME ', pronouns: 'she/her' },
        B: { name: 'Alex', pronouns: ' ' },
      },
      note: 'NOTE-UNIQUE-TEXT',
    });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.couple).toEqual({
      id: expect.any(String),
      partners: { A: { name: 'Sam-UNIQUE-NAME', pronouns: 'she/her' }, B: { name: 'Alex', pronouns: null } },
      note: 'NOTE-UNIQUE-TEXT',
      nextSessionAt: null,
      createdAt: expect.any(Number),
      confidentiality: null,
    });
    for (const partner of ['A', 'B'] as const) {
      const { link, token } = body.homeLinks[partner];
      expect(link).toBe(`${url}/home#token=${token}`);
      expect((await atHome(url, token)('')).status).toBe(200);
    }

    const list = await (await as('/api/couples')).json();
    expect(list).toEqual({ couples: [{ ...body.couple, lastSessionAt: null }] });

    const detail = await as(`/api/couples/${body.couple.id}`);
    expect(detail.status).toBe(200);
    expect(detail.headers.get('cache-control')).toBe('no-store');
    expect(await detail.json()).toEqual({
      couple: body.couple,
      sessions: [],
      practices: [],
      assignments: [],
      parts: { A: [], B: [] },
    });

    const patched = await as(`/api/couples/${body.couple.id}`, 'PATCH', {
      partners: { B: { name: 'Robin', pronouns: 'they/them' } },
      nextSessionAt: 1_800_000_000_000,
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).couple).toEqual({
      ...body.couple,
      partners: { A: body.couple.partners.A, B: { name: 'Robin', pronouns: 'they/them' } },
      nextSessionAt: 1_800_000_000_000,
    });
    const cleared = await (
      await as(`/api/couples/${body.couple.id}`, 'PATCH', { nextSessionAt: null, note: '' })
    ).json();
    expect(cleared.couple).toMatchObject({ nextSessionAt: null, note: '' });
    // Logs carry ids, never what a therapist wrote about a couple.
    const logs = ctx.server.logs.join('\n');
    expect(logs).not.toContain('UNIQUE-NAME');
    expect(logs).not.toContain('NOTE-UNIQUE-TEXT');
    expect(logs).not.toContain(body.homeLinks.A.token);
  });

  it('K1 bad couple input is a 400 naming the field, and adds nobody', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const cases: [unknown, string][] = [
      [{ partners: { A: { name: '' }, B: { name: 'Alex' } } }, 'partners.A.name'],
      [{ partners: { A: { name: 'x'.repeat(41) }, B: { name: 'Alex' } } }, 'partners.A.name'],
      [{ partners: { A: { name: 'Sam' }, B: { name: 'Al\u0007ex' } } }, 'partners.B.name'],
      [
        { partners: { A: { name: 'Sam', pronouns: 'p'.repeat(25) }, B: { name: 'Alex' } } },
        'partners.A.pronouns',
      ],
      [{ partners: { A: { name: 'Sam' } } }, 'partners.B'],
      [{ partners: { A: { name: 'Sam' }, B: { name: 'Alex' } }, note: 'n'.repeat(2001) }, 'note'],
      [{ partners: { A: { name: 'Sam' }, B: { name: 'Alex' } }, extra: 1 }, ''],
    ];
    for (const [body, path] of cases) {
      const res = await as('/api/couples', 'POST', body);
      expect(res.status, path).toBe(400);
      const error = (await res.json()).error;
      expect(error.code).toBe('bad_request');
      if (path) expect(error.path).toBe(path);
    }
    expect((await (await as('/api/couples')).json()).couples).toEqual([]);
  });

  it("K1 another therapist's couple, its sessions and practices are 404 to everyone else, as if they did not exist", async () => {
    const url = ctx.server.url;
    const owner = await signUpTherapist(url);
    const other = await signUpTherapist(url);
    const mine = asTherapistFetch(url, owner);
    const theirs = asTherapistFetch(url, other);
    const couple = await addCouple(url, owner);
    const session = await (await mine(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const assignment = (
      await (
        await mine(`/api/couples/${couple.id}/assignments`, 'POST', { firstSpeaker: 'A', rounds: 1 })
      ).json()
    ).assignment;
    const practice = await (await atHome(url, couple.homeLinks.A.token)('/practices', 'POST', {})).json();

    const attempts: [string, string, unknown?][] = [
      [`/api/couples/${couple.id}`, 'GET'],
      [`/api/couples/${couple.id}`, 'PATCH', { note: 'mine now' }],
      [`/api/couples/${couple.id}/links/A`, 'POST', {}],
      [`/api/couples/${couple.id}/sessions`, 'POST', {}],
      [`/api/couples/${couple.id}/assignments`, 'POST', { firstSpeaker: 'A', rounds: 1 }],
      [`/api/couples/${couple.id}/assignments/${assignment.id}`, 'DELETE'],
      [`/api/sessions/${session.roomId}/console`, 'POST', {}],
      [`/api/sessions/${session.roomId}/links/A`, 'POST', {}],
      [`/api/practices/${practice.roomId}/note`, 'PUT', { note: 'hello' }],
    ];
    for (const [path, method, body] of attempts) {
      const res = await theirs(path, method, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    expect((await (await theirs('/api/couples')).json()).couples).toEqual([]);
    // Nothing changed: the owner's couple, links and assignment are as they were.
    const detail = await (await mine(`/api/couples/${couple.id}`)).json();
    expect(detail.couple.note).toBe('');
    expect(detail.sessions).toHaveLength(1);
    expect(detail.assignments).toHaveLength(1);
    expect((await atHome(url, couple.homeLinks.A.token)('')).status).toBe(200);
    // A session id given to the practice routes, or the other way round, is not found either.
    expect((await mine(`/api/practices/${session.roomId}/note`, 'PUT', { note: 'x' })).status).toBe(404);
    expect((await mine(`/api/sessions/${practice.roomId}/console`, 'POST', {})).status).toBe(404);
  });

  it('K1 M3 M6 the couples routes need a signed-in therapist, and writes this site’s Origin', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const couple = await addCouple(url, therapist);
    expect((await fetch(`${url}/api/couples`)).status).toBe(401);
    expect(
      (await fetch(`${url}/api/couples/${couple.id}`, { headers: { cookie: 'dr_session=made-up' } })).status,
    ).toBe(401);
    // A home token is no therapist's session.
    const withHomeToken = await fetch(`${url}/api/couples/${couple.id}`, {
      headers: { authorization: `Bearer ${couple.homeLinks.A.token}` },
    });
    expect(withHomeToken.status).toBe(401);
    const noOrigin = await fetch(`${url}/api/couples`, {
      method: 'POST',
      headers: { cookie: therapist.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ partners: { A: { name: 'Sam' }, B: { name: 'Alex' } } }),
    });
    expect(noOrigin.status).toBe(403);
    expect((await noOrigin.json()).error.code).toBe('bad_origin');
    const elsewhere = await fetch(`${url}/api/couples/${couple.id}/links/A`, {
      method: 'POST',
      headers: { cookie: therapist.cookie, origin: 'https://evil.example' },
    });
    expect(elsewhere.status).toBe(403);
    expect((await atHome(url, couple.homeLinks.A.token)('')).status).toBe(200);
  });

  it('K4 starting a session gives three seat links that open real seats; the console link and a partner’s invite can be had again', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(url, therapist);
    const res = await as(`/api/couples/${couple.id}/sessions`, 'POST', {});
    expect(res.status).toBe(201);
    const session = await res.json();
    expect(session).toMatchObject({ mode: 'therapy', talk: 'spoken' });
    expect(Object.keys(session.seats).sort()).toEqual(['A', 'B', 'therapist']);
    for (const seat of ['therapist', 'A', 'B'] as const) {
      expect(session.seats[seat].link).toBe(`${url}/join#token=${session.seats[seat].token}`);
      const client = openSeat(url, session.seats[seat].token);
      await client.connected();
      expect(client.welcome).toMatchObject({ roomId: session.roomId, seat, mode: 'therapy' });
    }

    const detail = await (await as(`/api/couples/${couple.id}`)).json();
    expect(detail.sessions).toEqual([
      {
        roomId: session.roomId,
        kind: 'session',
        createdAt: expect.any(Number),
        talk: 'spoken',
        stage: 'contract',
        // R1's session-list line, built from the therapist's view of the room (nothing happened yet).
        summary: expect.objectContaining({ roomId: session.roomId, rounds: 0, closing: false }),
      },
    ]);
    const listed = (await (await as('/api/couples')).json()).couples[0];
    expect(listed.lastSessionAt).toBe(detail.sessions[0].createdAt);

    const written = await (
      await as(`/api/couples/${couple.id}/sessions`, 'POST', { talk: 'written' })
    ).json();
    expect(written.talk).toBe('written');
    const both = (await (await as(`/api/couples/${couple.id}`)).json()).sessions;
    expect(both.map((s: { roomId: string }) => s.roomId)).toEqual([written.roomId, session.roomId]);

    // A fresh console link for the therapist's own session, at the seat's current version.
    const consoleRes = await as(`/api/sessions/${session.roomId}/console`, 'POST', {});
    expect(consoleRes.status).toBe(200);
    const fresh = await consoleRes.json();
    expect(fresh).toMatchObject({ roomId: session.roomId, seat: 'therapist' });
    const console = openSeat(url, fresh.token);
    await console.connected();
    expect(console.welcome?.seat).toBe('therapist');

    // Re-sending B's invite revokes the old link (A5) and gives a new one that opens B's seat.
    const resent = await as(`/api/sessions/${session.roomId}/links/B`, 'POST', {});
    expect(resent.status).toBe(200);
    const newB = await resent.json();
    expect(newB).toMatchObject({ roomId: session.roomId, seat: 'B' });
    const oldB = openSeat(url, session.seats.B.token);
    expect((await oldB.refused()).data?.code).toBe('token_revoked');
    const b = openSeat(url, newB.token);
    await b.connected();
    expect(b.welcome?.seat).toBe('B');
    expect((await as(`/api/sessions/${session.roomId}/links/therapist`, 'POST', {})).status).toBe(400);
  });

  it("K2 the therapist replaces a partner's home link: the old one stops on the next request, the other partner's stays", async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(url, therapist);
    const old = atHome(url, couple.homeLinks.A.token);
    expect((await old('')).status).toBe(200);
    const res = await as(`/api/couples/${couple.id}/links/A`, 'POST', {});
    expect(res.status).toBe(200);
    const { homeLink } = await res.json();
    expect(homeLink.link).toBe(`${url}/home#token=${homeLink.token}`);
    const refused = await old('');
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('token_revoked');
    expect((await old('/practices', 'POST', {})).status).toBe(401);
    expect((await atHome(url, homeLink.token)('')).status).toBe(200);
    expect((await atHome(url, couple.homeLinks.B.token)('')).status).toBe(200);
    expect((await as(`/api/couples/${couple.id}/links/C`, 'POST', {})).status).toBe(400);
  });

  it('K1 assignments: the therapist sets topic, first speaker, rounds, date and note; the couple reads them; they can be deleted', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(url, therapist);
    const res = await as(`/api/couples/${couple.id}/assignments`, 'POST', {
      topic: 'Sunday plans',
      firstSpeaker: 'B',
      rounds: 2,
      due: '2026-12-24',
      note: 'Go gently.',
    });
    expect(res.status).toBe(201);
    const { assignment } = await res.json();
    expect(assignment).toEqual({
      id: expect.any(String),
      topic: 'Sunday plans',
      firstSpeaker: 'B',
      rounds: 2,
      due: '2026-12-24',
      note: 'Go gently.',
      createdAt: expect.any(Number),
    });
    const bare = (
      await (
        await as(`/api/couples/${couple.id}/assignments`, 'POST', { firstSpeaker: 'A', rounds: 1 })
      ).json()
    ).assignment;
    expect(bare).toMatchObject({ topic: '', due: null, note: '' });
    for (const [body, path] of [
      [{ firstSpeaker: 'A', rounds: 7 }, 'rounds'],
      [{ firstSpeaker: 'A', rounds: 0 }, 'rounds'],
      [{ firstSpeaker: 'C', rounds: 1 }, 'firstSpeaker'],
      [{ firstSpeaker: 'A', rounds: 1, due: '2026-02-30' }, 'due'],
      [{ firstSpeaker: 'A', rounds: 1, due: '2026-13-01' }, 'due'],
      [{ firstSpeaker: 'A', rounds: 1, due: 'tomorrow' }, 'due'],
    ] as const) {
      const bad = await as(`/api/couples/${couple.id}/assignments`, 'POST', body);
      expect(bad.status, path).toBe(400);
      expect((await bad.json()).error.path).toBe(path);
    }
    const detail = await (await as(`/api/couples/${couple.id}`)).json();
    expect(detail.assignments).toEqual([bare, assignment]);
    const home = await (await atHome(url, couple.homeLinks.B.token)('')).json();
    expect(home.assignments).toEqual([bare, assignment]);

    expect((await as(`/api/couples/${couple.id}/assignments/${assignment.id}`, 'DELETE')).status).toBe(204);
    expect((await as(`/api/couples/${couple.id}/assignments/${assignment.id}`, 'DELETE')).status).toBe(404);
    expect((await (await as(`/api/couples/${couple.id}`)).json()).assignments).toEqual([bare]);
  });
});

describe('who may start a practice room (K8)', () => {
  describe('PRACTICE_ROOMS=couples', () => {
    const ctx = withServer({ practiceRooms: 'couples' });

    it('K8 an anonymous practice room is refused with a sentence; therapy rooms and couples’ practices still start', async () => {
      const url = ctx.server.url;
      const res = await fetch(`${url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'practice' }),
      });
      expect(res.status).toBe(403);
      expect((await res.json()).error).toEqual({
        code: 'not_allowed',
        message: "Practice rooms here start from a couple's home link. Ask your therapist for yours.",
      });
      await ctx.server.createRoom('therapy');
      const therapist = await signUpTherapist(url);
      const couple = await addCouple(url, therapist);
      expect((await atHome(url, couple.homeLinks.A.token)('/practices', 'POST', {})).status).toBe(201);
    });
  });

  describe('PRACTICE_ROOMS=open', () => {
    const ctx = withServer({ practiceRooms: 'open', practiceRoomsPerHour: 2 });

    it('K8 S7 anonymous practice rooms have a global hourly budget besides the per-address one', async () => {
      await ctx.server.createRoom('practice');
      await ctx.server.createRoom('practice');
      const third = await fetch(`${ctx.server.url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'practice' }),
      });
      expect(third.status).toBe(429);
      expect((await third.json()).error.code).toBe('rate_limited');
      // Therapy rooms and couples' practices are not anonymous: they do not count.
      await ctx.server.createRoom('therapy');
      const therapist = await signUpTherapist(ctx.server.url);
      const couple = await addCouple(ctx.server.url, therapist);
      expect((await atHome(ctx.server.url, couple.homeLinks.A.token)('/practices', 'POST', {})).status).toBe(
        201,
      );
    });
  });
});
