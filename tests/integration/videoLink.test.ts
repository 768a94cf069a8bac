import { describe, expect, it } from 'vitest';
import { withServer } from '../support/session.ts';

const ctx = withServer();

describe('the video link over the wire', () => {
  it('T39 S5 the therapist sets the video link; partners receive it; a non-https link is a typed refusal', async () => {
    const room = await ctx.server.createRoom('therapy');
    const therapist = await ctx.join(room.token('therapist'));
    const a = await ctx.join(room.token('A'));
    await therapist.ok({ type: 'admit', seat: 'A' });
    expect(await therapist.send({ type: 'setVideoLink', url: 'http://meet.example.com/x' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', path: 'command.url' },
    });
    const set = await therapist.ok({ type: 'setVideoLink', url: 'https://meet.example.com/x' });
    await a.caughtUp(set);
    expect(a.state?.videoLink).toBe('https://meet.example.com/x');
    // A partner who joins later has it in the snapshot.
    const again = await ctx.join(room.token('A'));
    expect(again.state?.videoLink).toBe('https://meet.example.com/x');
    expect(await a.send({ type: 'clearVideoLink' })).toMatchObject({
      ok: false,
      error: { code: 'not_allowed' },
    });
  });
});
