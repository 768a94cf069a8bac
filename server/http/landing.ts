import type { Request, Response } from 'express';

/**
 * When the web client has not been built (a developer running the server alone), `/` and `/join`
 * say so plainly rather than answering 404.
 */
export function landingPage(_req: Request, res: Response): void {
  res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dialogue Room</title>
<style>body{font:1.1rem/1.6 system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem;color:#2d3a3a;background:#f7f5f0}</style>
</head><body>
<h1>Dialogue Room</h1>
<p>The room server is running, but the web app has not been built. Run <code>npm start</code>
(which builds it) or <code>npx vite build</code>, then reload.</p>
</body></html>`);
}
