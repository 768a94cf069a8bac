/**
 * The store cannot start on this data directory: the message is one plain line for the operator,
 * naming the file or directory and what to do. `main.ts` prints it alone, without a stack trace.
 */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** Another process (a running server) holds the data directory (S10). */
export class DataDirInUseError extends StoreOpenError {
  override name = 'DataDirInUseError';
}

/** The part of a thrown error worth showing in that line: SQLite's or the system's own words. */
export function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message.split('\n')[0] : String(error);
  return typeof code === 'string' && !text?.includes(code) ? `${text}, ${code}` : (text ?? '');
}
