import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a function lives, short: a package name, or a path inside this repository. */
function placeOf(url: string): string {
  if (url === '') return '(native)';
  const inModules = url.split('node_modules/').at(-1);
  if (inModules !== undefined && inModules !== url) {
    const parts = inModules.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const repo = url.indexOf('/server/') >= 0 ? url.slice(url.indexOf('/server/') + 1) : url;
  return repo.replace(/^file:\/\//, '').replace(/^.*\/(shared|client)\//, '$1/');
}

/**
 * A `node --cpu-prof` profile as text: self time per package or source file, and the heaviest
 * functions — enough to say where a restart's time goes without opening DevTools.
 */
export function summarizeCpuProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const name = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const total = profile.endTime - profile.startTime;
  const lines = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, us]) =>
          `  ${(us / 1000).toFixed(0).padStart(6)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${name}`,
      );
  return [
    `CPU profile of the restarted server: ${(total / 1000).toFixed(0)} ms wall, self time by place:`,
    ...lines(byPlace),
    'heaviest functions (self time):',
    ...lines(byFunction),
  ].join('\n');
}
