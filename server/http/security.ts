import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from '../log.ts';

/**
 * Security headers on every answer — pages, `/api`, health — set before any route (helmet): scripts
 * only from this origin, connections only back to it (`connect-src 'self'` covers its ws:/wss: too),
 * framing only by this origin and the portals the operator named (`frame-ancestors`, FRAME_ANCESTORS),
 * no referrer (an invite link's fragment never leaves the page anyway, but nothing else should
 * either), and HSTS when the public address is https.
 *
 * `X-Frame-Options: SAMEORIGIN` stays even when other origins may frame the room: browsers that know
 * `frame-ancestors` ignore X-Frame-Options when the CSP has it (CSP Level 2, "frame-ancestors"), and
 * one that does not is better refused than open to any framing page.
 */
export function securityHeaders(
  publicUrl: string | undefined,
  frameAncestors: string[] = ["'self'"],
): RequestHandler {
  const https = publicUrl?.startsWith('https:') ?? false;
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        frameAncestors,
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
  });
}

/** Source maps would publish the app's source and paths: never served, even if a build made some. */
export const noSourceMaps: RequestHandler = (req, res, next) => {
  if (req.path.endsWith('.map')) {
    res.status(404).type('text/plain').send('Not Found');
    return;
  }
  next();
};

/**
 * An address whose percent-encoding cannot be decoded is a 400 wherever it points, whether or not the
 * web client is built: no static file lookup or route parameter gets to throw on it first.
 */
export const malformedAddresses: RequestHandler = (req, _res, next) => {
  try {
    decodeURIComponent(req.path);
  } catch {
    next(Object.assign(new Error('malformed address'), { status: 400, type: 'address.malformed' }));
    return;
  }
  next();
};

/** Whatever no route answered: a plain 404, not express's page that echoes the address back. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).type('text/plain').send('Not Found');
};

/**
 * The last word on any error nothing else answered (a malformed address, a static file that cannot be
 * read): a status and its name, never a stack trace or a path of this machine, whatever NODE_ENV says.
 */
export function finalErrors(log: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const given = (error as { status?: unknown; statusCode?: unknown }).status ?? error?.statusCode;
    const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
    if (status >= 500) log.error({ err: error }, 'request failed');
    res
      .status(status)
      .type('text/plain')
      .send(STATUS_CODES[status] ?? 'Error');
  };
}
