import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { BenchResults } from '../bench/report.ts';
import { REPO_ROOT } from './support/serverProcess.ts';
import { track } from './support/track.ts';

/**
 * `npm run bench -- --smoke` still runs end to end (3 rooms) and produces every figure. Speed is
 * never asserted here (issue 12): only that each part measured something and wrote its report.
 */
test('bench --smoke: every part of the bench runs and reports figures', { timeout: 240_000 }, async () => {
  const out = track(mkdtempSync(join(tmpdir(), 'dialogue-room-bench-smoke-')), (dir) =>
    rmSync(dir, { recursive: true, force: true }),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', `--out=${out}`], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  track(child, async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  });
  expect(await exited, stderr).toBe(0);

  const files = readdirSync(out);
  const report = files.find((file) => file.endsWith('.md'));
  const json = files.find((file) => file.endsWith('.json'));
  expect(report && json, files.join(', ')).toBeTruthy();
  expect(readFileSync(join(out, report as string), 'utf8')).toContain('ratio p99');
  const results = JSON.parse(readFileSync(join(out, json as string), 'utf8')) as BenchResults;

  const [size] = results.sizes;
  for (const target of [size?.app, size?.bare]) {
    expect(target?.command.n).toBeGreaterThan(0);
    expect(target?.keystroke.n).toBeGreaterThan(0);
    expect(target?.connect.n).toBe(3);
    expect(Number.isFinite(target?.cpuMsPerSecondPerRoom)).toBe(true);
    expect(Number.isFinite(target?.heapPerRoom)).toBe(true);
  }
  expect(results.capacity?.steps.length).toBeGreaterThan(0);
  expect(Number.isFinite(results.capacity?.memory.after.heapUsed)).toBe(true);
  expect(results.reconnect?.both.n).toBe(3);
  expect(results.storm?.clients).toBe(9);
  expect(results.storm?.fromKill.both.n).toBe(9);
});
