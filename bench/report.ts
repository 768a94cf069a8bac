import type { Capacity } from './capacity.ts';
import type { SizeComparison, TargetFigures } from './compare.ts';
import type { HotFunction } from './profile.ts';
import type { ReconnectSpread, Storm } from './reconnect.ts';
import { kb, mb, ms, ratio } from './stats.ts';

export interface BenchResults {
  mode: string;
  startedAt: string;
  seconds: number;
  machine: string;
  sizes: SizeComparison[];
  capacity: Capacity | null;
  reconnect: ReconnectSpread | null;
  storm: Storm | null;
  profile: { rooms: number; file: string; top: HotFunction[] } | null;
  wallSeconds: number;
}

const delivered = (got: number, want: number) =>
  want === 0 ? '–' : got === want ? `${got}/${want}` : `${got}/${want} (${((100 * got) / want).toFixed(1)}%)`;

function targetRow(
  label: string,
  path: 'command' | 'keystroke',
  sizes: SizeComparison[],
  which: 'app' | 'bare',
) {
  const cells = sizes.map((size) => {
    const figures: TargetFigures = size[which];
    return `${ms(figures[path].p50)} / ${ms(figures[path].p99)}`;
  });
  return `| ${label} | ${cells.join(' | ')} |`;
}

function ratioRow(label: string, path: 'command' | 'keystroke', sizes: SizeComparison[], p: 'p50' | 'p99') {
  return `| ${label} | ${sizes.map((size) => ratio(size.app[path][p], size.bare[path][p])).join(' | ')} |`;
}

/** The whole run as markdown: the ratio table first, then everything else measured. */
export function markdown(results: BenchResults): string {
  const { sizes } = results;
  const header = `| | ${sizes.map((size) => `${size.rooms} rooms`).join(' | ')} |`;
  const rule = `|---|${sizes.map(() => '---').join('|')}|`;
  const lines: string[] = [];
  lines.push(`## Bench ${results.startedAt} (${results.mode})`, '');
  lines.push(
    `${results.machine}. Windows of ${results.seconds} s. Shared machine: absolute times mean little; read the ratios.`,
    '',
  );
  if (sizes.length) lines.push('### This server against the bare stack (p50 / p99, ms)', '', header, rule);
  if (sizes.length) compareTable(lines, sizes);
  return rest(lines, results);
}

function compareTable(lines: string[], sizes: SizeComparison[]) {
  lines.push(targetRow('command → event at the two other seats (this server)', 'command', sizes, 'app'));
  lines.push(targetRow('the same, bare socket.io 4.8.4 relay', 'command', sizes, 'bare'));
  lines.push(ratioRow('**ratio p99** (target ≤ 1.5× at 1,000)', 'command', sizes, 'p99'));
  lines.push(ratioRow('ratio p50', 'command', sizes, 'p50'));
  lines.push(targetRow('keystroke → update at the two other seats (this server)', 'keystroke', sizes, 'app'));
  lines.push(targetRow('the same, bare @y/websocket-server 0.1.1', 'keystroke', sizes, 'bare'));
  lines.push(ratioRow('**ratio p99** (target ≤ 1.3× at 500 and 1,000)', 'keystroke', sizes, 'p99'));
  lines.push(ratioRow('ratio p50', 'keystroke', sizes, 'p50'));
  const per = (label: string, cell: (size: SizeComparison) => string) =>
    lines.push(`| ${label} | ${sizes.map(cell).join(' | ')} |`);
  per(
    'events delivered (this server / bare)',
    (s) =>
      `${delivered(s.app.commandDelivered, s.app.commandExpected)} / ${delivered(s.bare.commandDelivered, s.bare.commandExpected)}`,
  );
  per(
    'keystrokes delivered (this server / bare)',
    (s) =>
      `${delivered(s.app.keystrokeDelivered, s.app.keystrokeExpected)} / ${delivered(s.bare.keystrokeDelivered, s.bare.keystrokeExpected)}`,
  );
  per('errors (this server / bare)', (s) => `${s.app.errors} / ${s.bare.errors}`);
  per(
    'server event-loop delay p99 / max, ms (this / bare)',
    (s) =>
      `${ms(s.app.loopP99Ms)} / ${ms(s.app.loopMaxMs)} — ${ms(s.bare.loopP99Ms)} / ${ms(s.bare.loopMaxMs)}`,
  );
  per(
    'server CPU, % of a core (this / bare pair)',
    (s) => `${s.app.cpuPercent.toFixed(0)} / ${s.bare.cpuPercent.toFixed(0)}`,
  );
  per(
    'server CPU per room, ms/s (ratio)',
    (s) =>
      `${s.app.cpuMsPerSecondPerRoom.toFixed(3)} / ${s.bare.cpuMsPerSecondPerRoom.toFixed(3)} (${ratio(s.app.cpuMsPerSecondPerRoom, s.bare.cpuMsPerSecondPerRoom)})`,
  );
  per(
    'heap per room after gc (this / bare pair)',
    (s) => `${kb(s.app.heapPerRoom)} / ${kb(s.bare.heapPerRoom)}`,
  );
  per('RSS per room (this / bare pair)', (s) => `${kb(s.app.rssPerRoom)} / ${kb(s.bare.rssPerRoom)}`);
  per(
    'connect per room p50 / p99, ms (this server)',
    (s) => `${ms(s.app.connect.p50)} / ${ms(s.app.connect.p99)}`,
  );
  per(
    'connect per room p50 / p99, ms (bare)',
    (s) => `${ms(s.bare.connect.p50)} / ${ms(s.bare.connect.p99)}`,
  );
  per(
    'room creation p50 / p99, ms (this server, HTTP)',
    (s) => `${ms(s.app.create.p50)} / ${ms(s.app.create.p99)}`,
  );
  per(
    'load sent, % of the schedule (this / bare; below ~95 % the generators lagged)',
    (s) => `${s.app.loadSentPercent.toFixed(0)} / ${s.bare.loadSentPercent.toFixed(0)}`,
  );
  per(
    'load generators CPU, % of a core (this / bare)',
    (s) =>
      `${s.app.generatorCpuPercent.map((v) => v.toFixed(0)).join('+')} / ${s.bare.generatorCpuPercent.map((v) => v.toFixed(0)).join('+')}`,
  );
  const kinds = sizes.flatMap((size) =>
    (['app', 'bare'] as const).flatMap((which) =>
      Object.entries(size[which].errorKinds).map(
        ([kind, n]) => `${size.rooms} rooms, ${which === 'app' ? 'this server' : 'bare'}: ${n} × ${kind}`,
      ),
    ),
  );
  if (kinds.length) lines.push('', `Errors: ${kinds.join('; ')}.`);
  lines.push('');
}

