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
  // Who calls the heaviest functions: the callers' chain (three deep) that spent the most time in each.
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const label = (id: number | undefined) => {
    const frame = id === undefined ? undefined : byId.get(id)?.callFrame;
    return frame
      ? `${frame.functionName || '(anonymous)'} ${placeOf(frame.url)}:${frame.lineNumber + 1}`
      : '';
  };
  const chains = new Map<string, Map<string, number>>();
  for (const [id, us] of selfUs) {
    const name = label(id);
    const chain: string[] = [];
    for (let at = parentOf.get(id), depth = 0; at !== undefined && depth < 3; at = parentOf.get(at), depth++)
      chain.push(label(at));
    const byChain = chains.get(name) ?? new Map<string, number>();
    byChain.set(chain.join(' ← '), (byChain.get(chain.join(' ← ')) ?? 0) + us);
    chains.set(name, byChain);
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
    'their main callers:',
    ...[...byFunction]
      .filter(([name]) => !name.endsWith('(native):0'))
      .sort((x, y) => y[1] - x[1])
      .slice(0, 8)
      .map(([name]) => {
        const [chain = ''] =
          [...(chains.get(name) ?? new Map<string, number>())].sort((x, y) => y[1] - x[1])[0] ?? [];
        return `  ${name} ← ${chain}`;
      }),
  ].join('\n');
}
