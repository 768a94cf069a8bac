import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RunningServer, startServer } from '../../server/app.ts';
import { type Config, loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import type { Store } from '../../server/store/types.ts';
import type { Mode, Seat } from '../../shared/index.ts';

export interface CreatedRoom {
  roomId: string;
  mode: Mode;
  seats: Partial<Record<Seat, { link: string; token: string; expiresAt: string }>>;
}

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Every log line the server wrote, as text. */
  logs: string[];
  createRoom(mode: Mode): Promise<CreatedRoom & { token(seat: Seat): string }>;
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
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config: Config = {
    ...loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'debug' }),
    seatGraceMs: 60_000,
    commandsPer10s: 10_000,
    ...overrides,
  };
  const server = await startServer({
    config,
    log: createLogger(config.logLevel, sink),
    ...(makeStore ? { store: makeStore(dir) } : {}),
    ...(now ? { now } : {}),
  });
  return {
    ...server,
    dataDir: dir,
    logs,
    async createRoom(mode) {
      const res = await fetch(`${server.url}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode }),
      });
      if (res.status !== 201) throw new Error(`createRoom: ${res.status} ${await res.text()}`);
      const room = (await res.json()) as CreatedRoom;
      return {
        ...room,
        token(seat: Seat) {
          const token = room.seats[seat]?.token;
          if (!token) throw new Error(`no ${seat} seat`);
          return token;
        },
      };
    },
    async stop() {
      await server.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
