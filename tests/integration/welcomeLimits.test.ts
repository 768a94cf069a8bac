import { describe, expect, it } from 'vitest';
import { Welcome } from '../../shared/index.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

describe('the document caps clients are told', () => {
  const ctx = withServer({ docMaxBytes: 5000, roomMaxBytes: 20_000 });

  it('D12 every welcome carries welcome.limits from the configuration, waiting or admitted', async () => {
    const room = await ctx.server.createRoom('therapy');
    const therapist = await ctx.join(room.token('therapist'));
    const a = await ctx.join(room.token('A'));
    const limits = { docBytes: 5000, roomBytes: 20_000 };
    expect(Welcome.parse(therapist.welcome)).toMatchObject({ seat: 'therapist', admitted: true, limits });
    expect(Welcome.parse(a.welcome)).toMatchObject({ seat: 'A', admitted: false, limits });

    await therapist.ok({ type: 'admit', seat: 'A' });
    await eventually(() => expect(a.welcome?.admitted).toBe(true));
    expect(Welcome.parse(a.welcome).limits).toEqual(limits);
  });
});
