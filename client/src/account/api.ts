import { useEffect, useState } from 'react';

/** The signed-in therapist, as `GET /api/account` answers (docs/PROTOCOL.md §2.6). */
export interface Therapist {
  id: string;
  email: string;
  name: string;
  totp: boolean;
}

/** A refusal from the account routes: the server's sentence and, for a form, the field it is about. */
export class AccountError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: string | undefined,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * One JSON request to `/api/account…`. The browser sends the session cookie and, on writes, the
 * page's Origin (M6) by itself. Resolves the body (null for 204); a refusal throws an AccountError.
 */
export async function accountRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/account${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new AccountError(
      'offline',
      'The server cannot be reached. Check your connection and try again.',
      undefined,
      0,
    );
  }
  if (res.status === 204) return null as T;
  const answer = (await res.json().catch(() => ({}))) as {
    error?: { code: string; message: string; path?: string };
  };
  if (!res.ok) {
    const error = answer.error;
    throw new AccountError(
      error?.code ?? 'internal',
      error?.message ?? 'Something went wrong. Try again.',
      error?.path,
      res.status,
    );
  }
  return answer as T;
}

/** Who may make an account on this server (`SIGNUP`, M2). */
export type SignupMode = 'open' | 'invite' | 'closed';

export type AccountState =
  | { state: 'loading' }
  | { state: 'signedOut'; signup: SignupMode }
  | { state: 'signedIn'; therapist: Therapist; recoveryCodesLeft: number; signup: SignupMode };

/** Who is signed in on this browser; `reload` asks again (after a change on the account page). */
export function useAccount(): [AccountState, () => void] {
  const [account, setAccount] = useState<AccountState>({ state: 'loading' });
  const [asked, setAsked] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `asked` is the trigger to ask again
  useEffect(() => {
    let current = true;
    accountRequest<{ therapist: Therapist | null; recoveryCodesLeft: number; signup: SignupMode }>(
      'GET',
      '/session',
    ).then(
      ({ therapist, recoveryCodesLeft, signup }) =>
        current &&
        setAccount(
          therapist
            ? { state: 'signedIn', therapist, recoveryCodesLeft, signup }
            : { state: 'signedOut', signup },
        ),
      () => current && setAccount({ state: 'signedOut', signup: 'open' }),
    );
    return () => {
      current = false;
    };
  }, [asked]);
  return [account, () => setAsked((n) => n + 1)];
}

/** Where a therapist goes once signed in (the practice page; COUPLES builds it). */
export const SIGNED_IN_HOME = '/practice';
