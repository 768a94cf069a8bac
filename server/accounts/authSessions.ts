import { createHash, randomBytes } from 'node:crypto';
import { parse } from 'cookie';
import type { Request, Response } from 'express';
import type { AccountStore, TherapistRecord } from '../store/accountTypes.ts';

/** The cookie that says which therapist this browser is signed in as (M3). */
export const SESSION_COOKIE = 'dr_session';

export function hashSessionId(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export interface SessionCookieOptions {
  /** `Secure` when the public address is https (M3). */
  secure: boolean;
  ttlMs: number;
}

/**
 * Starts a signed-in session: 32 random bytes in an httpOnly, SameSite=Lax cookie; the store keeps
 * only their hash, so a copy of the database signs nobody in (M3).
 */
export async function startSession(
  accounts: AccountStore,
  therapistId: string,
  res: Response,
  options: SessionCookieOptions,
  now: number,
): Promise<void> {
  const value = randomBytes(32).toString('base64url');
  await accounts.createAuthSession({
    idHash: hashSessionId(value),
    therapistId,
    createdAt: now,
    expiresAt: now + options.ttlMs,
  });
  res.cookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    maxAge: options.ttlMs,
  });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** The raw cookie value, if the request carries one. */
export function sessionCookieOf(req: Request): string | null {
  const header = req.get('cookie');
  if (!header) return null;
  const value = parse(header)[SESSION_COOKIE];
  return value && value.length <= 128 ? value : null;
}

export interface SignedIn {
  therapist: TherapistRecord;
  idHash: string;
}

/** The therapist this request is signed in as, or null (no cookie, unknown, expired, or revoked). */
export async function therapistOf(
  accounts: AccountStore,
  req: Request,
  now: number,
): Promise<SignedIn | null> {
  const value = sessionCookieOf(req);
  if (!value) return null;
  const idHash = hashSessionId(value);
  const session = await accounts.authSession(idHash);
  if (!session) return null;
  if (session.expiresAt <= now) {
    await accounts.deleteAuthSession(idHash);
    return null;
  }
  const therapist = await accounts.therapist(session.therapistId);
  return therapist ? { therapist, idHash } : null;
}
