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
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../shared/index.ts';
import { pingReply, startRedis } from '../tests/support/redisServer.ts';
import { type CommandStat, commandStats } from '../tests/support/redisStats.ts';
import { asTherapist, signUpTherapist } from '../tests/support/therapist.ts';
import { cpuMsOf, startServerProcess } from './processes.ts';

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

/** utime + stime of a process, in seconds. */
const cpuSeconds = (pid: number) => cpuMsOf(pid) / 1000;

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
  const server = await startServerProcess({
    name: 'loading',
    entry: 'sources',
    env: { REDIS_URL: redis.url, INSTANCE_ID: 'loading-bench' },
  });
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
      while ((await pingReply(redis.port)) !== '+PONG') {
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
    await redis.stop();
  }
}

await main();
