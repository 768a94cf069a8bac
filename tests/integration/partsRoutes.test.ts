import { describe, expect, it } from 'vitest';
import { addCouple, asTherapistFetch, atHome } from '../support/couples.ts';
import { homePractice } from '../support/homePractice.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

describe('parts across sessions over HTTP (L1–L5)', () => {
  const ctx = withServer();

  async function setUp() {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const couple = await addCouple(url, therapist);
    const practice = await homePractice(url, couple, {
      part: { name: 'The  Critic', kind: 'protector', feltWhere: 'chest', fears: 'being left' },
      piece: 'I get sharp when I am scared.',
      checkInB: { parts: ['the sleepy one'], visibility: 'self' },
      end: true,
    });
    return {
      url,
      therapist,
      couple,
      practice,
      as: asTherapistFetch(url, therapist),
      a: atHome(url, couple.homeLinks.A.token),
      b: atHome(url, couple.homeLinks.B.token),
    };
  }

  it('L1 L2 L3 K5 each partner reads their own parts whole and only what a session showed them of the other’s; the therapist reads shared rooms only', async () => {
    const { a, b, as, couple, practice } = await setUp();
    const mine = await (await a('/parts')).json();
    expect(mine).toEqual({
      mine: [
        {
          key: 'the critic',
          name: 'The  Critic'.trim(),
          kind: 'protector',
          feltWhere: 'chest',
          fears: null,
          fearsNamed: 'being left',
          firstSeen: expect.any(Number),
          lastSeen: expect.any(Number),
          count: 1,
          shown: { name: 'The  Critic', kind: 'protector', feltWhere: 'chest', at: expect.any(Number) },
        },
      ],
      // B kept their check-in to themself: A sees nothing of B's parts.
      partner: [],
    });
    const theirs = await (await b('/parts')).json();
    expect(theirs.mine.map((p: { key: string }) => p.key)).toEqual(['the sleepy one']);
    expect(theirs.partner).toEqual([
      { name: 'The  Critic', kind: 'protector', feltWhere: 'chest', at: expect.any(Number) },
    ]);
    expect(JSON.stringify(theirs)).not.toContain('being left');

    // Not shared yet: the therapist gets nothing of this practice's parts (K5).
    expect((await (await as(`/api/couples/${couple.id}`)).json()).parts).toEqual({ A: [], B: [] });
    await a(`/practices/${practice.roomId}/share`, 'PUT', { share: true });
    await b(`/practices/${practice.roomId}/share`, 'PUT', { share: true });
    const parts = (await (await as(`/api/couples/${couple.id}`)).json()).parts;
    expect(parts.A).toMatchObject([{ key: 'the critic', fears: null, fearsNamed: null }]);
    expect(parts.B).toMatchObject([{ key: 'the sleepy one' }]);
  });

  it('L4 a partner corrects and forgets their own parts; the other partner still sees what the session showed', async () => {
    const { a, b, as, couple, practice } = await setUp();
    const kept = await a('/parts/the%20critic', 'PATCH', { fears: ' being left ', name: 'The Judge' });
    expect(kept.status).toBe(200);
    expect((await kept.json()).part).toMatchObject({
      key: 'the critic',
      name: 'The Judge',
      fears: 'being left',
      feltWhere: 'chest',
    });
    // A second edit keeps the first one's fields.
    const moved = await (
      await a('/parts/the%20critic', 'PATCH', { feltWhere: 'throat', kind: 'exile' })
    ).json();
    expect(moved.part).toMatchObject({
      name: 'The Judge',
      fears: 'being left',
      feltWhere: 'throat',
      kind: 'exile',
    });
    expect((await (await b('/parts')).json()).partner).toEqual([
      { name: 'The  Critic', kind: 'protector', feltWhere: 'chest', at: expect.any(Number) },
    ]);
    await a(`/practices/${practice.roomId}/share`, 'PUT', { share: true });
    await b(`/practices/${practice.roomId}/share`, 'PUT', { share: true });
    expect((await (await as(`/api/couples/${couple.id}`)).json()).parts.A).toMatchObject([
      { name: 'The Judge', fears: 'being left' },
    ]);

    const bad = await a('/parts/the%20critic', 'PATCH', { name: 'bell\u0007' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'bad_request', path: 'name' });
    expect((await a('/parts/the%20critic', 'PATCH', { colour: 'red' })).status).toBe(400);
    expect((await a('/parts/nobody', 'PATCH', { name: 'x' })).status).toBe(404);
    // B cannot edit A's part: it is not one of B's.
    expect((await b('/parts/the%20critic', 'PATCH', { name: 'x' })).status).toBe(404);

    const forgotten = await a('/parts/the%20critic', 'PATCH', { forgotten: true });
    expect(await forgotten.json()).toEqual({ part: null });
    expect((await (await a('/parts')).json()).mine).toEqual([]);
    expect((await (await as(`/api/couples/${couple.id}`)).json()).parts.A).toEqual([]);
    expect((await a('/parts/the%20critic', 'PATCH', { forgotten: false })).status).toBe(404);
  });

  it("L5 a partner's seat token reads their own parts; a therapist seat is 403; a room of no couple has none", async () => {
    const { url, as, couple } = await setUp();
    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const seatParts = (token: string, roomId = session.roomId) =>
      fetch(`${url}/api/rooms/${roomId}/parts`, { headers: { authorization: `Bearer ${token}` } });
    const mine = await seatParts(session.seats.A.token);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('no-store');
    expect((await mine.json()).parts).toMatchObject([{ key: 'the critic', fearsNamed: 'being left' }]);
    expect((await (await seatParts(session.seats.B.token)).json()).parts).toMatchObject([
      { key: 'the sleepy one' },
    ]);
    const console = await seatParts(session.seats.therapist.token);
    expect(console.status).toBe(403);
    expect((await console.json()).error.code).toBe('not_allowed');
    expect((await fetch(`${url}/api/rooms/${session.roomId}/parts`)).status).toBe(401);
    expect((await seatParts(session.seats.A.token, 'another-room')).status).toBe(404);

    const anonymous = await ctx.server.createRoom('practice');
    expect(await (await seatParts(anonymous.token('A'), anonymous.roomId)).json()).toEqual({ parts: [] });
  });
});
