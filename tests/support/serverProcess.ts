import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { eventually } from './eventually.ts';
import { track } from './track.ts';

/**
 * The real server as a child process (`node --import tsx`, so the pid we kill is the server
 * itself, not a wrapper), for tests that kill it with SIGKILL and start it again on the same data.
 */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TOKEN_SECRET = 'kill9-test-secret-0123456789abcdefghijkl'; // 40 characters, the same for both lives

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Every stdout line, parsed where it is JSON. */
  logs: Record<string, unknown>[];
  /** Everything written to stderr so far. */
  stderr(): string;
  exited: Promise<void>;
}

export interface SpawnOptions {
  /** A command the server is started through, which must exec it (e.g. `prlimit --fsize=…`), so the pid stays the server's. */
  prefix?: string[];
  /** What node runs: the sources under tsx (default), or the compiled server `npm start` runs. */
  entry?: string[];
}

/** The compiled server, as `npm start` runs it (built by `scripts/build-server.mjs`). */
export const BUILT_SERVER = ['--enable-source-maps', 'dist/server/main.mjs'];

/** A fresh data directory, removed when the test finishes (after the processes started on it). */
export function tempDir(): string {
  return track(mkdtempSync(join(tmpdir(), 'dialogue-room-kill9-')), (dir) =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

/** Starts the server and returns at once, listening or not (for starts that are meant to fail). */
export function spawnServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
  options: SpawnOptions = {},
): ServerProcess {
  const [command = process.execPath, ...args] = [
    ...(options.prefix ?? []),
    process.execPath,
    ...(options.entry ?? ['--import', 'tsx', 'server/main.ts']),
  ];
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      TOKEN_SECRET,
      LOG_LEVEL: 'info',
      // Bursts in these tests are larger than the default limit (S7 is tested elsewhere).
      COMMANDS_PER_10S: '10000',
      // No connection-lost pause (T33) may add events while a test reconnects.
      SEAT_GRACE_MS: '600000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ raw: line });
    }
  });
  // 'close' comes after the exit and after stdout is drained, so `logs` is complete by then.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const server: ServerProcess = { child, url: '', logs, stderr: () => stderr, exited };
  // Killed when the test finishes, whatever state it is in.
  return track(server, async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
}

export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
  options: SpawnOptions = {},
): Promise<ServerProcess> {
  const server = spawnServerProcess(dataDir, env, options);
  const { child, logs } = server;
  const port = await eventually(() => {
    const listening = logs.find((line) => typeof line.port === 'number');
    if (listening) return listening.port as number;
    const error = new Error(`server not listening yet; stderr: ${server.stderr()}`);
    if (child.exitCode !== null) throw Object.assign(error, { final: true });
    throw error;
  }, 30_000);
  expect(String(logs.find((line) => line.port === port)?.msg)).toMatch(/^Dialogue Room is listening/);
  // The log shows "localhost"; the server binds 127.0.0.1 only, so don't let ::1 be tried first.
  server.url = `http://127.0.0.1:${port}`;
  return server;
}

export async function kill9(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
  expect(server.child.signalCode).toBe('SIGKILL');
}

/**
 * Waits for a process that is meant to stop on its own; fails the test if it is still running
 * after `timeoutMs` (a bound on a hung test, not a speed requirement).
 */
export async function exitOf(
  server: ServerProcess,
  timeoutMs = 20_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'running'>((resolve) => {
    timer = setTimeout(() => resolve('running'), timeoutMs);
  });
  const outcome = await Promise.race([server.exited.then(() => 'exited' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'running') {
    throw new Error(`the server is still running after ${timeoutMs} ms; stderr: ${server.stderr()}`);
  }
  return { code: server.child.exitCode, signal: server.child.signalCode };
}
