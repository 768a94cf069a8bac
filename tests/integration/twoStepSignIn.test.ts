import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { send, signIn, totpCode, turnOnTotp } from '../support/accountApi.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

const START = Date.UTC(2026, 11, 1, 12, 0, 0); // on a 30-second step boundary
const STEP = 30_000;

describe('two-step sign-in (M8)', () => {
  let clock = START;
  const ctx = withServer({}, { now: () => clock });

  async function account() {
    clock = START;
    return signUpTherapist(ctx.server.url, { password: 'the right password' });
  }

  it('M8 the secret waits until a right code confirms it; then sign-in asks for the second step', async () => {
    const t = await account();
    const setup = await send(ctx.server.url, 'POST', '/api/account/totp', {}, t.cookie);
    expect(setup.status).toBe(200);
    const { secret, otpauthUrl } = await setup.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Dialogue%20Room:/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    // Pending: sign-in does not ask for a code yet.
    expect((await signIn(ctx.server.url, t)).status).toBe(200);
    const wrong = await send(
      ctx.server.url,
      'POST',
      '/api/account/totp/confirm',
      { code: '000000' },
      t.cookie,
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatchObject({ code: 'bad_request', path: 'code' });
    const confirm = await send(
      ctx.server.url,
      'POST',
      '/api/account/totp/confirm',
      { code: totpCode(secret, clock) },
      t.cookie,
    );
    expect(confirm.status).toBe(200);
    const { recoveryCodes } = await confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const me = await (await fetch(`${ctx.server.url}/api/account`, { headers: { cookie: t.cookie } })).json();
    expect(me).toMatchObject({ therapist: { totp: true }, recoveryCodesLeft: 10 });

    const noCode = await signIn(ctx.server.url, t);
    expect(noCode.status).toBe(401);
    expect((await noCode.json()).error.code).toBe('second_factor_required');
    expect(noCode.headers.getSetCookie()).toEqual([]);
    // The password is checked first: a wrong one never learns that a code is needed.
    const wrongPassword = await signIn(ctx.server.url, { email: t.email, password: 'not the password' });
    expect((await wrongPassword.json()).error.code).toBe('bad_credentials');
    const again = await send(ctx.server.url, 'POST', '/api/account/totp', {}, t.cookie);
    expect(again.status).toBe(409);
  });

  it('M8 a code of the step now or one step either side signs in, and never twice', async () => {
    const t = await account();
    const { secret } = await turnOnTotp(ctx.server.url, t.cookie, clock);
    // The code that confirmed the set-up is used up.
    const replayConfirm = await signIn(ctx.server.url, { ...t, code: totpCode(secret, clock) });
    expect(replayConfirm.status).toBe(401);
    expect((await replayConfirm.json()).error).toMatchObject({ code: 'bad_credentials', path: 'code' });

    clock += 4 * STEP;
    const next = totpCode(secret, clock + STEP); // a phone clock a little ahead
    const ok = await signIn(ctx.server.url, { ...t, code: next });
    expect(ok.status).toBe(200);
    expect(ok.headers.getSetCookie().some((line) => line.startsWith('dr_session='))).toBe(true);
    expect((await signIn(ctx.server.url, { ...t, code: next })).status).toBe(401);
    // The step now is older than the one just used: refused too, so no code is good twice.
    expect((await signIn(ctx.server.url, { ...t, code: totpCode(secret, clock) })).status).toBe(401);
    clock += 2 * STEP;
    expect((await signIn(ctx.server.url, { ...t, code: totpCode(secret, clock - 2 * STEP) })).status).toBe(
      401,
    );
    expect((await signIn(ctx.server.url, { ...t, code: totpCode(secret, clock - STEP) })).status).toBe(401);
    expect((await signIn(ctx.server.url, { ...t, code: ` ${totpCode(secret, clock)} ` })).status).toBe(200);
  });

  it('M8 a recovery code signs in once, typed any way; the account says how many are left', async () => {
    const t = await account();
    const { recoveryCodes } = await turnOnTotp(ctx.server.url, t.cookie, clock);
    const code = recoveryCodes[3] ?? '';
    expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const first = await signIn(ctx.server.url, { ...t, code: code.toUpperCase().replaceAll('-', ' ') });
    expect(first.status).toBe(200);
    const second = await signIn(ctx.server.url, { ...t, code });
    expect(second.status).toBe(401);
    expect((await second.json()).error).toMatchObject({ code: 'bad_credentials', path: 'code' });
    const me = await (await fetch(`${ctx.server.url}/api/account`, { headers: { cookie: t.cookie } })).json();
    expect(me.recoveryCodesLeft).toBe(9);
    // Another account's code is not this account's.
    const other = await signUpTherapist(ctx.server.url);
    const otherCodes = await turnOnTotp(ctx.server.url, other.cookie, clock);
    expect((await signIn(ctx.server.url, { ...t, code: otherCodes.recoveryCodes[0] })).status).toBe(401);
  });

  it('M8 turning two-step off needs the password; then the password alone signs in again', async () => {
    const t = await account();
    const { recoveryCodes } = await turnOnTotp(ctx.server.url, t.cookie, clock);
    const wrong = await send(ctx.server.url, 'DELETE', '/api/account/totp', { password: 'nope' }, t.cookie);
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toMatchObject({ code: 'bad_credentials', path: 'password' });
    expect((await signIn(ctx.server.url, t)).status).toBe(401);
    const off = await send(ctx.server.url, 'DELETE', '/api/account/totp', { password: t.password }, t.cookie);
    expect(off.status).toBe(204);
    expect((await signIn(ctx.server.url, t)).status).toBe(200);
    expect(await ctx.server.store.accounts.recoveryCodesLeft(t.id)).toBe(0);
    // Recovery codes of the old set-up are gone with it.
    clock += 10 * STEP;
    await turnOnTotp(ctx.server.url, t.cookie, clock);
    expect((await signIn(ctx.server.url, { ...t, code: recoveryCodes[0] })).status).toBe(401);
  });

  it('M8 recovery codes are kept only as hashes; no code or secret reaches the log', async () => {
    const t = await account();
    const { secret, recoveryCodes } = await turnOnTotp(ctx.server.url, t.cookie, clock);
    await signIn(ctx.server.url, { ...t, code: recoveryCodes[0] });
    await ctx.server.store.checkpoint();
    for (const name of readdirSync(ctx.server.dataDir)) {
      const bytes = readFileSync(join(ctx.server.dataDir, name));
      for (const code of recoveryCodes) expect(bytes.includes(code), name).toBe(false);
    }
    const logs = ctx.server.logs.join('\n');
    expect(logs).not.toContain(secret);
    for (const code of recoveryCodes) expect(logs).not.toContain(code);
    expect(logs).toContain('recovery code used');
  });

  it('M8 wrong codes count as failed sign-ins (M5): five lock the account', async () => {
    const t = await account();
    await turnOnTotp(ctx.server.url, t.cookie, clock);
    for (const code of ['111111', '222222', 'nope-nope-nope', '333333', '444444'])
      expect((await signIn(ctx.server.url, { ...t, code })).status).toBe(401);
    const locked = await signIn(ctx.server.url, t);
    expect(locked.status).toBe(429);
  });
});
