import { statsOf } from './children.ts';
import type { Generators } from './generators.ts';
import { startApp, stopApp } from './servers.ts';
import { type Spread, spread } from './stats.ts';
import type { TargetStats } from './targets/ipc.ts';

export interface CapacityStep {
  rooms: number;
  command: Spread;
  keystroke: Spread;
  delivered: number;
  expected: number;
  errors: number;
  errorKinds: Record<string, number>;
  openFailed: number;
  loopP99Ms: number;
  heapUsed: number;
  rss: number;
  generatorCpuPercent: number[];
}

export interface Capacity {
  steps: CapacityStep[];
  /** The most rooms at which p99 command → event stayed under 100 ms with everything delivered and no errors. */
  held: number;
  memory: {
    baseline: TargetStats;
    peak: TargetStats;
    after: TargetStats;
    afterWaitMs: number;
    /** After a second cycle of `secondRooms` rooms opened, run and closed. */
    afterSecond: TargetStats;
    secondRooms: number;
  };
}

/** Short waits for the idle documents and seats to be let go (the bench's own settings, see BENCHMARKS.md). */
export const RELEASE_ENV = { DOC_UNLOAD_MS: '2000', SEAT_GRACE_MS: '3000' } as const;

/**
 * Steps one server up through `steps` rooms (adding rooms to those already open) with a window of the
 * load at each, until p99 command → event passes 100 ms or anything fails; then closes every client
 * and checks the heap comes back to where it started.
 */
export async function capacity(
  generators: Generators,
  steps: number[],
  seconds: number,
  settleMs = 6000,
): Promise<Capacity> {
  const app = await startApp({ env: RELEASE_ENV });
  try {
    const baseline = await statsOf(app.child, true);
    let peak = baseline;
    const done: CapacityStep[] = [];
    let held = 0;
    let open = 0;
    for (const rooms of steps) {
      const opened = await generators.open(app.endpoints, rooms - open, `cap${rooms}`);
      open += opened.connectMs.length;
      await statsOf(app.child, false); // starts the event-loop window afresh
      const run = await generators.run(seconds);
      const stats = await statsOf(app.child, true);
      if (stats.heapUsed > peak.heapUsed) peak = stats;
      const step: CapacityStep = {
        rooms: open,
        command: spread(run.command),
        keystroke: spread(run.keystroke),
        delivered: run.commandArrivals + run.keystrokeArrivals,
        expected: 2 * (run.commandsSent + run.keystrokesSent),
        errors: run.errors,
        errorKinds: opened.failed
          ? { ...run.errorKinds, [`open failed: ${opened.firstError}`]: opened.failed }
          : run.errorKinds,
        loopP99Ms: stats.loopP99Ms,
        openFailed: opened.failed,
        heapUsed: stats.heapUsed,
        rss: stats.rss,
        generatorCpuPercent: run.generatorCpuPercent,
      };
      done.push(step);
      process.stderr.write(
        `  capacity ${open} rooms: p99 command ${step.command.p99.toFixed(1)} ms, keystroke ${step.keystroke.p99.toFixed(1)} ms, ${step.delivered}/${step.expected} delivered, ${step.errors} errors\n`,
      );
      const ok =
        step.command.p99 < 100 &&
        step.errors === 0 &&
        step.openFailed === 0 &&
        step.delivered === step.expected;
      if (!ok) break;
      held = open;
    }
    await generators.close();
    const after = await settled(app.child, settleMs);
    // A second cycle of as many rooms as the first step: state kept per room opened grows again by
    // about as much; what a first run leaves once (compiled code, type feedback, caches) does not.
    const cycleRooms = steps[0] ?? 0;
    const again = await generators.open(app.endpoints, cycleRooms, 'again');
    await generators.run(Math.min(seconds, 5));
    await generators.close();
    const afterSecond = await settled(app.child, settleMs);
    return {
      steps: done,
      held,
      memory: {
        baseline,
        peak,
        after: after.stats,
        afterWaitMs: after.waitedMs,
        afterSecond: afterSecond.stats,
        secondRooms: again.connectMs.length,
      },
    };
  } finally {
    await stopApp(app);
  }
}

/** Idle documents unload after DOC_UNLOAD_MS, rooms after the seats' grace: wait, then until the heap stops falling. */
async function settled(
  child: Parameters<typeof statsOf>[0],
  settleMs: number,
): Promise<{ stats: TargetStats; waitedMs: number }> {
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  let stats = await statsOf(child, true);
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const next = await statsOf(child, true);
    const falling = next.heapUsed < stats.heapUsed - 256 * 1024;
    stats = next;
    if (!falling) break;
  }
  return { stats, waitedMs: performance.now() - t0 };
}
