import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { send, signIn, turnOnTotp } from '../support/accountApi.ts';
import { withServer } from '../support/session.ts';
import { type Answer, SoftAuthenticator } from '../support/softAuthenticator.ts';
import { type SignedInTherapist, sessionCookieFrom, signUpTherapist } from '../support/therapist.ts';

const MINUTE = 60_000;

describe('passkeys (M12–M15)', () => {
  let clock = Date.now();
  const ctx = withServer({}, { now: () => clock });
  const url = () => ctx.server.url;

  async function registrationOptions(t: SignedInTherapist) {
    const res = await send(url(), 'POST', '/api/account/passkeys/options', {}, t.cookie);
    expect(res.status).toBe(200);
    return (await res.json()) as PublicKeyCredentialCreationOptionsJSON;
  }

  /** Adds a passkey the way the account page does: options, the authenticator, then the answer. */
  async function addPasskey(t: SignedInTherapist, authenticator: SoftAuthenticator, name = 'MacBook') {
    const options = await registrationOptions(t);
    const response = authenticator.register(options, url());
    const res = await send(url(), 'POST', '/api/account/passkeys', { name, response }, t.cookie);
    expect(res.status).toBe(201);
    return ((await res.json()) as { passkey: { id: string } }).passkey;
  }

  async function signInOptions() {
    const res = await send(url(), 'POST', '/api/account/signin/passkey/options', {});
    expect(res.status).toBe(200);
    return (await res.json()) as PublicKeyCredentialRequestOptionsJSON;
  }

  /** A whole passkey sign-in as the sign-in page does it; the answer is the server's. */
  async function passkeySignIn(authenticator: SoftAuthenticator, answer: Answer = {}) {
    const response = authenticator.signIn(await signInOptions(), url(), answer);
    return send(url(), 'POST', '/api/account/signin/passkey', { response });
  }

  async function listOf(t: SignedInTherapist) {
    const res = await fetch(`${url()}/api/account/passkeys`, { headers: { cookie: t.cookie } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { passkeys: { id: string; name: string; lastUsedAt: number | null }[] })
      .passkeys;
  }

  async function therapist() {
    clock = Date.now();
    return signUpTherapist(url(), { name: 'Dr Lane' });
  }

  it('M12 a signed-in therapist adds a named passkey; the list shows its name and dates, never its key', async () => {
    const t = await therapist();
    const options = await registrationOptions(t);
    expect(options.rp).toEqual({ name: 'Dialogue Room', id: 'localhost' });
    expect(options.user.name).toBe(t.email);
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    const authenticator = new SoftAuthenticator();
    const response = authenticator.register(options, url());
    const added = await send(
      url(),
      'POST',
      '/api/account/passkeys',
      { name: ' MacBook ', response },
      t.cookie,
    );
    expect(added.status).toBe(201);
    const { passkey } = await added.json();
    expect(passkey).toEqual({ id: expect.any(String), name: 'MacBook', createdAt: clock, lastUsedAt: null });
    const listed = await fetch(`${url()}/api/account/passkeys`, { headers: { cookie: t.cookie } });
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const text = await listed.text();
    expect(JSON.parse(text)).toEqual({ passkeys: [passkey] });
    expect(text).not.toContain(response.id);
    // The same authenticator cannot be added twice: the options exclude it, and the server refuses it.
    const again = await registrationOptions(t);
    expect(again.excludeCredentials?.map((c) => c.id)).toEqual([response.id]);
    const twice = await send(
      url(),
      'POST',
      '/api/account/passkeys',
      { name: 'Again', response: { ...response, response: { ...response.response } } },
      t.cookie,
    );
    expect(twice.status).toBe(400); // its challenge was used
    // Signed out, there is nothing to list or add.
    expect((await fetch(`${url()}/api/account/passkeys`)).status).toBe(401);
    expect((await send(url(), 'POST', '/api/account/passkeys/options', {})).status).toBe(401);
  });

  it('M12 a passkey needs a name, and one without user verification is not added', async () => {
    const t = await therapist();
    const authenticator = new SoftAuthenticator();
    const unnamed = authenticator.register(await registrationOptions(t), url());
    const noName = await send(
      url(),
      'POST',
      '/api/account/passkeys',
      { name: '  ', response: unnamed },
      t.cookie,
    );
    expect(noName.status).toBe(400);
    expect((await noName.json()).error.path).toBe('name');
    const unverified = authenticator.register(await registrationOptions(t), url(), { userVerified: false });
    const res = await send(
      url(),
      'POST',
      '/api/account/passkeys',
      { name: 'Key', response: unverified },
      t.cookie,
    );
    expect(res.status).toBe(400);
    expect(await listOf(t)).toEqual([]);
  });

  it('M13 a passkey signs in with no email typed, sets the same session cookie, and records its use', async () => {
    const t = await therapist();
    const authenticator = new SoftAuthenticator();
    const passkey = await addPasskey(t, authenticator);
    const options = await signInOptions();
    expect(options.rpId).toBe('localhost');
    expect(options.userVerification).toBe('required');
    expect(options.allowCredentials ?? []).toEqual([]);
    clock += MINUTE;
    const res = await send(url(), 'POST', '/api/account/signin/passkey', {
      response: authenticator.signIn(options, url()),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).therapist).toMatchObject({ id: t.id, email: t.email });
    const setCookie = res.headers.getSetCookie().find((line) => line.startsWith('dr_session='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = sessionCookieFrom(res);
    const me = await fetch(`${url()}/api/account`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect((await me.json()).therapist.id).toBe(t.id);
    expect(await listOf(t)).toEqual([expect.objectContaining({ id: passkey.id, lastUsedAt: clock })]);
  });

  it('M13 with two-step sign-in on, a passkey with user verification is a whole sign-in; without it, it is refused', async () => {
    const t = await therapist();
    await turnOnTotp(url(), t.cookie, clock);
    const authenticator = new SoftAuthenticator();
    await addPasskey(t, authenticator);
    const unverified = await passkeySignIn(authenticator, { userVerified: false });
    expect(unverified.status).toBe(401);
    expect((await unverified.json()).error.code).toBe('bad_credentials');
    expect(unverified.headers.getSetCookie()).toEqual([]);
    const verified = await passkeySignIn(authenticator);
    expect(verified.status).toBe(200);
    expect((await verified.json()).therapist.totp).toBe(true);
    // The password still asks for the second step.
    expect((await (await signIn(url(), t)).json()).error.code).toBe('second_factor_required');
  });

  it('M13 a challenge answers once: a replayed sign-in, a second answer to a used challenge and a late one are refused', async () => {
    const t = await therapist();
    const authenticator = new SoftAuthenticator();
    await addPasskey(t, authenticator);
    const options = await signInOptions();
    const first = authenticator.signIn(options, url());
    expect((await send(url(), 'POST', '/api/account/signin/passkey', { response: first })).status).toBe(200);
    const replayed = await send(url(), 'POST', '/api/account/signin/passkey', { response: first });
    expect(replayed.status).toBe(401);
    expect((await replayed.json()).error.code).toBe('bad_credentials');
    // A fresh signature (its counter higher) over the used challenge is refused too.
    const fresh = authenticator.signIn(options, url());
    expect((await send(url(), 'POST', '/api/account/signin/passkey', { response: fresh })).status).toBe(401);

    const late = await signInOptions();
    clock += 5 * MINUTE;
    const tooLate = authenticator.signIn(late, url());
    expect((await send(url(), 'POST', '/api/account/signin/passkey', { response: tooLate })).status).toBe(
      401,
    );
    const inTime = await signInOptions();
    clock += 5 * MINUTE - 1;
    const answered = authenticator.signIn(inTime, url());
    expect((await send(url(), 'POST', '/api/account/signin/passkey', { response: answered })).status).toBe(
      200,
    );

    // A registration challenge answers once as well, and is not a sign-in challenge.
    const cookie = t.cookie;
    const registration = await registrationOptions(t);
    const other = new SoftAuthenticator();
    const response = other.register(registration, url());
    const asSignIn = other.signIn({ challenge: registration.challenge, rpId: 'localhost' }, url());
    expect((await send(url(), 'POST', '/api/account/signin/passkey', { response: asSignIn })).status).toBe(
      401,
    );
    // Offered as a sign-in, the registration challenge was used up.
    expect(
      (await send(url(), 'POST', '/api/account/passkeys', { name: 'Phone', response }, cookie)).status,
    ).toBe(400);
  });

  it('M12 a therapist cannot remove, or learn of, another therapist’s passkey; its owner can, and it signs in no more', async () => {
    const owner = await therapist();
    const other = await signUpTherapist(url());
    const authenticator = new SoftAuthenticator();
    const passkey = await addPasskey(owner, authenticator, 'Work laptop');
    const theirs = await send(
      url(),
      'DELETE',
      `/api/account/passkeys/${passkey.id}`,
      undefined,
      other.cookie,
    );
    expect(theirs.status).toBe(404);
    expect((await theirs.json()).error.code).toBe('not_found');
    expect(await listOf(other)).toEqual([]);
    expect(await listOf(owner)).toHaveLength(1);
    // Someone else's registration challenge cannot add a passkey to another account either.
    const ownersOptions = await registrationOptions(owner);
    const stolen = new SoftAuthenticator().register(ownersOptions, url());
    expect(
      (await send(url(), 'POST', '/api/account/passkeys', { name: 'X', response: stolen }, other.cookie))
        .status,
    ).toBe(400);
    expect(await listOf(other)).toEqual([]);

    const removed = await send(
      url(),
      'DELETE',
      `/api/account/passkeys/${passkey.id}`,
      undefined,
      owner.cookie,
    );
    expect(removed.status).toBe(204);
    expect(await listOf(owner)).toEqual([]);
    expect((await passkeySignIn(authenticator)).status).toBe(401);
    const gone = await send(url(), 'DELETE', `/api/account/passkeys/${passkey.id}`, undefined, owner.cookie);
    expect(gone.status).toBe(404);
  });

  it('M14 a signature counter that goes backwards is refused; one that goes on is accepted', async () => {
    const t = await therapist();
    const authenticator = new SoftAuthenticator();
    await addPasskey(t, authenticator);
    expect((await passkeySignIn(authenticator, { counter: 5 })).status).toBe(200);
    const cloned = await passkeySignIn(authenticator, { counter: 3 });
    expect(cloned.status).toBe(401);
    expect((await cloned.json()).error.code).toBe('bad_credentials');
    expect((await passkeySignIn(authenticator, { counter: 5 })).status).toBe(401);
    expect((await passkeySignIn(authenticator, { counter: 6 })).status).toBe(200);
    // An authenticator that keeps no counter (0 every time, as synced passkeys do) is fine.
    const synced = new SoftAuthenticator({ counting: false });
    const t2 = await signUpTherapist(url());
    await addPasskey(t2, synced);
    expect((await passkeySignIn(synced)).status).toBe(200);
    expect((await passkeySignIn(synced)).status).toBe(200);
  });

  it('M6 M12 M13 passkey writes need this site’s Origin, and an answer made on another site is refused', async () => {
    const t = await therapist();
    const authenticator = new SoftAuthenticator();
    const passkey = await addPasskey(t, authenticator);
    const elsewhere = { 'content-type': 'application/json', origin: 'https://evil.example' };
    const post = (path: string, body: unknown, cookie?: string) =>
      fetch(`${url()}${path}`, {
        method: 'POST',
        headers: { ...elsewhere, ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
    expect((await post('/api/account/passkeys/options', {}, t.cookie)).status).toBe(403);
    const registration = authenticator.register(await registrationOptions(t), url());
    expect(
      (await post('/api/account/passkeys', { name: 'X', response: registration }, t.cookie)).status,
    ).toBe(403);
    const removal = await fetch(`${url()}/api/account/passkeys/${passkey.id}`, {
      method: 'DELETE',
      headers: { ...elsewhere, cookie: t.cookie },
    });
    expect(removal.status).toBe(403);
    expect((await removal.json()).error.code).toBe('bad_origin');
    expect((await post('/api/account/signin/passkey/options', {})).status).toBe(403);
    const noOrigin = await fetch(`${url()}/api/account/signin/passkey/options`, { method: 'POST' });
    expect(noOrigin.status).toBe(403);
    const answer = authenticator.signIn(await signInOptions(), url());
    const signInElsewhere = await post('/api/account/signin/passkey', { response: answer });
    expect(signInElsewhere.status).toBe(403);
    expect(signInElsewhere.headers.getSetCookie()).toEqual([]);
    expect(await listOf(t)).toHaveLength(1);

    // A look-alike page relaying our challenge: the browser writes its own origin, which is refused.
    const phished = await passkeySignIn(authenticator, { origin: 'https://dialogue-room.example' });
    expect(phished.status).toBe(401);
    expect(phished.headers.getSetCookie()).toEqual([]);
    const newOptions = await registrationOptions(t);
    const phishedAdd = new SoftAuthenticator().register(newOptions, url(), {
      origin: 'https://dialogue-room.example',
    });
    expect(
      (await send(url(), 'POST', '/api/account/passkeys', { name: 'X', response: phishedAdd }, t.cookie))
        .status,
    ).toBe(400);
    expect(await listOf(t)).toHaveLength(1);
  });

  it('M5 M13 failed passkey sign-ins count for the address: past 20 it is locked out, even for a right passkey', async () => {
    const t = await therapist();
    const authenticator = new SoftAuthenticator();
    await addPasskey(t, authenticator);
    const signInOptionsBefore = signInOptions();
    for (let i = 0; i < 20; i += 1) {
      const res = await passkeySignIn(authenticator, { userVerified: false });
      expect(res.status).toBe(401);
    }
    // Locked out, even the options are refused; so is an answer to options asked before.
    const early = authenticator.signIn(await signInOptionsBefore, url());
    const options = await send(url(), 'POST', '/api/account/signin/passkey/options', {});
    expect(options.status).toBe(429);
    expect(Number(options.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await send(url(), 'POST', '/api/account/signin/passkey', { response: early })).status).toBe(429);
    clock += MINUTE;
    expect((await passkeySignIn(authenticator)).status).toBe(200);
  });

  it('M5 M9 M13 an account locked out by wrong passwords still signs in with its passkey, which forgets the failures', async () => {
    const t = await therapist();
    const authenticator = new SoftAuthenticator();
    await addPasskey(t, authenticator);
    for (let i = 0; i < 5; i += 1)
      expect((await signIn(url(), { email: t.email, password: `guess ${i}` })).status).toBe(401);
    expect((await signIn(url(), t)).status).toBe(429);
    expect((await passkeySignIn(authenticator)).status).toBe(200);
    expect((await signIn(url(), t)).status).toBe(200);
  });

  it('M15 the log names passkeys by their id only: no credential id, no name, no email', async () => {
    const t = await therapist();
    const authenticator = new SoftAuthenticator();
    const passkey = await addPasskey(t, authenticator, 'Sam’s own MacBook');
    expect((await passkeySignIn(authenticator)).status).toBe(200);
    expect((await passkeySignIn(authenticator, { counter: 1 })).status).toBe(401);
    await send(url(), 'DELETE', `/api/account/passkeys/${passkey.id}`, undefined, t.cookie);
    const log = ctx.server.logs.join('\n');
    expect(log).toContain(passkey.id);
    const credentialId = authenticator.credentials[0]?.id.toString('base64url') ?? 'missing';
    expect(log).not.toContain(credentialId);
    expect(log).not.toContain('MacBook');
    expect(log).not.toContain(t.email);
  });
});

describe('passkeys behind PUBLIC_URL (M12)', () => {
  const ctx = withServer({ publicUrl: 'https://rooms.example.org' });

  it('M12 the RP ID and origin are PUBLIC_URL’s, whatever address the request came to', async () => {
    const t = await signUpTherapist(ctx.server.url);
    const res = await send(ctx.server.url, 'POST', '/api/account/passkeys/options', {}, t.cookie);
    expect(res.status).toBe(200);
    const options = (await res.json()) as PublicKeyCredentialCreationOptionsJSON;
    expect(options.rp.id).toBe('rooms.example.org');
    const authenticator = new SoftAuthenticator();
    // Made on the public origin it is accepted; the same made on the server's local address is not.
    const local = authenticator.register(options, ctx.server.url);
    expect(
      (await send(ctx.server.url, 'POST', '/api/account/passkeys', { name: 'A', response: local }, t.cookie))
        .status,
    ).toBe(400);
    const again = (await (
      await send(ctx.server.url, 'POST', '/api/account/passkeys/options', {}, t.cookie)
    ).json()) as PublicKeyCredentialCreationOptionsJSON;
    const onPublic = authenticator.register(again, 'https://rooms.example.org');
    expect(
      (
        await send(
          ctx.server.url,
          'POST',
          '/api/account/passkeys',
          { name: 'A', response: onPublic },
          t.cookie,
        )
      ).status,
    ).toBe(201);
  });
});
