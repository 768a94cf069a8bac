import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real redis-server a test owns: a child process (not daemonized) on a free port of 127.0.0.1, in
 * a temp dir of its own. By default every acknowledged write is in the append-only file, fsynced,
 * before Redis answers (`appendfsync always`): the durability issue 13 asks of the shared store.
 */
export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** SIGTERM (after SIGCONT, should it be frozen), waits for the process to exit, removes the dir. */
  stop(): Promise<void>;
  /** SIGKILL (as a crash), and waits for the process to exit. */
  kill(): Promise<void>;
  /**
   * Starts it again on the same port and dir (it replays its append-only file); waits for PING to
   * answer PONG, or — with `untilLoaded: false` — for any answer, `-LOADING` included, so a caller
   * can watch what happens while the file is still loading. `args` are added to this start only.
   */
  restart(options?: RestartOptions): Promise<void>;
  /** Resolves once PING answers PONG: the dataset is loaded (after `restart({ untilLoaded: false })`). */
  untilLoaded(): Promise<void>;
  /** SIGSTOP: connections stay open and nothing is answered, until `thaw()` (SIGCONT). */
  freeze(): void;
  thaw(): void;
}

export interface RestartOptions {
  /** Extra redis-server arguments for this start only (e.g. `--key-load-delay`, which slows loading). */
  args?: string[];
  /** false: resolve once Redis answers at all, while it may still be loading its dataset. */
  untilLoaded?: boolean;
}

export interface RedisServerOptions {
  /** Append-only with an fsync per write (the default), or nothing on disk at all. */
  durable?: boolean;
}

const INSTALL = 'apt-get update && apt-get install -y redis-server   (or: bash scripts/ensure-redis.sh)';

/** How long `untilLoaded` waits for a dataset to load: a bound on a hung test, not a speed requirement. */
const LOADING_LIMIT_MS = 120_000;

const running = new Set<ChildProcess>();
const dirs = new Set<string>();
let exitHookSet = false;

/** Whatever a test file started is gone when its process exits, even after a failed assertion. */
function killAllAtExit() {
  if (exitHookSet) return;
  exitHookSet = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(`redis-server is not installed; run: ${INSTALL}`);
  }
  killAllAtExit();
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-redis-'));
  dirs.add(dir);
  const durability =
    options.durable === false
      ? ['--appendonly', 'no', '--save', '']
      : ['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''];

  let port = 0;
  let child: ChildProcess | null = null;
  const launch = async (options: RestartOptions = {}) => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      ...durability,
      ...(options.args ?? []),
    ];
    const started = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(started);
    started.once('exit', () => running.delete(started));
    child = started;
    await untilPong(port, started, options.untilLoaded ?? true);
  };

  // A free port can be taken between asking and binding: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }

  const end = async (signal: NodeJS.Signals) => {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill(signal);
    // A frozen server (freeze()) acts on SIGTERM only once it runs again.
    if (signal === 'SIGTERM') current.kill('SIGCONT');
    await exited;
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      await end('SIGTERM');
      // Test workers can be ended without an 'exit' event, so the dir goes here, not only at exit.
      rmSync(dir, { recursive: true, force: true });
      dirs.delete(dir);
    },
    kill: () => end('SIGKILL'),
    async restart(options) {
      await end('SIGKILL');
      await launch(options);
    },
    async untilLoaded() {
      const current: ChildProcess | null = child;
      if (!current) throw new Error('redis-server is not running');
      await untilPong(port, current, true, LOADING_LIMIT_MS);
    },
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves once the server answers PING (with PONG, or with anything when `loaded` is false: Redis
 * answers `-LOADING` while it reads its files); rejects if the process exits first (a taken port).
 */
async function untilPong(
  port: number,
  child: ChildProcess,
  loaded: boolean,
  limitMs = 10_000,
): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server on port ${port} exited: ${stderr.trim()}`);
    }
    if (await pongs(port, loaded)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

async function pongs(port: number, loaded: boolean): Promise<boolean> {
  const reply = await pingReply(port);
  return reply.startsWith('+PONG') || (!loaded && reply.startsWith('-LOADING'));
}

/** The first line of Redis's answer to PING on a fresh connection (`+PONG`, `-LOADING …`, or '' if none). */
export function pingReply(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    socket.once('error', () => resolve(''));
    socket.on('data', (chunk) => {
      reply += String(chunk);
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.slice(0, reply.indexOf('\r\n')));
      }
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}
