import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/accountApi.ts';
import { startTwoInstances } from '../support/clusterServers.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { signUpTherapist } from '../support/therapist.ts';

const MINUTE = 60_000;

// Each failure costs a real argon2id hash: more room than the default, and no time asserted.
describe('sign-in lockouts across instances (M9, S28)', { timeout: 120_000 }, () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('M9 S28 failures spread over two instances count as one: the lockout holds on both and doubles across them', async () => {
    let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
    const [one, two] = await startTwoInstances(redis.url, { now: () => clock });
    const t = await signUpTherapist(one.url, { password: 'the right password' });
    const guess = async (url: string, i: number) =>
      expect((await signIn(url, { email: t.email, password: `guess ${i}` })).status).toBe(401);
    for (let i = 0; i < 5; i += 1) await guess(i % 2 === 0 ? one.url : two.url, i);
    for (const url of [one.url, two.url]) {
      const locked = await signIn(url, t);
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe('60');
    }
    clock += MINUTE;
    for (let i = 0; i < 5; i += 1) await guess(i % 2 === 0 ? two.url : one.url, i);
    expect((await signIn(one.url, t)).headers.get('retry-after')).toBe('120');
    clock += 2 * MINUTE;
    expect((await signIn(two.url, t)).status).toBe(200);
  });
});
