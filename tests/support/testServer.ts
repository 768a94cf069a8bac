import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '../../server/app.ts';
import { type Config, loadConfig } from '../../server/config.ts';
import type { Store } from '../../server/store/types.ts';
import type { Mode, Talk } from '../../shared/index.ts';
import { capturedLog } from './capturedLog.ts';
import { createRoom, type Room } from './roomApi.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Every log line the server wrote, as text. */
  logs: string[];
  /** Creates a room over HTTP (`roomApi.ts`). */
  createRoom(mode: Mode, talk?: Talk): Promise<Room>;
  stop(): Promise<void>;
}

/** A real server on port 0 with its own data directory and a captured log. */
export async function startTestServer(
  overrides: Partial<Config> = {},
  dataDir?: string,
  makeStore?: (dataDir: string) => Store,
  now?: () => number,
): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'dialogue-room-test-'));
  const config: Config = {
    ...loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'debug' }),
    seatGraceMs: 60_000,
    commandsPer10s: 10_000,
    ...overrides,
  };
  const { log, logs } = capturedLog(config.logLevel);
  const server = await startServer({
    config,
    log,
    ...(makeStore ? { store: makeStore(dir) } : {}),
    ...(now ? { now } : {}),
  });
  return {
    ...server,
    dataDir: dir,
    logs,
    createRoom: (mode, talk) => createRoom(server.url, mode, talk),
    async stop() {
      await server.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
