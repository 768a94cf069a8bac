import { spawn } from 'node:child_process';
import { REPO_ROOT } from './serverProcess.ts';
import { track } from './track.ts';

export interface AdminRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `server/admin.ts` (what `npm run admin --` runs) as a real child process on `dataDir`,
 * with `stdin` written to it and closed; resolves when it exits. Killed if the test ends first.
 */
export function runAdmin(
  dataDir: string,
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<AdminRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(child, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
