import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Where `vite build` puts the web client (vite.config.ts). */
export const WEB_CLIENT_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

/**
 * Vite names every file under /assets/ by its content hash, so a file there never changes: a year,
 * and `immutable` so a reload does not even revalidate it. A new release has new names.
 */
const HASHED = 'public, max-age=31536000, immutable';
/** A file outside /assets/ keeps its name across releases: a browser may reuse it briefly only. */
const UNHASHED = 'public, max-age=300';
/** The page names the current release's assets, so a cached copy would open the old one after an upgrade. */
const PAGE = 'no-store';

/**
 * Serves the built web client (`npm start` builds it) from the brotli and gzip copies the build
 * wrote next to each file (vite.config.ts): `br` when the browser accepts it, gzip otherwise, the
 * file itself for neither, always with `Vary: Accept-Encoding` so a shared cache keeps them apart.
 * express-static-gzip does the negotiation on top of serve-static (no compression per request: the
 * server's CPU is for the rooms). Its security headers are set for every route in `app.ts`.
 */
export function serveWebClient(app: Express, dir: string = WEB_CLIENT_DIR): boolean {
  if (!existsSync(join(dir, 'index.html'))) return false;
  const files = expressStaticGzip(dir, {
    enableBrotli: true,
    // Brotli first whatever order the browser lists them in: the smaller file on a slow link.
    orderPreference: ['br'],
    index: false,
    serveStatic: {
      index: false,
      setHeaders: (res: ServerResponse, path: string) => setCaching(res, relative(dir, path)),
    },
  });
  app.use(files);
  // Every other page address opens the app, which shows the start page for anything it does not
  // know. Not a missing /assets/ file: a tab of an older release asking for a chunk that is gone
  // gets a 404 (the app then offers a reload), never a page parsed as a script.
  app.get('/{*splat}', (req, res, next) => {
    if (/^\/(api|socket\.io|yjs|assets)\//.test(req.path)) return next();
    req.url = '/index.html';
    files(req, res, next);
  });
  return true;
}

/** `file` is relative to the build's folder, and may be a compressed copy (`.br`, `.gz`). */
function setCaching(res: ServerResponse, file: string): void {
  const name = file.replace(/\.(br|gz)$/, '');
  const policy = name === 'index.html' ? PAGE : name.startsWith(`assets${sep}`) ? HASHED : UNHASHED;
  res.setHeader('Cache-Control', policy);
  // Also on a file the build left uncompressed (too small to gain): one rule for every answer.
  res.setHeader('Vary', 'Accept-Encoding');
}
