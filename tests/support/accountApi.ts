import { Secret, TOTP } from 'otpauth';

/** A JSON request from a page of the server (Origin set, M6), with a session cookie if given. */
export function send(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  cookie?: string,
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      origin: url,
      ...(cookie ? { cookie } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** `POST /api/account/signin` with just the email, password and (if given) code of `account`. */
export function signIn(url: string, account: { email: string; password: string; code?: string }) {
  const { email, password, code } = account;
  return send(url, 'POST', '/api/account/signin', {
    email,
    password,
    ...(code === undefined ? {} : { code }),
  });
}

/** The code an authenticator app would show for `secret` at `at` (ms). */
export function totpCode(secret: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
}

/** Turns two-step sign-in on for a signed-in therapist at `at`; returns the secret and the recovery codes. */
export async function turnOnTotp(url: string, cookie: string, at: number) {
  const setup = await send(url, 'POST', '/api/account/totp', {}, cookie);
  if (setup.status !== 200) throw new Error(`totp set-up: ${setup.status} ${await setup.text()}`);
  const { secret } = (await setup.json()) as { secret: string };
  const confirm = await send(
    url,
    'POST',
    '/api/account/totp/confirm',
    { code: totpCode(secret, at) },
    cookie,
  );
  if (confirm.status !== 200) throw new Error(`totp confirm: ${confirm.status} ${await confirm.text()}`);
  const { recoveryCodes } = (await confirm.json()) as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}
