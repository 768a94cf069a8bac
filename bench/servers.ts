import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Child, startChild } from './children.ts';
import type { Endpoints } from './load/room.ts';

/**
 * Limits raised for the bench, because every client comes from 127.0.0.1: they are per-address
 * abuse limits (S7, S8), not capacity. Durability settings are never touched.
 */
export const RAISED_LIMITS = {
  /** Rooms one address may create per hour (default 30): the bench creates thousands. */
  ROOMS_PER_HOUR: '10000000',
  /** Connection attempts one address may make per minute (default 120): 6 per room, thousands of rooms. */
  HANDSHAKES_PER_MINUTE: '10000000',
} as const;

/** This server in its own process, on a fresh data directory unless `dataDir` is given (a restart). */
export interface AppServer {
  child: Child;
  dataDir: string;
  endpoints: Endpoints;
}

export async function startApp(
  options: { dataDir?: string; port?: number; env?: Record<string, string>; execArgv?: string[] } = {},
): Promise<AppServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dialogue-room-bench-'));
  const child = await startChild('./targets/appServer.ts', {
    execArgv: ['--expose-gc', ...(options.execArgv ?? [])],
    env: {
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ...RAISED_LIMITS,
      ...options.env,
    },
  });
  const url = `http://127.0.0.1:${child.port}`;
  return {
    child,
    dataDir,
    endpoints: { kind: 'app', socketUrl: url, docWsUrl: `ws://127.0.0.1:${child.port}/yjs` },
  };
}

export async function stopApp(server: AppServer, removeData = true): Promise<void> {
  await server.child.kill();
  if (removeData) rmSync(server.dataDir, { recursive: true, force: true });
}

/** The two bare servers, each in its own process, driven together as this server is. */
export interface BareServers {
  relay: Child;
  yjs: Child;
  endpoints: Endpoints;
}

export async function startBare(): Promise<BareServers> {
  const [relay, yjs] = await Promise.all([
    startChild('./targets/socketRelay.ts', { execArgv: ['--expose-gc'] }),
    startChild('./targets/yjsServer.ts', { execArgv: ['--expose-gc'] }),
  ]);
  return {
    relay,
    yjs,
    endpoints: {
      kind: 'bare',
      socketUrl: `http://127.0.0.1:${relay.port}`,
      docWsUrl: `ws://127.0.0.1:${yjs.port}/yjs`,
    },
  };
}

export async function stopBare(servers: BareServers): Promise<void> {
  await Promise.all([servers.relay.kill(), servers.yjs.kill()]);
}
