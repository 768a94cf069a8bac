import { describe, expect, it } from 'vitest';
import { postRoom } from '../support/roomApi.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();

describe('spoken and written rooms over the wire', () => {
  it('T37 POST /api/rooms: therapy is spoken unless asked, practice written unless asked; a bad talk is a 400', async () => {
    expect(await ctx.server.createRoom('therapy')).toMatchObject({ mode: 'therapy', talk: 'spoken' });
    expect(await ctx.server.createRoom('practice')).toMatchObject({ mode: 'practice', talk: 'written' });
    expect(await ctx.server.createRoom('practice', 'spoken')).toMatchObject({ talk: 'spoken' });
    expect(await ctx.server.createRoom('therapy', 'written')).toMatchObject({ talk: 'written' });
    const bad = await fetch(`${ctx.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'practice', talk: 'sung' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect((await postRoom(ctx.server.url, 'practice')).status).toBe(201);
  });

  it('T37 a spoken practice round taken in taps, switched to written mid-round, where the text is required again', async () => {
    const room = await ctx.server.createRoom('practice', 'spoken');
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    expect(a.state?.talk).toBe('spoken');
    await a.ok({ type: 'agreeContract' });
    await b.ok({ type: 'agreeContract' });
    await a.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await b.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await a.ok({ type: 'requestFloor' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({ type: 'uTurn' });
    await a.ok({ type: 'speak' });
    await b.ok({ type: 'reflect', text: 'alone' });
    const seq = await a.ok({ type: 'confirm', more: true });
    await b.caughtUp(seq);
    expect(b.state).toMatchObject({ stage: 'round', round: { step: 'speak' } });
    const switched = await b.ok({ type: 'setTalk', talk: 'written' });
    await a.caughtUp(switched);
    expect(a.state?.talk).toBe('written');
    expect(await a.send({ type: 'speak' })).toMatchObject({
      ok: false,
      error: {
        code: 'bad_request',
        message: 'The piece is missing: in a written room each step is written.',
      },
    });
    await b.caughtUp(await a.ok({ type: 'speak', text: 'And a part of me is tired.' }));
    const entries = b.state?.stage === 'round' ? b.state.round.entries : [];
    expect(entries.map((e) => e.text)).toEqual([undefined, 'alone', 'And a part of me is tired.']);
  });
});
