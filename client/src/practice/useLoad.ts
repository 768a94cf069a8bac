import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api.ts';

/** A screen's data as a tagged union: loading, loaded, or refused with the server's code and sentence. */
export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'failed'; code: string; message: string };

/**
 * Loads once, and again on `reload()` (after a change), keeping the old data on screen while it does.
 * `reload({ quiet: true })` is a look in the background: a dropped network or a server restarting
 * leaves what is on screen as it is, while a refusal (a replaced link, say) is still shown.
 */
export function useLoad<T>(
  load: () => Promise<T>,
): [Loaded<T>, (options?: { quiet?: boolean }) => Promise<void>] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const reload = useCallback(
    async (options: { quiet?: boolean } = {}) => {
      try {
        setLoaded({ state: 'ready', data: await load() });
      } catch (error) {
        const passing = error instanceof ApiError && (error.status === 0 || error.status >= 500);
        setLoaded((current) =>
          options.quiet && passing && current.state === 'ready' ? current : failure(error),
        );
      }
    },
    [load],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  return [loaded, reload];
}

export function failure(error: unknown): { state: 'failed'; code: string; message: string } {
  return error instanceof ApiError
    ? { state: 'failed', code: error.code, message: error.message }
    : { state: 'failed', code: 'internal', message: 'Something went wrong. Reload the page.' };
}

/** The sentence to show for a failed action. */
export function messageOf(error: unknown): string {
  return failure(error).message;
}
