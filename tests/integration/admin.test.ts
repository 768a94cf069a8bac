import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { send, signIn } from '../support/accountApi.ts';
import { runAdmin } from '../support/adminProcess.ts';
import { eventually } from '../support/eventually.ts';
import { REPO_ROOT, tempDir } from '../support/serverProcess.ts';
import { startTestServer } from '../support/testServer.ts';
import { track } from '../support/track.ts';

const PASSWORD = 'an operator-chosen password';

async function serverOn(dataDir: string, signup: 'invite' | 'closed') {
  const server = await startTestServer({ signup }, dataDir);
  return track(server, () => server.stop());
}

describe('npm run admin (M11)', () => {
  it('M11 create-therapist makes an account from a password on stdin, the only way with SIGNUP=closed', async () => {
    const dir = tempDir();
    const made = await runAdmin(
      dir,
      ['create-therapist', 'Op@Example.org', '--name', 'Dr Op', '--password-stdin'],
      {
        stdin: `${PASSWORD}\n`,
      },
    );
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('op@example.org');
    const twice = await runAdmin(dir, ['create-therapist', 'op@example.org', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/exists already/);
    const short = await runAdmin(dir, ['create-therapist', 'new@example.org', '--password-stdin'], {
      stdin: 'short\n',
    });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    const server = await serverOn(dir, 'closed');
    const res = await signIn(server.url, { email: 'op@example.org', password: PASSWORD });
    expect(res.status).toBe(200);
    expect((await res.json()).therapist).toMatchObject({ email: 'op@example.org', name: 'Dr Op' });
    expect(await server.store.accounts.countTherapists()).toBe(1);
  });

  it('M11 invite prints a one-time sign-up link under PUBLIC_URL', async () => {
    const dir = tempDir();
    const run = await runAdmin(dir, ['invite'], { env: { PUBLIC_URL: 'https://rooms.example.org' } });
    expect(run.code).toBe(0);
    const link = run.stdout.trim();
    expect(link).toMatch(/^https:\/\/rooms\.example\.org\/signup#invite=[\w-]{43}$/);
    const server = await serverOn(dir, 'invite');
    const invite = new URL(link).hash.replace('#invite=', '');
    const body = { email: 'new@example.org', password: PASSWORD, name: 'Dr New', invite };
    expect((await send(server.url, 'POST', '/api/account/signup', body)).status).toBe(201);
    const again = await send(server.url, 'POST', '/api/account/signup', { ...body, email: 'x@example.org' });
    expect(again.status).toBe(403);
  });

  it('M11 while the server holds the data directory, admin changes nothing and says to stop it first', async () => {
    const dir = tempDir();
    const server = await serverOn(dir, 'invite');
    const run = await runAdmin(dir, ['create-therapist', 'busy@example.org', '--password-stdin'], {
      stdin: `${PASSWORD}\n`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('stop the server first, or invite from the account page');
    expect(await server.store.accounts.countTherapists()).toBe(0);
    const usage = await runAdmin(dir, ['make-coffee']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('npm run admin -- invite');
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('npm run admin on a terminal (M11)', () => {
  it.skipIf(!hasScript)('M11 on a terminal the password is asked twice and never shown', async () => {
    const dir = tempDir();
    // util-linux `script` gives the command a real terminal (a pty); what it prints comes back here.
    const child = spawn(
      'script',
      [
        '-qec',
        'node --import tsx server/admin.ts create-therapist tty@example.org --name "Dr Tty"',
        '/dev/null',
      ],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dir } },
    );
    track(child, () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let screen = '';
    child.stdout.on('data', (chunk) => {
      screen += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await eventually(() => expect(screen).toContain('Password (at least 10 characters):'), 30_000);
    child.stdin.write(`${PASSWORD}\r`);
    await eventually(() => expect(screen).toContain('The same password again:'));
    child.stdin.write(`${PASSWORD}\r`);
    await eventually(() => expect(screen).toContain('Account made for tty@example.org'), 30_000);
    child.stdin.end();
    await exited;
    expect(screen).not.toContain(PASSWORD);
    const server = await serverOn(dir, 'closed');
    expect((await signIn(server.url, { email: 'tty@example.org', password: PASSWORD })).status).toBe(200);
  });
});
