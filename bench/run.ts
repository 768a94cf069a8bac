/**
 * `npm run bench`: this server against the bare stack it is built on, under the same load, each
 * server in its own process and the load in others (docs/BENCHMARKS.md has the method and results).
 *   npm run bench                 full run (~15 min): 100, 500, 1,000 rooms; rooms held; memory; reconnects
 *   npm run bench -- --quick      the same, smaller and shorter (under two minutes)
 *   npm run bench -- --smoke      3 rooms, to check the bench still runs (tests/bench.test.ts)
 *   npm run bench -- --profile    a CPU profile of the server under 1,000 rooms, top 15 self time
 *   npm run bench -- --only=compare,capacity,reconnect,storm   some parts only
 *   npm run bench -- --out=DIR    where bench-<date>.md and .json go (default artifacts/)
 *   npm run bench -- engine | attacks | couples    the older benches (bench/engine.ts, attacks.ts, coupleList.ts)
 * Speed is measured here, never asserted in tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { type Capacity, capacity } from './capacity.ts';
import { REPO } from './children.ts';
import { compareAt, type SizeComparison } from './compare.ts';
import { Generators } from './generators.ts';
import { profileUnderLoad } from './profile.ts';
import { type ReconnectSpread, reconnectAlone, type Storm, storm } from './reconnect.ts';
import { type BenchResults, markdown } from './report.ts';

const OLDER = {
  engine: 'bench/engine.ts',
  attacks: 'bench/attacks.ts',
  couples: 'bench/coupleList.ts',
} as const;

const args = process.argv.slice(2);
const older = args.find((arg): arg is keyof typeof OLDER => arg in OLDER);
if (older) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', OLDER[older]], {
    cwd: REPO,
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}

const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const mode = args.includes('--smoke') ? 'smoke' : args.includes('--quick') ? 'quick' : 'full';

/** Sizes per mode; the quick run keeps every part, smaller and shorter. */
const PLAN = {
  full: {
    sizes: [100, 500, 1000],
    seconds: 15,
    steps: [1000, 1500, 2000, 2500, 3000, 4000],
    stepSeconds: 10,
    tries: 50,
    stormRooms: 300,
    profileRooms: 1000,
  },
  quick: {
    sizes: [100, 250],
    seconds: 3,
    steps: [400, 800],
    stepSeconds: 3,
    tries: 5,
    stormRooms: 100,
    profileRooms: 300,
  },
  smoke: { sizes: [3], seconds: 1, steps: [3], stepSeconds: 1, tries: 3, stormRooms: 3, profileRooms: 3 },
}[mode];
const sizes = option('sizes')?.split(',').map(Number) ?? PLAN.sizes;
const seconds = Number(option('seconds') ?? PLAN.seconds);
const parts = new Set(
  args.includes('--profile')
    ? ['profile']
    : (option('only')?.split(',') ?? ['compare', 'capacity', 'reconnect', 'storm']),
);
const outDir = option('out') ?? join(REPO, 'artifacts');

const started = performance.now();
const say = (line: string) =>
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
// Two generators from 500 rooms up: one process would spend most of a core on 3,000+ clients.
const generators = await Generators.start(mode === 'smoke' ? 1 : 2);
if (mode !== 'full') generators.graceMs = mode === 'smoke' ? 1000 : 2000;
const results: BenchResults = {
  mode,
  startedAt,
  seconds,
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  sizes: [] as SizeComparison[],
  capacity: null as Capacity | null,
  reconnect: null as ReconnectSpread | null,
  storm: null as Storm | null,
  profile: null,
  wallSeconds: 0,
};
const name = `bench-${startedAt.replace(/:/g, '-')}`;
/** Written after every part, so a run cut short still leaves what it measured. */
function save(): string {
  results.wallSeconds = (performance.now() - started) / 1000;
  const report = markdown(results);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.md`), report);
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(results, null, 1));
  return report;
}
try {
  if (parts.has('compare')) {
    for (const rooms of sizes) {
      say(`compare: ${rooms} rooms, this server then the bare pair…`);
      results.sizes.push(await compareAt(generators, rooms, seconds));
      save();
    }
  }
  if (parts.has('capacity')) {
    say(`capacity: stepping up through ${PLAN.steps.join(', ')} rooms…`);
    // The smoke run only checks that the figures come out: it waits for no release delay.
    results.capacity = await capacity(
      generators,
      PLAN.steps,
      PLAN.stepSeconds,
      mode === 'smoke' ? 500 : 6000,
    );
    save();
  }
  if (parts.has('reconnect')) {
    say(`reconnect: one client alone, ${PLAN.tries} tries…`);
    results.reconnect = await reconnectAlone(PLAN.tries);
    save();
  }
  if (parts.has('storm')) {
    say(`storm: ${PLAN.stormRooms} rooms, kill -9 and restart…`);
    results.storm = await storm(generators, PLAN.stormRooms, 60_000);
    save();
  }
  if (parts.has('profile')) {
    say(`profile: the server under ${PLAN.profileRooms} rooms…`);
    mkdirSync(outDir, { recursive: true });
    const profiled = await profileUnderLoad(generators, PLAN.profileRooms, seconds, outDir);
    results.profile = { rooms: PLAN.profileRooms, ...profiled };
  }
} finally {
  await generators.stop();
}
console.log(save());
say(`written: ${join(outDir, `${name}.md`)}`);
