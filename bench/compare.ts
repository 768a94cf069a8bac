import { type Child, statsOf } from './children.ts';
import type { Generators, MergedRun } from './generators.ts';
import type { Endpoints } from './load/room.ts';
import { startApp, startBare, stopApp, stopBare } from './servers.ts';
import { type Spread, sortedOf, spread } from './stats.ts';
import type { TargetStats } from './targets/ipc.ts';

/** One target (this server, or the two bare ones together) at one size. */
export interface TargetFigures {
  rooms: number;
  opened: number;
  openFailed: number;
  firstError: string | null;
  command: Spread;
  keystroke: Spread;
  commandDelivered: number;
  commandExpected: number;
  keystrokeDelivered: number;
  keystrokeExpected: number;
  errors: number;
  errorKinds: Record<string, number>;
  /** The server's event-loop delay over the window (the worse of the bare pair), p99 and max, ms. */
  loopP99Ms: number;
  loopMaxMs: number;
  /** Room creation over HTTP (this server only) and connect, per room. */
  create: Spread;
  connect: Spread;
  /** Server CPU over the window, ms of CPU per second per room (all server processes of the target). */
  cpuMsPerSecondPerRoom: number;
  /** Server CPU over the window, % of one core. */
  cpuPercent: number;
  /** After a forced gc, with the rooms open and after a round: (now − before any room) / rooms. */
  heapPerRoom: number;
  rssPerRoom: number;
  generatorCpuPercent: number[];
  /** Commands and keystrokes sent, as a share of what the schedule asked for: below ~95 % the load itself lagged (a starved generator). */
  loadSentPercent: number;
}

async function allStats(children: Child[], gc: boolean): Promise<TargetStats> {
  const stats = await Promise.all(children.map((child) => statsOf(child, gc)));
  return stats.reduce((sum, one) => ({
    cpuUserMs: sum.cpuUserMs + one.cpuUserMs,
    cpuSystemMs: sum.cpuSystemMs + one.cpuSystemMs,
    rss: sum.rss + one.rss,
    heapUsed: sum.heapUsed + one.heapUsed,
    heapTotal: sum.heapTotal + one.heapTotal,
    external: sum.external + one.external,
    loopP99Ms: Math.max(sum.loopP99Ms, one.loopP99Ms),
    loopMaxMs: Math.max(sum.loopMaxMs, one.loopMaxMs),
  }));
}

/** Opens `rooms` rooms on a target, runs one window of the load and measures the server's share. */
export async function measureTarget(
  generators: Generators,
  children: Child[],
  endpoints: Endpoints,
  rooms: number,
  seconds: number,
  prefix: string,
): Promise<{ figures: TargetFigures; run: MergedRun }> {
  const before = await allStats(children, true);
  const opened = await generators.open(endpoints, rooms, prefix);
  const cpu0 = await allStats(children, false);
  const run = await generators.run(seconds);
  const cpu1 = await allStats(children, false);
  const after = await allStats(children, true);
  const n = opened.connectMs.length;
  const cpuMs = cpu1.cpuUserMs + cpu1.cpuSystemMs - cpu0.cpuUserMs - cpu0.cpuSystemMs;
  const figures: TargetFigures = {
    rooms,
    opened: n,
    openFailed: opened.failed,
    firstError: opened.firstError,
    command: spread(run.command),
    keystroke: spread(run.keystroke),
    commandDelivered: run.commandArrivals,
    commandExpected: 2 * run.commandsSent,
    keystrokeDelivered: run.keystrokeArrivals,
    keystrokeExpected: 2 * run.keystrokesSent,
    errors: run.errors + opened.failed,
    errorKinds: opened.failed
      ? { ...run.errorKinds, [`open failed: ${opened.firstError}`]: opened.failed }
      : run.errorKinds,
    loopP99Ms: cpu1.loopP99Ms,
    loopMaxMs: cpu1.loopMaxMs,
    create: spread(sortedOf(opened.createMs)),
    connect: spread(sortedOf(opened.connectMs)),
    cpuMsPerSecondPerRoom: cpuMs / (run.wallMs / 1000) / Math.max(1, n),
    cpuPercent: (100 * cpuMs) / run.wallMs,
    heapPerRoom: (after.heapUsed - before.heapUsed) / Math.max(1, n),
    rssPerRoom: (after.rss - before.rss) / Math.max(1, n),
    generatorCpuPercent: run.generatorCpuPercent,
    loadSentPercent: (100 * (run.commandsSent + run.keystrokesSent)) / Math.max(1, n * seconds * 6),
  };
  return { figures, run };
}

export interface SizeComparison {
  rooms: number;
  app: TargetFigures;
  bare: TargetFigures;
}

/** The same load on this server and on the bare pair, each on fresh processes. */
export async function compareAt(
  generators: Generators,
  rooms: number,
  seconds: number,
): Promise<SizeComparison> {
  const app = await startApp();
  let appFigures: TargetFigures;
  try {
    appFigures = (await measureTarget(generators, [app.child], app.endpoints, rooms, seconds, 'app')).figures;
  } finally {
    await generators.close();
    await stopApp(app);
  }
  const bare = await startBare();
  let bareFigures: TargetFigures;
  try {
    bareFigures = (
      await measureTarget(generators, [bare.relay, bare.yjs], bare.endpoints, rooms, seconds, `bare${rooms}`)
    ).figures;
  } finally {
    await generators.close();
    await stopBare(bare);
  }
  return { rooms, app: appFigures, bare: bareFigures };
}
