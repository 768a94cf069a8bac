import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeatTokens } from '../../server/tokens.ts';
import { eventually } from '../support/eventually.ts';
import { reissueSeat } from '../support/roomApi.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();

function secret() {
  return readFileSync(join(ctx.server.dataDir, 'token-secret'), 'utf8').trim();
}

async function reissue(roomId: string, seat: string, bearer: string) {
  const res = await reissueSeat(ctx.server.url, roomId, seat, bearer);
  return { status: res.status, body: (await res.json()) as { token?: string; error?: { code: string } } };
}

describe('seat tokens', () => {
  it('A2 a token signed with another secret is refused and nothing of the room is sent', async () => {
    const room = await ctx.server.createRoom('therapy');
    const forged = await new SeatTokens('x'.repeat(40), 3600).issue({
      roomId: room.roomId,
      seat: 'therapist',
      version: 1,
    });
    const client = ctx.open(forged.token);
    expect((await client.refused()).data?.code).toBe('unauthorized');
    expect(client.frames).toEqual([]);
    const garbage = ctx.open('not-a-token');
    expect((await garbage.refused()).data?.code).toBe('unauthorized');
    expect(garbage.frames).toEqual([]);
  });

  it('A2 an expired token is refused with token_expired', async () => {
    const room = await ctx.server.createRoom('practice');
    const tokens = new SeatTokens(secret(), 60);
    const old = await tokens.issue({ roomId: room.roomId, seat: 'A', version: 1 }, Date.now() - 3_600_000);
    const client = ctx.open(old.token);
    expect(await client.refused()).toMatchObject({ data: { code: 'token_expired' } });
    expect(client.frames).toEqual([]);
  });

  it('A2 a validly signed token for a room that does not exist is refused', async () => {
    const token = await new SeatTokens(secret(), 60).issue({ roomId: 'no-such-room', seat: 'A', version: 1 });
    expect(await ctx.open(token.token).refused()).toMatchObject({ data: { code: 'room_not_found' } });
  });

  it('A1 a token opens exactly its own room: nothing of another room reaches it', async () => {
    const first = await ctx.server.createRoom('practice');
    const second = await ctx.server.createRoom('practice');
    const inFirst = await ctx.join(first.token('A'));
    const inSecond = await ctx.join(second.token('A'));
    expect(inFirst.welcome?.roomId).toBe(first.roomId);
    expect(inSecond.welcome?.roomId).toBe(second.roomId);
    await inFirst.ok({ type: 'agreeContract', safeWord: 'only-in-the-first-room' });
    const seq = await inSecond.ok({ type: 'setTimer', seconds: 30 });
    await inSecond.caughtUp(seq);
    expect(JSON.stringify(inSecond.frames)).not.toContain('only-in-the-first-room');
    expect(inSecond.events.map((e) => e.type)).toEqual(['timerSet']);
  });

  it('A1 a command cannot name its own sender: B acts as B whatever it sends', async () => {
    const room = await ctx.server.createRoom('practice');
    const b = await ctx.join(room.token('B'));
    expect(await b.send({ type: 'agreeContract', seat: 'A' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    const seq = await b.ok({ type: 'agreeContract' });
    await b.caughtUp(seq);
    expect(b.events.at(-1)).toMatchObject({ type: 'contractAgreed', seat: 'B', actor: 'B' });
  });

  it('protocol_version: a client speaking another protocol version is told to reload', async () => {
    const room = await ctx.server.createRoom('practice');
    const client = ctx.open(room.token('A'), { protocolVersion: 999 });
    expect(await client.refused()).toMatchObject({ data: { code: 'protocol_version' } });
  });

  it('A5 A6 re-issuing a partner link revokes the old one, closes its sockets and sends the new one to the waiting room', async () => {
    const room = await ctx.server.createRoom('therapy');
    const therapist = await ctx.join(room.token('therapist'));
    const oldA = await ctx.join(room.token('A'));
    await therapist.ok({ type: 'admit', seat: 'A' });
    await eventually(() => expect(oldA.welcome?.admitted).toBe(true));

    // A partner may not re-issue in a therapy room.
    expect((await reissue(room.roomId, 'A', room.token('B'))).body.error?.code).toBe('not_allowed');

    const fresh = await reissue(room.roomId, 'A', room.token('therapist'));
    expect(fresh.status).toBe(200);
    await eventually(() => expect(oldA.closing?.code).toBe('token_revoked'));
    await eventually(() => expect(oldA.socket.connected).toBe(false));
    expect(await ctx.open(room.token('A')).refused()).toMatchObject({ data: { code: 'token_revoked' } });

    const newA = await ctx.join(fresh.body.token as string);
    expect(newA.welcome?.admitted).toBe(false);
    expect(newA.state).toBeNull();
    await eventually(() => expect(therapist.presence?.seats.A).toBe('waiting'));
    await therapist.ok({ type: 'admit', seat: 'A' });
    await eventually(() => expect(newA.state?.admitted.A).toBe(true));
  });

  it("A5 in a practice room a partner re-issues only their own link, never the other's", async () => {
    const room = await ctx.server.createRoom('practice');
    expect((await reissue(room.roomId, 'B', room.token('A'))).body.error?.code).toBe('not_allowed');
    const fresh = await reissue(room.roomId, 'B', room.token('B'));
    expect(fresh.status).toBe(200);
    const b = await ctx.join(fresh.body.token as string);
    expect(b.welcome).toMatchObject({ seat: 'B', admitted: true });
    expect((await reissue(room.roomId, 'B', room.token('B'))).body.error?.code).toBe('token_revoked');
  });
});

describe('retries', () => {
  it('A4 the same command id is applied once; a retry gets the first answer', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    const id = 'retry-0001';
    const [first, second] = await Promise.all([
      a.send({ type: 'agreeContract' }, id),
      a.send({ type: 'agreeContract' }, id),
    ]);
    expect(first).toEqual(second);
    expect(await a.send({ type: 'agreeContract' }, id)).toEqual(first);
    // The same id from another seat is that seat's own command.
    const other = await b.send({ type: 'agreeContract' }, id);
    expect(other).toMatchObject({ ok: true });
    await a.caughtUp(other.ok ? other.seq : 0);
    expect(a.events.filter((e) => e.type === 'contractAgreed').map((e) => e.actor)).toEqual(['A', 'B']);
  });

  it('A4 an id reused for a different command is refused, not acknowledged with the old seq', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    expect(await a.send({ type: 'agreeContract' }, 'reused-0001')).toMatchObject({ ok: true });
    const reused = await a.send({ type: 'setTimer', seconds: 60 }, 'reused-0001');
    expect(reused).toMatchObject({ ok: false, error: { code: 'bad_request', path: 'id' } });
    expect(a.state?.timer).toBeNull();
  });
});
