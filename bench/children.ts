import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TargetRequest, TargetStats } from './targets/ipc.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));

/** A child process the driver started and talks to over IPC (a measured server or a load generator). */
export interface Child {
  process: ChildProcess;
  pid: number;
  /** Where a server child listens (0 for a load generator). */
  port: number;
  ask<T>(request: Record<string, unknown> & { type: string }): Promise<T>;
  exited: Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Forks `script` under tsx with an IPC channel; resolves once it says where it listens (servers) or
 * that it is ready (load generators). Its stderr goes to ours, so a crash is seen.
 */
export function startChild(
  script: string,
  options: { env?: Record<string, string>; execArgv?: string[]; waitFor?: 'listening' | 'ready' } = {},
): Promise<Child> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    cwd: REPO,
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id?: number; error?: string }) => {
    if (message.id === undefined) return;
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error) pending?.reject(new Error(`${script}: ${message.error}`));
    else pending?.resolve(message as never);
  });
  exited.then(() => {
    for (const pending of waiting.values()) pending.reject(new Error(`${script} exited`));
    waiting.clear();
  });
  return new Promise((resolve, reject) => {
    const onExit = () => reject(new Error(`${script} exited before it was ready`));
    child.once('exit', onExit);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type !== (options.waitFor ?? 'listening')) return;
      child.off('exit', onExit);
      resolve({
        process: child,
        pid: child.pid ?? 0,
        port: message.port ?? 0,
        exited,
        ask<T>(request: Record<string, unknown> & { type: string }) {
          const id = nextId++;
          return new Promise<T>((resolveAsk, rejectAsk) => {
            waiting.set(id, { resolve: resolveAsk as (value: never) => void, reject: rejectAsk });
            child.send({ ...request, id });
          });
        },
        async kill(signal: NodeJS.Signals = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}

/** A measured server's own CPU and memory; `gc` forces a collection first (the child runs with --expose-gc). */
export async function statsOf(child: Child, gc = false): Promise<TargetStats> {
  const request: Omit<Extract<TargetRequest, { type: 'stats' }>, 'id'> = { type: 'stats', gc };
  const answer = await child.ask<{ stats: TargetStats }>(request);
  return answer.stats;
}
