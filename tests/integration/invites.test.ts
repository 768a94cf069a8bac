import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeInvite } from '../../server/accounts/invites.ts';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { send, signIn } from '../support/accountApi.ts';
import { withServer } from '../support/session.ts';
import { sessionCookieFrom, signUpTherapist } from '../support/therapist.ts';

const DAY = 24 * 60 * 60 * 1000;

function signUp(url: string, email: string, invite?: string) {
  return send(url, 'POST', '/api/account/signup', {
    email,
    password: 'a long password here',
    name: 'Dr Invited',
    ...(invite === undefined ? {} : { invite }),
  });
}

const tokenOf = (link: string) => new URL(link).hash.replace(/^#invite=/, '');

describe('SIGNUP=invite (M10)', () => {
  let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
  const ctx = withServer({ signup: 'invite' }, { now: () => clock });

  /** The operator's first invite, as `npm run admin -- invite` makes it. */
  const operatorInvite = () => makeInvite(ctx.server.store.accounts, null, ctx.server.url, clock);

  it('M10 a sign-up needs an invite, and one invite makes one account', async () => {
    const none = await signUp(ctx.server.url, 'a@example.org');
    expect(none.status).toBe(403);
    expect((await none.json()).error).toMatchObject({ code: 'signup_closed', path: 'invite' });
    const { link } = await operatorInvite();
    expect(link).toMatch(new RegExp(`^${ctx.server.url}/signup#invite=[\\w-]{43}$`));
    expect((await signUp(ctx.server.url, 'a@example.org', tokenOf(link))).status).toBe(201);
    const again = await signUp(ctx.server.url, 'b@example.org', tokenOf(link));
    expect(again.status).toBe(403);
    expect((await again.json()).error).toMatchObject({ code: 'signup_closed', path: 'invite' });
    expect(await ctx.server.store.accounts.countTherapists()).toBe(1);
  });

  it('M10 a signed-in therapist invites a colleague; the invite is good for 7 days and kept hashed', async () => {
    const { link: first } = await operatorInvite();
    const res = await signUp(ctx.server.url, 'c@example.org', tokenOf(first));
    const cookie = sessionCookieFrom(res);
    const made = await send(ctx.server.url, 'POST', '/api/account/invites', {}, cookie);
    expect(made.status).toBe(201);
    const invite = await made.json();
    expect(invite.expiresAt).toBe(new Date(clock + 7 * DAY).toISOString());
    await ctx.server.store.checkpoint();
    for (const name of readdirSync(ctx.server.dataDir))
      expect(readFileSync(join(ctx.server.dataDir, name)).includes(tokenOf(invite.link)), name).toBe(false);
    clock += 7 * DAY;
    const late = await signUp(ctx.server.url, 'd@example.org', tokenOf(invite.link));
    expect(late.status).toBe(403);
    const anonymous = await send(ctx.server.url, 'POST', '/api/account/invites', {});
    expect(anonymous.status).toBe(401);
  });

  it('M10 an invite tried with an email that has an account stays usable for another', async () => {
    const { link: first } = await operatorInvite();
    await signUp(ctx.server.url, 'e@example.org', tokenOf(first));
    const { link } = await operatorInvite();
    const taken = await signUp(ctx.server.url, 'E@example.org', tokenOf(link));
    expect(taken.status).toBe(409);
    expect((await signUp(ctx.server.url, 'f@example.org', tokenOf(link))).status).toBe(201);
  });

  it('M10 two sign-ups racing with one invite make one account', async () => {
    const { link } = await operatorInvite();
    const results = await Promise.all(
      ['g@example.org', 'h@example.org', 'i@example.org'].map((email) =>
        signUp(ctx.server.url, email, tokenOf(link)),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 403, 403]);
  });
});

describe('invites with SIGNUP=open and closed (M2, M10)', () => {
  const open = withServer({ signup: 'open' });

  it('M10 with SIGNUP=open an old invite link still signs up', async () => {
    const t = await signUpTherapist(open.server.url);
    const { link } = await (await send(open.server.url, 'POST', '/api/account/invites', {}, t.cookie)).json();
    expect((await signUp(open.server.url, 'j@example.org', tokenOf(link))).status).toBe(201);
    expect((await signUp(open.server.url, 'k@example.org', tokenOf(link))).status).toBe(201);
  });
});

describe('SIGNUP=closed (M2)', () => {
  const closed = withServer({ signup: 'closed' });

  it('M2 SIGNUP=closed: no invite makes an account, and the account page makes no invites', async () => {
    const { link } = await makeInvite(closed.server.store.accounts, null, closed.server.url, Date.now());
    const res = await signUp(closed.server.url, 'l@example.org', tokenOf(link));
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('signup_closed');
    await closed.server.store.accounts.createTherapist({
      therapistId: 'made-by-the-operator',
      email: 'm@example.org',
      name: 'M',
      passwordHash: await hashPassword('a long password here'),
      totpSecret: null,
      createdAt: Date.now(),
    });
    const signedIn = await signIn(closed.server.url, {
      email: 'm@example.org',
      password: 'a long password here',
    });
    expect(signedIn.status).toBe(200);
    const cookie = sessionCookieFrom(signedIn);
    const invite = await send(closed.server.url, 'POST', '/api/account/invites', {}, cookie);
    expect(invite.status).toBe(403);
    expect((await invite.json()).error.code).toBe('signup_closed');
  });
});
