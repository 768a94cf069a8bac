import { createHash, randomBytes } from 'node:crypto';
import type { AccountStore } from '../store/accountTypes.ts';

/** An invite is good for a week (M10), and for one account. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function inviteHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Makes a one-time invite and returns its link, `<public address>/signup#invite=<token>`: the token
 * rides in the fragment, so it is not sent to the server with the page or kept in its access logs.
 */
export async function makeInvite(
  accounts: AccountStore,
  createdBy: string | null,
  publicUrl: string,
  now: number,
): Promise<{ link: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + INVITE_TTL_MS;
  await accounts.createInvite({ idHash: inviteHash(token), createdBy, createdAt: now, expiresAt });
  const link = new URL('/signup', publicUrl);
  link.hash = `invite=${token}`;
  return { link: link.toString(), expiresAt: new Date(expiresAt).toISOString() };
}
