import pino, { type Logger } from 'pino';

/**
 * Structured logs. What people write never goes in: call sites log ids, seats, command types,
 * seqs and error codes only (S6). The redact list is a second line of defence, not the first.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'dialogue-room' },
      redact: {
        paths: [
          'token',
          '*.token',
          'auth',
          '*.auth',
          'text',
          '*.text',
          'command',
          '*.command',
          'body',
          '*.body',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };
