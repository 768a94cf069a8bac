import type { Request, Response } from 'express';
import { isTimeZone } from '../../shared/markdown/clock.ts';
import { fail } from '../http/fail.ts';
import type { Archive } from './exports.ts';

/** `?tz=` (an IANA time zone, UTC if left out), or null with a 400 sent (path `tz`). */
export function timeZoneOf(req: Request, res: Response): string | null {
  const tz = req.query.tz ?? 'UTC';
  if (typeof tz === 'string' && isTimeZone(tz)) return tz;
  fail(res, 'bad_request', 'tz is an IANA time zone, such as Europe/London.', 'tz');
  return null;
}

export function sendArchive(res: Response, archive: Archive): void {
  res
    .type('application/zip')
    .set('content-disposition', `attachment; filename="${archive.fileName}"`)
    .send(Buffer.from(archive.bytes));
}
