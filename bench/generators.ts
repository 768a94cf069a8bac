import { type Child, startChild } from './children.ts';
import type { OpenAnswer, RunAnswer } from './load/loadGen.ts';
import type { Endpoints } from './load/room.ts';
import { sortedOf } from './stats.ts';

/** The load, split across one or more generator processes (so one saturated process cannot hide a result). */
export class Generators {
  /** How long a window waits, after the load stops, for what is still in flight. */
  graceMs = 3000;

  private constructor(readonly children: Child[]) {}

  static async start(count: number): Promise<Generators> {
    const children = await Promise.all(
      Array.from({ length: count }, () => startChild('./load/loadGen.ts', { waitFor: 'ready' })),
    );
    return new Generators(children);
  }

  /** Opens `rooms` more rooms, spread evenly; `prefix` keeps bare room names unique. */
  async open(endpoints: Endpoints, rooms: number, prefix: string): Promise<OpenAnswer> {
    const shares = this.children.map(
      (_, i) => Math.floor(rooms / this.children.length) + (i < rooms % this.children.length ? 1 : 0),
    );
    const answers = await Promise.all(
      this.children.map((child, i) =>
        child.ask<OpenAnswer>({
          type: 'open',
          endpoints,
          rooms: shares[i],
          prefix: `${prefix}-g${i}`,
          concurrency: 25,
        }),
      ),
    );
    return {
      createMs: answers.flatMap((answer) => answer.createMs),
      connectMs: answers.flatMap((answer) => answer.connectMs),
      failed: answers.reduce((sum, answer) => sum + answer.failed, 0),
      firstError: answers.find((answer) => answer.firstError)?.firstError ?? null,
    };
  }

  /** One measured window on every generator at once; latencies merged, CPU per generator. */
  async run(seconds: number, graceMs = this.graceMs): Promise<MergedRun> {
    const answers = await Promise.all(
      this.children.map((child) => child.ask<RunAnswer>({ type: 'run', seconds, graceMs })),
    );
    const sum = (key: keyof RunAnswer) =>
      answers.reduce((total, answer) => total + (answer[key] as number), 0);
    return {
      command: sortedOf(...answers.map((answer) => answer.commandLatencies)),
      keystroke: sortedOf(...answers.map((answer) => answer.keystrokeLatencies)),
      commandsSent: sum('commandsSent'),
      commandArrivals: sum('commandArrivals'),
      keystrokesSent: sum('keystrokesSent'),
      keystrokeArrivals: sum('keystrokeArrivals'),
      errors: sum('errors'),
      errorKinds: mergeCounts(answers.map((answer) => answer.errorKinds)),
      generatorCpuPercent: answers.map((answer) => (100 * answer.cpuMs) / answer.wallMs),
      wallMs: Math.max(...answers.map((answer) => answer.wallMs)),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((child) => child.ask({ type: 'close' })));
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((child) => child.kill('SIGTERM')));
  }
}

/** The generators' answers to one window, summed; latencies merged and sorted. */
export interface MergedRun extends Omit<RunAnswer, 'commandLatencies' | 'keystrokeLatencies' | 'cpuMs'> {
  command: Float64Array;
  keystroke: Float64Array;
  /** Each generator's CPU over the window, in % of one core: near 100 means it may have been the bottleneck. */
  generatorCpuPercent: number[];
}

function mergeCounts(all: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const counts of all)
    for (const [kind, n] of Object.entries(counts)) merged[kind] = (merged[kind] ?? 0) + n;
  return merged;
}
