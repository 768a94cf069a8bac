import { randomUUID } from 'node:crypto';

/** A signed-in therapist: the session cookie a browser would hold, and the account. */
export interface SignedInTherapist {
  cookie: string;
  email: string;
  password: string;
  id: string;
}

/** The `name=value` of the session cookie a response sets (what a browser would send back). */
export function sessionCookieFrom(res: Response): string {
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('dr_session='));
  if (!cookie) throw new Error(`no session cookie in the answer (${res.status})`);
  return cookie;
}

/** Headers for a cookie-authenticated write from a page of the server (M6: Origin must match). */
export function asTherapist(url: string, therapist: { cookie: string }, json = true): Record<string, string> {
  return {
    cookie: therapist.cookie,
    origin: url,
    ...(json ? { 'content-type': 'application/json' } : {}),
  };
}

/** Signs a new therapist up through `POST /api/account/signup`; anything but 201 throws. */
export async function signUpTherapist(
  url: string,
  account: { email?: string; password?: string; name?: string } = {},
): Promise<SignedInTherapist> {
  const email = account.email ?? `t-${randomUUID()}@example.org`;
  const password = account.password ?? 'correct horse battery';
  const res = await fetch(`${url}/api/account/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password, name: account.name ?? 'Dr Test' }),
  });
  if (res.status !== 201) throw new Error(`signUpTherapist: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { therapist: { id: string } };
  return { cookie: sessionCookieFrom(res), email, password, id: body.therapist.id };
}

const perServer = new Map<string, Promise<SignedInTherapist>>();

/**
 * One therapist per server, signed up the first time a test asks: therapy rooms need a signed-in
 * therapist (M7), and most tests only need *a* therapist, not a particular one.
 */
export function serverTherapist(url: string): Promise<SignedInTherapist> {
  let therapist = perServer.get(url);
  if (!therapist) {
    therapist = signUpTherapist(url);
    perServer.set(url, therapist);
    therapist.catch(() => perServer.delete(url));
  }
  return therapist;
}
