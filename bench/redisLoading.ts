/**
 * What one server instance does while Redis is loading its dataset after a restart — measured here,
 * never asserted.
 *   npx tsx bench/redisLoading.ts     (FILL=rdb|commands, KEYS=3000000, ROOMS=0, ROUNDS=1)
 * One redis-server (append-only, fsync always, as production runs it, `tests/support/redisServer.ts`)
 * filled so that loading takes seconds (FILL, below); one server process on it (`REDIS_URL`, from
 * the sources under tsx), with ROOMS therapy rooms open or none; then Redis is killed and started
 * again. Until it answers PONG it answers nearly every command `-LOADING`, on connections that are
 * up — node-redis's offline queue holds nothing back. Printed, for an idle window before the restart,
 * for the loading time and for a window after it: the server process's CPU (utime + stime from
 * /proc/<pid>/stat) and the commands Redis received, by command (INFO commandstats: `rejected_calls`
 * are the ones refused with LOADING). With no room open the only XREAD is the socket.io streams
 * adapter's read loop (`server/cluster/adapterClient.ts`); with rooms, the store's follower too.
 *
 * What it showed (docs/BENCHMARKS.md): before S32 the adapter's loop sent its next XREAD as soon as
 * one was refused — one per answer of the loading Redis, 563/s and 17 % of a core with 3M commands
 * in the append-only file (30/s over an RDB base, which Redis answers only between 2 MB read). Since
 * S32 it waits 200 ms after a failure, as the follower does: 5/s and 1 %.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../shared/index.ts';
import { startRedis } from '../tests/support/redisServer.ts';
import { asTherapist, signUpTherapist } from '../tests/support/therapist.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEYS = Number(process.env.KEYS) || 3_000_000;
const ROUNDS = Number(process.env.ROUNDS) || 1;
/** Therapy rooms open with their three seats connected: each room in memory follows its log (S24). */
const ROOMS = Number(process.env.ROOMS) || 0;
/**
 * rdb: KEYS strings, then an AOF rewrite (an RDB base: Redis answers between 2 MB read). commands:
 * KEYS XADDs left in the append-only file as commands, as between two rewrites (Redis answers
 * between 1024 commands replayed).
 */
const FILL = process.env.FILL === 'commands' ? 'commands' : 'rdb';
const IDLE_MS = 3000;
/** Linux's clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every usual kernel). */
const TICKS_PER_S = 100;

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

interface CommandStat {
  calls: number;
  rejected: number;
  failed: number;
}

async function commandStats(url: string): Promise<Map<string, CommandStat>> {
  const client = createClient({ url });
  await client.connect();
  const info = await client.info('commandstats');
  client.destroy();
  const stats = new Map<string, CommandStat>();
  for (const line of info.split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+).*?rejected_calls=(\d+),failed_calls=(\d+)/.exec(line);
    if (match) {
      stats.set(match[1] as string, {
        calls: Number(match[2]),
        rejected: Number(match[3]),
        failed: Number(match[4]),
      });
    }
  }
  return stats;
}

function difference(after: Map<string, CommandStat>, before: Map<string, CommandStat>) {
  const rows: { command: string; calls: number; rejected: number; failed: number }[] = [];
  for (const [command, stat] of after) {
    const was = before.get(command) ?? { calls: 0, rejected: 0, failed: 0 };
    const row = {
      command,
      calls: stat.calls - was.calls,
      rejected: stat.rejected - was.rejected,
      failed: stat.failed - was.failed,
    };
    if (row.calls + row.rejected + row.failed > 0) rows.push(row);
  }
  return rows.sort((a, b) => b.calls + b.rejected - (a.calls + a.rejected));
}

/** The first line of Redis's answer to PING on a fresh connection (`+PONG`, `-LOADING …`, or '' if none). */
function ping(port: number): Promise<string> {
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

async function fill(url: string) {
  const client = createClient({ url });
  await client.connect();
  // No automatic rewrite during the fill: FILL=commands means the commands stay in the file.
  if (FILL === 'commands') await client.configSet('auto-aof-rewrite-percentage', '0');
  // Pipelined XADDs wait in node-redis's queue, which times a command out after 5 s unsent: keep it short.
  const batch = FILL === 'rdb' ? 10_000 : 1000;
  for (let start = 0; start < KEYS; start += batch) {
    const end = Math.min(start + batch, KEYS);
    if (FILL === 'rdb') {
      const pairs: string[] = [];
      for (let i = start; i < end; i++) pairs.push(`bench:loading:${i}`, `value:${i}`);
      await client.mSet(pairs);
    } else {
      // One small append per command to 1000 streams, as room logs grow (pipelined by node-redis).
      const appends: Promise<unknown>[] = [];
      for (let i = start; i < end; i++) {
        appends.push(client.xAdd(`bench:loading:${i % 1000}`, '*', { event: `value:${i}` }));
      }
      await Promise.all(appends);
    }
  }
  if (FILL === 'rdb') {
    // An RDB base in the append-only file, as Redis's automatic rewrite leaves it in production.
    await client.bgRewriteAof();
    while (!/aof_rewrite_in_progress:0/.test(await client.info('persistence'))) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();
}

async function startServer(redisUrl: string): Promise<{ child: ChildProcess; dataDir: string; url: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dialogue-room-loading-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      REDIS_URL: redisUrl,
      INSTANCE_ID: 'loading-bench',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const port = /"port":(\d+)/.exec(line)?.[1];
      if (port) resolve(Number(port));
    });
  });
  return { child, dataDir, url: `http://127.0.0.1:${port}` };
}

