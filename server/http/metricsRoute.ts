import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Metrics } from '../metrics.ts';

/** Prometheus metrics for a scraper holding the metrics token; anyone else gets a plain 404. */
export function metricsRoute(metrics: Metrics, token: string) {
  const expected = Buffer.from(`Bearer ${token}`);
  return async (req: Request, res: Response) => {
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(404).type('text/plain').send('Not Found');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
