import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api.ts';

/** A screen's data as a tagged union: loading, loaded, or refused with the server's code and sentence. */
export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'failed'; code: string; message: string };

/** Loads once, and again on `reload()` (after a change), keeping the old data on screen while it does. */
export function useLoad<T>(load: () => Promise<T>): [Loaded<T>, () => Promise<void>] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const reload = useCallback(async () => {
    try {
      setLoaded({ state: 'ready', data: await load() });
    } catch (error) {
      setLoaded(failure(error));
    }
  }, [load]);
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
