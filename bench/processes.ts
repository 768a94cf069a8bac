import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO } from './children.ts';

/** Linux's clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every usual kernel). */
const TICKS_PER_S = 100;

/** CPU time a process used so far (user + system), in ms, from /proc. */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServerProcess {
  child: ChildProcess;
  url: string;
}

/**
 * The server as a child process of a bench, on port 0 with a data directory of its own (removed when
 * it exits) and `env` added; killed if the bench exits first. `entry`: the compiled server
 * (`dist/server/main.mjs`, as `npm start`) or the sources under tsx. Resolves once it listens.
 */
export async function startServerProcess(options: {
  name: string;
  entry: 'built' | 'sources';
  env: Record<string, string>;
}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), `dialogue-room-bench-${options.name}-`));
  const args =
    options.entry === 'built'
      ? ['--enable-source-maps', 'dist/server/main.mjs']
      : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${options.name} exited (${code}) before listening`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { port?: number };
        if (typeof parsed.port === 'number') resolve(parsed.port);
      } catch {}
    });
  });
  return { child, url: `http://127.0.0.1:${port}` };
}
