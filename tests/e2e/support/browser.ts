import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Config } from '../../../server/config.ts';
import { startTestServer, type TestServer } from '../../support/testServer.ts';
import { track } from '../../support/track.ts';
import { launchChromium } from './chromium.ts';

/** The two screens the client must work on: a 375 px phone and a laptop. */
export const devices = {
  phone: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  laptop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
} satisfies Record<string, BrowserContextOptions>;

export type Device = keyof typeof devices;

/** One person's browser: its own context (cookies, storage, offline switch) and a page. */
export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions from every page of this context, as readable lines. */
  errors: string[];
  /** Fails, listing them, if the pages logged errors other than the `allowed` ones. */
  expectNoErrors(allowed?: RegExp[]): void;
}

/** Long enough for a slow CI machine, short enough to fail before the test's own timeout. */
const ACTION_TIMEOUT_MS = 10_000;

/**
 * A real server on port 0 and one Chromium for the test file, started in `beforeAll`; every
 * `open()` makes a fresh browser context, closed when the test finishes. Pages resolve paths against the
 * server, so `page.goto('/')` opens the home page.
 */
export function withBrowser(
  options: {
    /** The server's settings, or a function that makes them in `beforeAll` (e.g. after starting Redis). */
    server?: Partial<Config> | (() => Promise<Partial<Config>>);
  } = {},
) {
  const ctx = {
    server: undefined as unknown as TestServer,
    browser: undefined as unknown as Browser,

    /** A new person on a phone or a laptop. `name` labels their errors (e.g. 'partner A'). */
    async open(device: Device, name: string = device, extra: BrowserContextOptions = {}): Promise<Visitor> {
      const context = track(
        await ctx.browser.newContext({ ...devices[device], baseURL: ctx.server.url, ...extra }),
        (opened) => opened.close(),
      );
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      const errors: string[] = [];
      context.on('page', (page) => collectErrors(page, name, errors));
      const page = await context.newPage();
      return {
        context,
        page,
        errors,
        expectNoErrors(allowed = []) {
          const unexpected = errors.filter((line) => !allowed.some((pattern) => pattern.test(line)));
          if (unexpected.length > 0) {
            throw new Error(`The page logged ${unexpected.length} error(s):\n${unexpected.join('\n')}`);
          }
        },
      };
    },
  };

  beforeAll(async () => {
    const unavailable = inject('e2eUnavailable');
    if (unavailable) throw new Error(unavailable);
    // Both are started at once; whichever succeeded is still torn down if the other failed.
    const settings =
      typeof options.server === 'function' ? options.server() : Promise.resolve(options.server);
    const [server, browser] = await Promise.allSettled([
      settings.then((overrides) => startTestServer(overrides)),
      launchChromium(),
    ]);
    if (server.status === 'fulfilled') ctx.server = server.value;
    if (browser.status === 'fulfilled') ctx.browser = browser.value;
    for (const result of [server, browser]) if (result.status === 'rejected') throw result.reason;
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

function collectErrors(page: Page, name: string, errors: string[]): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    // Chromium asks for /favicon.ico on its own, at a moment of its choosing; that 404 is not the
    // page's doing and would make the check flaky. An icon the page links to is still checked.
    if (new URL(url || 'about:blank').pathname === '/favicon.ico') return;
    errors.push(`[${name}] console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`[${name}] uncaught: ${error.stack ?? error.message}`));
  page.on('crash', () => errors.push(`[${name}] the page crashed`));
}

const SCREENSHOTS = fileURLToPath(new URL('../../../artifacts/screenshots', import.meta.url));

const DOC_SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots', import.meta.url));

/**
 * The folder for screenshots the docs show (`docs/screenshots/<dir>`), made if missing. A test run
 * must not change tracked files, so only `DOC_SCREENSHOTS=1 npx vitest run --project e2e …` writes
 * there; otherwise the same files go to artifacts/screenshots/<dir> (git-ignored).
 */
export function shotDir(dir: string): string {
  const path = join(process.env.DOC_SCREENSHOTS === '1' ? DOC_SCREENSHOTS : SCREENSHOTS, dir);
  mkdirSync(path, { recursive: true });
  return path;
}

/** Saves the whole page to artifacts/screenshots/<name>.png (git-ignored) and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Fails if the page scrolls sideways: on a 375 px phone everything must fit the width. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  if (scrollWidth > clientWidth) {
    throw new Error(
      `The page is ${scrollWidth} px wide in a ${clientWidth} px viewport: it scrolls sideways.`,
    );
  }
}
