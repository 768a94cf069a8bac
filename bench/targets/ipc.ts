import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * What every measured server child answers over its IPC channel, so the driver reads the child's own
 * CPU and memory instead of guessing from outside: `stats` (after a forced gc when asked, which needs
 * `--expose-gc`), and a CPU profile of a chosen window (the same V8 sampler as `node --cpu-prof`,
 * started and stopped on request so the profile covers the load and not the start-up).
 */
export type TargetRequest =
  | { id: number; type: 'stats'; gc: boolean }
  | { id: number; type: 'profileStart' }
  | { id: number; type: 'profileStop'; file: string };

export interface TargetStats {
  cpuUserMs: number;
  cpuSystemMs: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** The event loop's delay since the previous `stats` (p99 and max, ms): how long work waited for the loop. */
  loopP99Ms: number;
  loopMaxMs: number;
}

export function answerDriver(): void {
  // The driver gone (crashed, interrupted): nothing is left to measure, and no orphan should hold a port.
  process.on('disconnect', () => process.exit(0));
  let session: Session | null = null;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on('message', async (request: TargetRequest) => {
    const reply = (body: object) => process.send?.({ id: request.id, ...body });
    switch (request.type) {
      case 'stats': {
        if (request.gc) {
          // Two passes: the first can leave weak callbacks and finalisers that free more on the second.
          globalThis.gc?.();
          await new Promise((resolve) => setImmediate(resolve));
          globalThis.gc?.();
        }
        const cpu = process.cpuUsage();
        const mem = process.memoryUsage();
        const stats: TargetStats = {
          cpuUserMs: cpu.user / 1000,
          cpuSystemMs: cpu.system / 1000,
          rss: mem.rss,
          heapUsed: mem.heapUsed,
          heapTotal: mem.heapTotal,
          external: mem.external,
          loopP99Ms: loop.percentile(99) / 1e6,
          loopMaxMs: loop.max / 1e6,
        };
        loop.reset();
        return reply({ stats });
      }
      case 'profileStart':
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        return reply({});
      case 'profileStop': {
        if (!session) return reply({ error: 'no profile running' });
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(request.file, JSON.stringify(profile));
        session.disconnect();
        session = null;
        return reply({});
      }
    }
  });
}

/** Tells the driver where the child listens. */
export function announce(port: number): void {
  process.send?.({ type: 'listening', port });
}
