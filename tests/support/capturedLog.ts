import { Writable } from 'node:stream';
import type { Config } from '../../server/config.ts';
import { createLogger, type Logger } from '../../server/log.ts';

/** A server's logger whose every line is kept, as text, in `logs` (what a test reads back). */
export function capturedLog(level: Config['logLevel']): { log: Logger; logs: string[] } {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  return { log: createLogger(level, sink), logs };
}
