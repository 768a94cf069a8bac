import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { createRoom, postRoom } from '../support/roomApi.ts';
import { withServer } from '../support/session.ts';

/** N1, N2: the partners' names over REST, in every welcome and every seat's state; never in the logs. */

const NAMES = { A: { name: 'Samwise Quillfeather', pronouns: 'she/her' }, B: { name: 'Alexandrine Vo' } };

describe('partner names', () => {
  const ctx = withServer();

  it('N1 N2 a practice room created with names: both partners’ welcome and state carry them', async () => {
    const room = await createRoom(ctx.server.url, 'practice', undefined, NAMES);
    expect(room.partners).toEqual(NAMES);
    for (const seat of ['A', 'B'] as const) {
      const client = await ctx.join(room.token(seat));
      expect(client.welcome?.partners, seat).toEqual(NAMES);
      await eventually(() => expect(client.state?.partners, seat).toEqual(NAMES));
    }
  });

  it('N2 in a therapy room the waiting partner’s welcome names them, and the therapist’s state has them', async () => {
    const room = await createRoom(ctx.server.url, 'therapy', undefined, NAMES);
    const waiting = await ctx.join(room.token('B'));
    expect(waiting.welcome).toMatchObject({ admitted: false, partners: NAMES });
    expect(waiting.state).toBeNull();
    const therapist = await ctx.join(room.token('therapist'));
    expect(therapist.welcome?.partners).toEqual(NAMES);
    await eventually(() => expect(therapist.state?.partners).toEqual(NAMES));
    await therapist.ok({ type: 'admit', seat: 'B' });
    await eventually(() => expect(waiting.state?.partners).toEqual(NAMES));
  });

  it('N1 a room created without names: partners null in the welcome and the state', async () => {
    const room = await createRoom(ctx.server.url, 'practice');
    expect(room.partners).toBeNull();
    const a = await ctx.join(room.token('A'));
    expect(a.welcome?.partners).toBeNull();
    await eventually(() => expect(a.state).not.toBeNull());
    expect(a.state?.partners).toBeNull();
  });

  it('N1 POST /api/rooms refuses bad names with 400 bad_request and the field’s path, creating nothing', async () => {
    const bad: [unknown, string][] = [
      [{ A: { name: '' }, B: { name: 'Alex' } }, 'partners.A.name'],
      [{ A: { name: 'Sam' }, B: { name: 'x'.repeat(41) } }, 'partners.B.name'],
      [{ A: { name: 'Sam\u0000' }, B: { name: 'Alex' } }, 'partners.A.name'],
      [{ A: { name: 'Sam', pronouns: 'p'.repeat(25) }, B: { name: 'Alex' } }, 'partners.A.pronouns'],
      [{ A: { name: 'Sam' } }, 'partners.B'],
      ['Sam and Alex', 'partners'],
    ];
    for (const [partners, path] of bad) {
      const res = await fetch(`${ctx.server.url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'practice', partners }),
      });
      expect(res.status, path).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; path?: string; message: string } };
      expect(error, path).toMatchObject({ code: 'bad_request', path });
      expect(error.message).not.toMatch(/Sam|Alex|xxxx|pppp/);
    }
    // `null` is the same as no names.
    const none = await fetch(`${ctx.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'practice', partners: null }),
    });
    expect(none.status).toBe(201);
  });

  it('N2 S6 the names never reach the server’s log', async () => {
    const res = await postRoom(ctx.server.url, 'practice', undefined, NAMES);
    expect(res.status).toBe(201);
    const room = (await res.json()) as { seats: { A: { token: string } } };
    const a = await ctx.join(room.seats.A.token);
    await eventually(() => expect(a.state?.partners).toEqual(NAMES));
    const log = ctx.server.logs.join('');
    expect(log).toContain('room created');
    expect(log).not.toContain('Samwise');
    expect(log).not.toContain('Alexandrine');
  });
});
