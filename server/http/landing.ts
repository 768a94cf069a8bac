import type { Request, Response } from 'express';

/**
 * Until the web client lands (issue 4), `/` and the invite links' `/join` say plainly what this
 * server is, rather than pretending to be the app.
 */
export function landingPage(_req: Request, res: Response): void {
  res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Dialogue Room</title>
<style>body{font:1.1rem/1.6 system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem;color:#2d3a3a;background:#f7f5f0}</style>
</head><body>
<h1>Dialogue Room</h1>
<p>The room server is running. This version serves the room protocol only; the web app for
therapists and partners is not part of it yet.</p>
<p>Developers: see <code>docs/PROTOCOL.md</code> to create a room and connect a client.</p>
</body></html>`);
}