function rest(lines: string[], results: BenchResults): string {
  if (results.capacity) {
    const { steps, held, memory } = results.capacity;
    lines.push('### Rooms held (this server)', '');
    lines.push(
      '| rooms | command p50 / p99 | keystroke p50 / p99 | delivered | errors | loop delay p99 | heap after gc | RSS | generators CPU % |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|');
    for (const step of steps) {
      lines.push(
        `| ${step.rooms} | ${ms(step.command.p50)} / ${ms(step.command.p99)} | ${ms(step.keystroke.p50)} / ${ms(step.keystroke.p99)} | ${delivered(step.delivered, step.expected)} | ${step.errors + step.openFailed} | ${ms(step.loopP99Ms)} | ${mb(step.heapUsed)} | ${mb(step.rss)} | ${step.generatorCpuPercent.map((v) => v.toFixed(0)).join('+')} |`,
      );
    }
    const kinds = steps.flatMap((step) =>
      Object.entries(step.errorKinds).map(([kind, n]) => `${step.rooms} rooms: ${n} × ${kind}`),
    );
    if (kinds.length) lines.push('', `Errors: ${kinds.join('; ')}.`);
    lines.push(
      '',
      `Held with p99 command → event under 100 ms, all delivered, no errors: **${held ? `${held} rooms` : `fewer than ${steps[0]?.rooms ?? '?'} rooms`}** (target ≥ 2,000${held ? '' : '; the first step already failed: the comparison above shows where it breaks'}).`,
      '',
    );
    lines.push(
      `Memory (heap after gc / RSS): baseline ${mb(memory.baseline.heapUsed)} / ${mb(memory.baseline.rss)}; peak ${mb(memory.peak.heapUsed)} / ${mb(memory.peak.rss)}; after closing every client and ${(memory.afterWaitMs / 1000).toFixed(0)} s: ${mb(memory.after.heapUsed)} / ${mb(memory.after.rss)} (heap ${kb(memory.after.heapUsed - memory.baseline.heapUsed)} above baseline). After a second cycle of ${memory.secondRooms} rooms opened, run and closed: ${mb(memory.afterSecond.heapUsed)} / ${mb(memory.afterSecond.rss)} (heap ${kb(memory.afterSecond.heapUsed - memory.after.heapUsed)} more than after the first; growth per room opened again ${kb((memory.afterSecond.heapUsed - memory.after.heapUsed) / Math.max(1, memory.secondRooms))}).`,
      '',
    );
  }
  if (results.reconnect || results.storm) {
    lines.push("### Reconnects (this server, the web client's backoff)", '');
    const three = (label: string, r: ReconnectSpread) =>
      `| ${label} | ${ms(r.both.p50)} / ${ms(r.both.p99)} / ${ms(r.both.max)} | ${ms(r.socket.p50)} / ${ms(r.socket.p99)} | ${ms(r.doc.p50)} / ${ms(r.doc.p99)} |`;
    lines.push(
      '| ms | back and current p50 / p99 / max | socket.io only p50 / p99 | document only p50 / p99 |',
      '|---|---|---|---|',
    );
    if (results.reconnect) {
      lines.push(
        three(
          `one client alone, cut (${results.reconnect.both.n} tries; target p99 < 300)`,
          results.reconnect,
        ),
      );
    }
    const s = results.storm;
    if (s) {
      lines.push(three(`storm, ${s.clients} clients of ${s.rooms} rooms, from the SIGKILL`, s.fromKill));
      lines.push(three('storm, from the new process listening (target p99 < 2,000)', s.fromListening));
      lines.push(
        '',
        `Storm: the server was killed (SIGKILL) and started again on the same data and port; it listened again after ${ms(s.restartMs)} ms. Clients not back and current: ${s.missing}.`,
      );
    }
    lines.push('');
  }
  if (results.profile) {
    lines.push(`### Server CPU profile under ${results.profile.rooms} rooms (top 15 self time)`, '');
    lines.push('| function | where | self ms | % |', '|---|---|---|---|');
    for (const hot of results.profile.top) {
      const under = hot.callers ? ` (native; under ${hot.callers.join(', ')})` : '';
      lines.push(
        `| ${hot.name}${under} | ${hot.where} | ${hot.selfMs.toFixed(0)} | ${hot.percent.toFixed(1)} |`,
      );
    }
    lines.push('', `Profile: ${results.profile.file}`, '');
  }
  lines.push(`Whole run: ${results.wallSeconds.toFixed(0)} s.`, '');
  return lines.join('\n');
}
