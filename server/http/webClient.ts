import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import helmet from 'helmet';

const DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

/**
 * Serves the built web client (`npm start` builds it). Pages get strict security headers (helmet):
 * scripts only from this origin, no framing, and no referrer — an invite link's fragment never leaves
 * the page anyway, but nothing else should either.
 */
export function serveWebClient(app: Express): boolean {
  const index = join(DIST, 'index.html');
  if (!existsSync(index)) return false;
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          upgradeInsecureRequests: null,
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: false,
    }),
  );
  // Source maps are not built (vite.config.ts); one left in client/dist by hand is not served either.
  app.use((req, res, next) =>
    req.path.endsWith('.map') ? res.status(404).type('text').send('Not found') : next(),
  );
  app.use(express.static(DIST, { index: false, maxAge: '1h' }));
  // Every other page address opens the app, which shows the start page for anything it does not know.
  app.get('/{*splat}', (req, res, next) => {
    if (req.path.startsWith('/api/') || req.path.startsWith('/socket.io/') || req.path.startsWith('/yjs/'))
      return next();
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(index);
  });
  return true;
}
