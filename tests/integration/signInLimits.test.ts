import { describe, expect, it } from 'vitest';
import { signIn } from '../support/accountApi.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

const MINUTE = 60_000;

// Each failure costs a real argon2id hash (64 MiB, 3 passes): on 2 shared cores some 20 of them in a
// row can pass the default 30 s, so these tests get more room. Nothing here asserts a time.
describe('sign-in limits with backoff (M9)', { timeout: 120_000 }, () => {
  let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
  const ctx = withServer({}, { now: () => clock });

  async function failures(email: string, times: number) {
    for (let i = 0; i < times; i += 1) {
      const res = await signIn(ctx.server.url, { email, password: `guess number ${i}` });
      expect(res.status).toBe(401);
    }
  }

  it('M9 an account locked again waits twice as long; the right password then starts over', async () => {
    const t = await signUpTherapist(ctx.server.url, { password: 'the right password' });
    await failures(t.email, 5);
    const first = await signIn(ctx.server.url, t);
    expect(first.status).toBe(429);
    expect((await first.json()).error.code).toBe('rate_limited');
    expect(first.headers.get('retry-after')).toBe('60');
    clock += MINUTE;
    await failures(t.email, 5);
    const second = await signIn(ctx.server.url, t);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('120');
    clock += 2 * MINUTE - 1000;
    expect((await signIn(ctx.server.url, t)).headers.get('retry-after')).toBe('1');
    clock += 1000;
    expect((await signIn(ctx.server.url, t)).status).toBe(200);
    await failures(t.email, 5);
    expect((await signIn(ctx.server.url, t)).headers.get('retry-after')).toBe('60');
  });

  it('M9 one address that fails 20 times, over any emails, is locked out for every email', async () => {
    const t = await signUpTherapist(ctx.server.url, { password: 'the right password' });
    for (let i = 0; i < 20; i += 1) await failures(`nobody-${i}@example.org`, 1);
    const locked = await signIn(ctx.server.url, t);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    clock += MINUTE;
    expect((await signIn(ctx.server.url, t)).status).toBe(200);
  });
});