/** `count` therapy rooms with every seat connected, so the server holds them and follows their logs. */
async function openRooms(url: string, count: number): Promise<Socket[]> {
  if (count === 0) return [];
  const therapist = await signUpTherapist(url);
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${url}/api/rooms`, {
      method: 'POST',
      headers: asTherapist(url, therapist),
      body: JSON.stringify({ mode: 'therapy' }),
    });
    if (res.status !== 201) throw new Error(`room: ${res.status}`);
    const body = (await res.json()) as { seats: Record<string, { token: string }> };
    for (const { token } of Object.values(body.seats)) {
      const socket = io(url, {
        transports: ['websocket'],
        forceNew: true,
        auth: { token, protocolVersion: PROTOCOL_VERSION },
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        // Partners wait to be let in: `welcome` is what every seat gets first.
        socket.once('welcome', () => resolve());
        socket.once('connect_error', reject);
        socket.once('closing', (why) => reject(new Error(`closed: ${JSON.stringify(why)}`)));
      });
    }
  }
  return sockets;
}

function print(title: string, seconds: number, cpu: number, rows: ReturnType<typeof difference>) {
  console.log(`\n${title}: ${seconds.toFixed(2)} s`);
  console.log(
    `  server process CPU: ${cpu.toFixed(2)} s = ${((100 * cpu) / seconds).toFixed(0)} % of one core`,
  );
  for (const row of rows) {
    const perSecond = (row.calls + row.rejected) / seconds;
    console.log(
      `  ${row.command.padEnd(22)} calls ${String(row.calls).padStart(8)}  rejected ${String(row.rejected).padStart(8)}  failed ${String(row.failed).padStart(6)}  (${perSecond.toFixed(0)}/s)`,
    );
  }
}

async function main() {
  const redis = await startRedis();
  console.log(
    `redis-server on ${redis.url}; filling ${KEYS} ${FILL === 'rdb' ? 'keys, then an AOF rewrite' : 'XADDs'}…`,
  );
  await fill(redis.url);
  const server = await startServer(redis.url);
  const pid = server.child.pid as number;
  console.log(`server process ${pid} listening on Redis`);
  const sockets = await openRooms(server.url, ROOMS);
  if (ROOMS > 0) console.log(`${ROOMS} therapy rooms open, ${sockets.length} seats connected`);
  try {
    // Let start-up settle, then an idle window for comparison (INFO's own calls show as `info`).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleStats = await commandStats(redis.url);
    const idleCpu = cpuSeconds(pid);
    const idleAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idleSeconds = (performance.now() - idleAt) / 1000;
    print(
      'idle, Redis up',
      idleSeconds,
      cpuSeconds(pid) - idleCpu,
      difference(await commandStats(redis.url), idleStats),
    );

    for (let round = 1; round <= ROUNDS; round++) {
      const cpuBefore = cpuSeconds(pid);
      const killedAt = performance.now();
      await redis.restart({ untilLoaded: false });
      const answeringAt = performance.now();
      const cpuAnswering = cpuSeconds(pid);
      let pings = 0;
      while ((await ping(redis.port)) !== '+PONG') {
        pings++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const loadedAt = performance.now();
      const cpuLoaded = cpuSeconds(pid);
      // Counted from the restart: Redis's statistics start at zero with the new process.
      const loading = difference(await commandStats(redis.url), new Map());
      console.log(
        `\nround ${round}: Redis down and starting ${((answeringAt - killedAt) / 1000).toFixed(2)} s (server CPU ${(cpuAnswering - cpuBefore).toFixed(2)} s), then LOADING for ${((loadedAt - answeringAt) / 1000).toFixed(2)} s (${pings} PINGs of this script refused, counted under ping)`,
      );
      print(
        `round ${round}, from the restart until loaded (commands since Redis started)`,
        (loadedAt - answeringAt) / 1000,
        cpuLoaded - cpuAnswering,
        loading,
      );
      // And once loaded: does the loop calm down?
      const afterStats = await commandStats(redis.url);
      const afterCpu = cpuSeconds(pid);
      const afterAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      const afterSeconds = (performance.now() - afterAt) / 1000;
      print(
        `round ${round}, after loading`,
        afterSeconds,
        cpuSeconds(pid) - afterCpu,
        difference(await commandStats(redis.url), afterStats),
      );
    }
  } finally {
    for (const socket of sockets) socket.disconnect();
    server.child.kill('SIGKILL');
    rmSync(server.dataDir, { recursive: true, force: true });
    await redis.stop();
  }
}

await main();
