import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './children.ts';
import type { Generators } from './generators.ts';
import { startApp, stopApp } from './servers.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
/** A profile as `node --cpu-prof` and the inspector write it. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
  /** For a native function (no source of its own): the JS functions its time was spent under, heaviest first. */
  callers?: string[];
}

function whereOf(url: string, lineNumber: number): string {
  if (!url) return '';
  // tsx compiles TypeScript on the fly: its line numbers are the compiled code's, so only the file is named.
  if (url.endsWith('.ts')) return url.replace(/^file:\/\//, '').replace(REPO, '');
  return `${url
    .replace(/^file:\/\//, '')
    .replace(REPO, '')
    .replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
}

/** The first caller up the stack that has a source file of its own (the JS that made a native call). */
function jsCaller(id: number, parents: Map<number, ProfileNode>): string {
  let node = parents.get(id);
  while (node && !node.callFrame.url) node = parents.get(node.id);
  if (!node) return '(root)';
  return `${node.callFrame.functionName || '(anonymous)'} ${whereOf(node.callFrame.url, node.callFrame.lineNumber)}`;
}

/** Self time per function (summed over every node of the same function), heaviest first. */
export function topSelfTime(profile: CpuProfile, count: number): HotFunction[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node);
  const self = new Map<string, HotFunction>();
  const callers = new Map<string, Map<string, number>>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = whereOf(url, lineNumber);
    const key = `${functionName}@${where}`;
    if (!url) {
      const byCaller = callers.get(key) ?? new Map<string, number>();
      const caller = jsCaller(id, parents);
      byCaller.set(caller, (byCaller.get(caller) ?? 0) + us);
      callers.set(key, byCaller);
    }
    const entry = self.get(key) ?? { name: functionName || '(anonymous)', where, selfMs: 0, percent: 0 };
    entry.selfMs += us / 1000;
    self.set(key, entry);
  });
  return [...self.entries()]
    .map(([key, entry]) => {
      const byCaller = callers.get(key);
      const top = byCaller
        ? [...byCaller.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 4)
            .map(([caller, us]) => `${caller} (${((100 * us) / (entry.selfMs * 1000)).toFixed(0)}%)`)
        : undefined;
      return {
        ...entry,
        percent: (100 * entry.selfMs * 1000) / Math.max(1, total),
        ...(top ? { callers: top } : {}),
      };
    })
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, count);
}

/** Where a function lives, coarsely: a package name, a file of this repository, or native code. */
function placeOf(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '').replace(REPO, '');
  const inModules = path.split('node_modules/').at(-1) ?? path;
  if (inModules === path) return path;
  const parts = inModules.split('/');
  return parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? path);
}

/** Self time per place (`placeOf`), heaviest first: where a profile's time went, coarsely. */
export function selfTimeByPlace(profile: CpuProfile, count: number): { place: string; selfMs: number }[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPlace = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id);
    if (!node) return;
    const place = placeOf(node.callFrame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...byPlace]
    .map(([place, selfMs]) => ({ place, selfMs }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, count);
}

/** A profile file as text: self time by place, then the heaviest functions with the callers of native ones. */
export function summarizeCpuProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const total = profile.endTime - profile.startTime;
  const percent = (ms: number) => `${((100 * ms * 1000) / Math.max(1, total)).toFixed(1).padStart(5)}%`;
  const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
  return [
    `CPU profile: ${(total / 1000).toFixed(0)} ms wall, self time by place:`,
    ...selfTimeByPlace(profile, top).map(
      ({ place, selfMs }) => `  ${ms(selfMs)} ${percent(selfMs)}  ${place}`,
    ),
    'heaviest functions (self time), with what called the native ones:',
    ...topSelfTime(profile, top).map(
      (hot) =>
        `  ${ms(hot.selfMs)} ${percent(hot.selfMs)}  ${hot.name} ${hot.where}${hot.callers ? ` ← ${hot.callers[0]}` : ''}`,
    ),
  ].join('\n');
}

/** A CPU profile of this server's process under `rooms` rooms of the load, written to `dir`. */
export async function profileUnderLoad(
  generators: Generators,
  rooms: number,
  seconds: number,
  dir: string,
): Promise<{ file: string; top: HotFunction[] }> {
  const app = await startApp();
  try {
    const opened = await generators.open(app.endpoints, rooms, 'profile');
    if (opened.failed) throw new Error(`profile: ${opened.failed} rooms failed: ${opened.firstError}`);
    const file = join(dir, `server-${rooms}-rooms.cpuprofile`);
    await app.child.ask({ type: 'profileStart' });
    await generators.run(seconds);
    await app.child.ask({ type: 'profileStop', file });
    return { file, top: topSelfTime(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, 15) };
  } finally {
    await generators.close();
    await stopApp(app);
  }
}
