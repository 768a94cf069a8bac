import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postRoom } from '../support/roomApi.ts';
import { withServer } from '../support/session.ts';
import { asTherapist, sessionCookieFrom, signUpTherapist } from '../support/therapist.ts';

function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, ...headers },
    body: JSON.stringify(body),
  });
}

function me(url: string, cookie: string) {
  return fetch(`${url}/api/account`, { headers: { cookie } });
}

describe('therapist accounts (M1–M7)', () => {
  const ctx = withServer();

  it('M1 a new account keeps an argon2id hash, never the password, in the database file', async () => {
    const password = `pw-${crypto.randomUUID()}`;
    const t = await signUpTherapist(ctx.server.url, { email: 'Sam.Therapist@Example.org', password });
    const stored = await ctx.server.store.accounts.therapistByEmail('sam.therapist@example.org');
    expect(stored?.passwordHash.startsWith('$argon2id$')).toBe(true);
    await ctx.server.store.checkpoint();
    for (const name of readdirSync(ctx.server.dataDir))
      expect(readFileSync(join(ctx.server.dataDir, name)).includes(password), name).toBe(false);
    const res = await me(ctx.server.url, t.cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      therapist: { id: t.id, email: 'sam.therapist@example.org', name: 'Dr Test', totp: false },
      recoveryCodesLeft: 0,
    });
    expect(JSON.stringify(ctx.server.logs)).not.toContain('example.org');
  });

  it('M1 bad sign-up input gets a 400 naming the field, and makes no account', async () => {
    const short = await post(ctx.server.url, '/api/account/signup', {
      email: 'a@example.org',
      password: 'short',
      name: 'A',
    });
    expect(short.status).toBe(400);
    expect((await short.json()).error).toMatchObject({ code: 'bad_request', path: 'password' });
    const email = await post(ctx.server.url, '/api/account/signup', {
      email: 'not an email',
      password: 'long enough password',
      name: 'A',
    });
    expect((await email.json()).error).toMatchObject({ code: 'bad_request', path: 'email' });
    expect(await ctx.server.store.accounts.countTherapists()).toBe(0);
  });

  it('M1 an email has one account, whatever its case', async () => {
    await signUpTherapist(ctx.server.url, { email: 'one@example.org' });
    const again = await post(ctx.server.url, '/api/account/signup', {
      email: ' ONE@example.org',
      password: 'another long password',
      name: 'B',
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('already_exists');
  });

  it('M3 the session cookie is httpOnly, SameSite=Lax, not Secure on http, and signs in', async () => {
    const res = await post(ctx.server.url, '/api/account/signup', {
      email: 'c@example.org',
      password: 'a long password here',
      name: 'C',
    });
    const line = res.headers.getSetCookie().find((l) => l.startsWith('dr_session=')) ?? '';
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).toMatch(/Path=\//);
    expect(line).not.toMatch(/Secure/i);
    const signin = await post(ctx.server.url, '/api/account/signin', {
      email: 'C@example.org',
      password: 'a long password here',
    });
    expect(signin.status).toBe(200);
    expect((await me(ctx.server.url, sessionCookieFrom(signin))).status).toBe(200);
  });

  it('M3 without a session, or with a made-up one, the account is 401', async () => {
    expect((await fetch(`${ctx.server.url}/api/account`)).status).toBe(401);
    expect((await me(ctx.server.url, 'dr_session=made-up')).status).toBe(401);
    // The question "is anyone signed in?" is answered without an error.
    const session = await fetch(`${ctx.server.url}/api/account/session`, {
      headers: { cookie: 'dr_session=made-up' },
    });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ therapist: null, recoveryCodesLeft: 0, signup: 'open' });
  });

  it('M4 signing out ends this device; signing out everywhere ends every device', async () => {
    const t = await signUpTherapist(ctx.server.url, {
      email: 'd@example.org',
      password: 'a long password here',
    });
    const second = sessionCookieFrom(
      await post(ctx.server.url, '/api/account/signin', {
        email: 'd@example.org',
        password: 'a long password here',
      }),
    );
    const third = sessionCookieFrom(
      await post(ctx.server.url, '/api/account/signin', {
        email: 'd@example.org',
        password: 'a long password here',
      }),
    );
    const out = await post(ctx.server.url, '/api/account/signout', {}, { cookie: t.cookie });
    expect(out.status).toBe(204);
    expect((await me(ctx.server.url, t.cookie)).status).toBe(401);
    expect((await me(ctx.server.url, second)).status).toBe(200);
    const everywhere = await post(ctx.server.url, '/api/account/signout-everywhere', {}, { cookie: second });
    expect(everywhere.status).toBe(204);
    expect((await me(ctx.server.url, second)).status).toBe(401);
    expect((await me(ctx.server.url, third)).status).toBe(401);
  });

  it('M5 a wrong password and an unknown email get the same answer; the account is then locked for a while', async () => {
    await signUpTherapist(ctx.server.url, { email: 'e@example.org', password: 'the right password' });
    const wrong = await post(ctx.server.url, '/api/account/signin', {
      email: 'e@example.org',
      password: 'nope',
    });
    const unknown = await post(ctx.server.url, '/api/account/signin', {
      email: 'x@example.org',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    for (let i = 0; i < 4; i += 1)
      await post(ctx.server.url, '/api/account/signin', { email: 'e@example.org', password: `guess ${i}` });
    const locked = await post(ctx.server.url, '/api/account/signin', {
      email: 'e@example.org',
      password: 'the right password',
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('M6 cookie-authenticated writes from another site (or no Origin) are refused and change nothing', async () => {
    const t = await signUpTherapist(ctx.server.url);
    const evil = await fetch(`${ctx.server.url}/api/account/signout`, {
      method: 'POST',
      headers: { cookie: t.cookie, origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.code).toBe('bad_origin');
    const none = await fetch(`${ctx.server.url}/api/account/signout`, {
      method: 'POST',
      headers: { cookie: t.cookie },
    });
    expect(none.status).toBe(403);
    expect((await me(ctx.server.url, t.cookie)).status).toBe(200);
    const room = await fetch(`${ctx.server.url}/api/rooms`, {
      method: 'POST',
      headers: { ...asTherapist(ctx.server.url, t), origin: 'https://evil.example' },
      body: JSON.stringify({ mode: 'therapy' }),
    });
    expect(room.status).toBe(403);
  });

  it('M7 a therapy room needs a signed-in therapist (401); a practice room does not', async () => {
    const anonymous = await fetch(`${ctx.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ctx.server.url },
      body: JSON.stringify({ mode: 'therapy' }),
    });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('unauthorized');
    expect((await postRoom(ctx.server.url, 'practice')).status).toBe(201);
    const therapy = await postRoom(ctx.server.url, 'therapy');
    expect(therapy.status).toBe(201);
    expect(Object.keys((await therapy.json()).seats).sort()).toEqual(['A', 'B', 'therapist']);
  });
});

describe('sign-up settings (M2)', () => {
  const closed = withServer({ signup: 'closed' });

  it('M2 SIGNUP=closed refuses new accounts with 403 signup_closed', async () => {
    const res = await post(closed.server.url, '/api/account/signup', {
      email: 'f@example.org',
      password: 'a long password here',
      name: 'F',
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('signup_closed');
    expect(await closed.server.store.accounts.countTherapists()).toBe(0);
    const session = await fetch(`${closed.server.url}/api/account/session`);
    expect((await session.json()).signup).toBe('closed');
  });
});

describe('session cookies over https (M3)', () => {
  const secure = withServer({ publicUrl: 'https://room.example.org' });

  it('M3 the cookie is Secure when PUBLIC_URL is https', async () => {
    const res = await post(secure.server.url, '/api/account/signup', {
      email: 'g@example.org',
      password: 'a long password here',
      name: 'G',
    });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie().find((l) => l.startsWith('dr_session='))).toMatch(/Secure/i);
  });
});
