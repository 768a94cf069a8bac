import { type ComponentType, lazy } from 'react';

/**
 * A screen in a chunk of its own, loaded when first shown, so a partner's phone does not download
 * the therapist's console, the account pages or the exports. Vite names chunks by their hash and
 * the server keeps only the current release's (server/http/webClient.ts: a missing one is a 404),
 * so a tab opened before an upgrade can fail to load one: it then shows `NewVersionAvailable`
 * instead of a blank page.
 */
export function lazyScreen<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
  failed: ComponentType = NewVersionAvailable,
) {
  return lazy(async () => {
    try {
      return { default: await load() };
    } catch {
      return { default: failed as ComponentType<Props> };
    }
  });
}

/** A part of a screen in a chunk of its own: the same, with the note as a panel inside the screen. */
export function lazyPanel<Props extends object>(load: () => Promise<ComponentType<Props>>) {
  return lazyScreen(load, NewVersionNote);
}

/**
 * Loads chunks the screen will need later once the browser is idle after it is on screen, so a later
 * step does not wait for the network; a failure here is left to the step itself (NewVersionNote).
 */
export function prefetchWhenIdle(loads: (() => Promise<unknown>)[]): () => void {
  const run = () => {
    for (const load of loads) load().catch(() => undefined);
  };
  if ('requestIdleCallback' in window) {
    const id = window.requestIdleCallback(run, { timeout: 2000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = setTimeout(run, 1000);
  return () => clearTimeout(id);
}

/** What a screen shows while its chunk loads: the same calm line as the page's first paint. */
export function LoadingScreen() {
  return (
    <main className="page" aria-busy="true">
      <p className="loading" role="status">
        Opening…
      </p>
    </main>
  );
}

/** A step's own line while its chunk loads. */
export function LoadingPanel() {
  return (
    <section className="panel step" aria-busy="true">
      <p className="loading" role="status">
        One moment…
      </p>
    </section>
  );
}

/** The same as NewVersionAvailable, inside a screen that is already showing. */
export function NewVersionNote() {
  return (
    <section className="panel step">
      <p role="alert">A new version of Dialogue Room is available — reload to go on.</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </section>
  );
}

/** A chunk of this release could not be loaded: the server has a newer one. */
export function NewVersionAvailable() {
  return (
    <main className="page">
      <h1>A new version is available</h1>
      <p role="alert">A new version of Dialogue Room is available — reload to open it.</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </main>
  );
}
