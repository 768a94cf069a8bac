import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';

const DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

/**
 * Serves the built web client (`npm start` builds it). Its security headers are set for every route
 * in `app.ts` (`securityHeaders`).
 */
export function serveWebClient(app: Express): boolean {
  const index = join(DIST, 'index.html');
  if (!existsSync(index)) return false;
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
