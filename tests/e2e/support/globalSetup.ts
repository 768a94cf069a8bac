import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';
import type { TestProject } from 'vitest/node';
import { chromiumMissing } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the browser tests cannot run (no Chromium, or the client did not build); null when they can. */
    e2eUnavailable: string | null;
  }
}

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Runs once per `vitest run` that includes end-to-end tests, before any test file starts: checks
 * for Chromium, then builds the web client into client/dist, which the test servers serve.
 * Building here, not in each file, means the forks never race over client/dist and the tests always
 * see the current client. A failure is handed to the e2e files (they fail with it) rather than
 * thrown, so the node tests still run and report.
 */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('e2eUnavailable', chromiumMissing() ?? (await buildClient()));
}

async function buildClient(): Promise<string | null> {
  const started = performance.now();
  try {
    // A child process, not Vite's API in this one: vitest sets NODE_ENV=test, and a build under it
    // would bundle React's development build instead of the production build people get.
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024 },
    );
    if (stderr.trim()) console.warn(`e2e: vite build warned:\n${stripVTControlCharacters(stderr)}`);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    // Vite's message names the file and line; the stack trace below it is Vite's own.
    const output =
      stripVTControlCharacters(`${stderr}${stdout}`)
        .split(/\n\s+at /)[0]
        ?.trim() || String(error);
    console.error('e2e: the web client did not build; the e2e tests fail with what vite said');
    return `The web client did not build (\`npx vite build\`), so the browser tests cannot run:\n${output}`;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`e2e: web client built into client/dist in ${seconds} s`);
  return null;
}
