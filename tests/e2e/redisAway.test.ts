import { afterAll, describe, it } from 'vitest';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { withBrowser } from './support/browser.ts';
import { startRoom } from './support/flow.ts';

// Stopped after the server (hooks after run last in, first out; this one is registered first).
let redis: RedisServer | undefined;
afterAll(async () => {
  await redis?.stop();
});
const e2e = withBrowser({
  server: async () => {
    redis = await startRedis();
    return { redisUrl: redis.url };
  },
});

/** A therapy room with partner A in the waiting room, and the therapist's button to let A in. */
async function partnerWaiting() {
  const therapist = await e2e.open('laptop', 'therapist');
  const a = await e2e.open('phone', 'partner A');
  const links = await startRoom(therapist.page, 'therapy', 'written');
  await a.page.goto(links.A ?? '');
  const letIn = therapist.page.getByRole('button', { name: 'Let Partner A in' });
  await letIn.waitFor();
  return { therapist, a, letIn };
}

describe('the room on Redis when Redis is away (issue 13)', () => {
  it('S25 the therapist is told in plain words once the client has tried again, and the press works once Redis is back', async () => {
    const { therapist, a, letIn } = await partnerWaiting();

    await redis?.kill();
    await letIn.click();
    await therapist.page
      .getByText('The room cannot save anything right now, so your last action may not have gone through.', {
        exact: false,
      })
      // The client sends the same command again after 1, 2 and 4 s before it says so.
      .waitFor({ timeout: 30_000 });

    await redis?.restart();
    // The server's connection comes back on its own (backing off to a second).
    for (let tries = 0; tries < 50 && !(await e2e.server.store.ready()); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await letIn.click();
    await a.page.getByRole('button', { name: 'I agree to the ground rules' }).waitFor();
  });

  it('S25 A4 a press while Redis restarts goes through by itself: the client sends it again with the same id', async () => {
    const { therapist, a, letIn } = await partnerWaiting();
    await redis?.kill();
    await letIn.click();
    await redis?.restart();
    await a.page.getByRole('button', { name: 'I agree to the ground rules' }).waitFor({ timeout: 30_000 });
    await therapist.page.getByText('The room cannot save anything right now', { exact: false }).waitFor({
      state: 'detached',
    });
  });
});
