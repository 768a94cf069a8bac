import type { Request } from 'express';

/**
 * M6: a write authenticated by the session cookie must come from a page of this site. SameSite=Lax
 * already keeps the cookie off cross-site POSTs in today's browsers; the Origin check holds where it
 * does not (older browsers, a same-site but other-origin page). The page's origin must be the public
 * address's or the origin the request itself was sent to (its Host), so `npm start` on localhost and
 * a deployment behind PUBLIC_URL both work. No Origin at all is refused: browsers always send one on
 * these requests; a script must set it.
 */
export function sameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.get('origin');
  if (!origin || origin === 'null') return false;
  const allowed = new Set<string>();
  try {
    allowed.add(new URL(publicUrl).origin);
  } catch {
    // no public address yet: only the request's own host counts
  }
  const host = req.get('host');
  if (host) allowed.add(`${req.protocol}://${host}`);
  return allowed.has(origin);
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
