import { onTestFinished } from 'vitest';

/**
 * Closes `resource` once the running test has finished, passed or failed, so a failed assertion
 * leaks no client, socket, server or directory. Call it from a test or a `beforeEach`, right where
 * the resource is opened. vitest runs these callbacks last in, first out: what a test opened after
 * its server (its clients) is closed before that server stops.
 */
export function track<T>(resource: T, close: (resource: T) => unknown): T {
  onTestFinished(async () => {
    await close(resource);
  });
  return resource;
}
