import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSeat } from '../support/clients.ts';
import { addCouple, asTherapistFetch, atHome } from '../support/couples.ts';
import { eventually } from '../support/eventually.ts';
import { homePractice } from '../support/homePractice.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

describe('deleting sessions, practices and couples (K10, E1, E2)', () => {
  const ctx = withServer();

  /** Every byte of every file in the data directory. */
  function dataDirBytes(): Buffer {
    const dir = ctx.server.dataDir;
    return Buffer.concat(readdirSync(dir).map((file) => readFileSync(join(dir, file))));
  }

  it('K10 E1 E2 deleting a couple leaves none of its names, notes, assignments, parts or practice words in any file, and its links stop', async () => {
    const url = ctx.server.url;
    const marker = randomUUID(); // lower case: a part's key is its name folded to lower case
    const neighbour = randomUUID();
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(
      url,
      therapist,
      { A: { name: `Sam ${marker.slice(0, 30)}`, pronouns: 'she/her' }, B: { name: 'Alex' } },
      `couple note ${marker}`,
    );
    const others = await addCouple(url, therapist, undefined, `their note ${neighbour}`);
    const assignment = await as(`/api/couples/${couple.id}/assignments`, 'POST', {
      firstSpeaker: 'A',
      rounds: 1,
      note: `assignment note ${marker}`,
    });
    expect(assignment.status).toBe(201);
    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const practice = await homePractice(url, couple, {
      part: { name: `part ${marker}`, kind: 'protector', fears: `fears ${marker}` },
      piece: `practice words ${marker}`,
    });
    // A's own correction of the part (L4), stored as the partner's part edit.
    const edited = await atHome(url, couple.homeLinks.A.token)(
      `/parts/${encodeURIComponent(`part ${marker}`)}`,
      'PATCH',
      { feltWhere: `felt ${marker}` },
    );
    expect(edited.status).toBe(200);
    const theirs = await homePractice(url, others, {
      part: { name: 'the tired one', kind: 'exile' },
      piece: `their words ${neighbour}`,
    });
    await ctx.server.store.checkpoint();
    const before = dataDirBytes();
    for (const written of [
      `Sam ${marker.slice(0, 30)}`,
      `couple note ${marker}`,
      `assignment note ${marker}`,
    ])
      expect(before.includes(written)).toBe(true);
    expect(before.includes(`practice words ${marker}`)).toBe(true);
    expect(before.includes(`felt ${marker}`)).toBe(true);

    const deleted = await as(`/api/couples/${couple.id}`, 'DELETE');
    expect(deleted.status).toBe(204);

    const after = dataDirBytes();
    expect(after.includes(marker.slice(0, 30))).toBe(false);
    expect(after.includes(neighbour)).toBe(true);
    // Who and when, never what (E2): one row for the couple, one for each of its rooms.
    expect(await ctx.server.store.erasuresOf(couple.id)).toEqual([
      {
        kind: 'couple',
        subjectId: couple.id,
        byKind: 'therapist',
        byId: therapist.id,
        at: expect.any(Number),
      },
    ]);
    expect(await ctx.server.store.erasuresOf(session.roomId)).toMatchObject([
      { kind: 'room', byKind: 'therapist', byId: therapist.id },
    ]);
    expect(await ctx.server.store.erasuresOf(practice.roomId)).toMatchObject([
      { kind: 'practice', byKind: 'therapist', byId: therapist.id },
    ]);
    // The home links stop at once, the couple is gone from the therapist's page, the rooms say so.
    for (const partner of ['A', 'B'] as const)
      expect((await atHome(url, couple.homeLinks[partner].token)('')).status).toBe(401);
    expect((await as(`/api/couples/${couple.id}`)).status).toBe(404);
    expect((await (await as('/api/couples')).json()).couples.map((c: { id: string }) => c.id)).toEqual([
      others.id,
    ]);
    await eventually(() =>
      expect(practice.a.closing).toEqual({ code: 'session_ended', message: 'This session was deleted.' }),
    );
    expect(await openSeat(url, session.seats.A.token).refused()).toMatchObject({
      data: { code: 'session_ended' },
    });
    expect((await as(`/api/couples/${couple.id}`, 'DELETE')).status).toBe(404);
    // The other couple did not notice.
    expect(await ctx.server.store.getRoom(theirs.roomId)).not.toBeNull();
    expect(theirs.a.closing).toBeNull();
    expect(theirs.a.socket.connected).toBe(true);
    expect(ctx.server.logs.join('\n')).not.toContain(marker);
  });

  it('K10 K1 a therapist deletes their own session; another therapist, or a second time, is 404', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const stranger = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(url, therapist);
    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const console = openSeat(url, session.seats.therapist.token);
    await console.connected();

    const theirs = await asTherapistFetch(url, stranger)(`/api/sessions/${session.roomId}`, 'DELETE');
    expect(theirs.status).toBe(404);
    expect(await ctx.server.store.getRoom(session.roomId)).not.toBeNull();
    const noOrigin = await fetch(`${url}/api/sessions/${session.roomId}`, {
      method: 'DELETE',
      headers: { cookie: therapist.cookie },
    });
    expect(noOrigin.status).toBe(403);

    expect((await as(`/api/sessions/${session.roomId}`, 'DELETE')).status).toBe(204);
    await eventually(() =>
      expect(console.closing).toEqual({ code: 'session_ended', message: 'This session was deleted.' }),
    );
    expect(await ctx.server.store.erasuresOf(session.roomId)).toEqual([
      {
        kind: 'room',
        subjectId: session.roomId,
        byKind: 'therapist',
        byId: therapist.id,
        at: expect.any(Number),
      },
    ]);
    expect((await (await as(`/api/couples/${couple.id}`)).json()).sessions).toEqual([]);
    expect((await as(`/api/sessions/${session.roomId}`, 'DELETE')).status).toBe(404);
    expect((await as('/api/sessions/no-such-room', 'DELETE')).status).toBe(404);
  });

  it('K10 K5 a partner deletes a practice not shared by both; a shared one stays (409); another couple’s is 404', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const couple = await addCouple(url, therapist);
    const others = await addCouple(url, therapist);
    const a = atHome(url, couple.homeLinks.A.token);
    const b = atHome(url, couple.homeLinks.B.token);

    const first = await homePractice(url, couple, {
      part: { name: 'the critic', kind: 'protector' },
      end: true,
    });
    expect((await a(`/practices/${first.roomId}/share`, 'PUT', { share: true })).status).toBe(200);
    expect((await atHome(url, others.homeLinks.A.token)(`/practices/${first.roomId}`, 'DELETE')).status).toBe(
      404,
    );
    // A said yes, B did not: either may still delete it.
    expect((await b(`/practices/${first.roomId}`, 'DELETE')).status).toBe(204);
    expect(await ctx.server.store.erasuresOf(first.roomId)).toEqual([
      { kind: 'practice', subjectId: first.roomId, byKind: 'partner', byId: 'B', at: expect.any(Number) },
    ]);
    expect((await (await a('')).json()).practices).toEqual([]);
    expect((await a(`/practices/${first.roomId}`, 'DELETE')).status).toBe(404);

    const second = await homePractice(url, couple, {
      part: { name: 'the critic', kind: 'protector' },
      end: true,
    });
    await a(`/practices/${second.roomId}/share`, 'PUT', { share: true });
    await b(`/practices/${second.roomId}/share`, 'PUT', { share: true });
    const refused = await a(`/practices/${second.roomId}`, 'DELETE');
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('already_done');
    expect(await ctx.server.store.getRoom(second.roomId)).not.toBeNull();
  });
});
