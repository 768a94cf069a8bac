import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Metrics } from '../metrics.ts';

/**
 * Prometheus metrics for a scraper holding the metrics token; anyone else — everyone, when no token is
 * configured — gets a plain 404 (the route always exists, so the web client's pages never answer it).
 */
export function metricsRoute(metrics: Metrics, token: string | undefined) {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return async (req: Request, res: Response) => {
    const given = Buffer.from(req.get('authorization') ?? '');
    if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(404).type('text/plain').send('Not Found');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
