import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postRoom } from '../support/roomApi.ts';
import { exitOf, spawnServerProcess, startServerProcess, tempDir } from '../support/serverProcess.ts';
import { withServer } from '../support/session.ts';

/**
 * S18: who may frame the room (CSP `frame-ancestors`), from FRAME_ANCESTORS, on every answer of a real
 * server. Servers as child processes where the setting comes from the environment, as an operator's does.
 */

/** The `frame-ancestors` directive of each kind of answer: a page, the API, health, an unknown address. */
async function frameAncestorsOf(url: string): Promise<Record<string, { csp: string[]; xfo: string | null }>> {
  const answers = {
    page: await fetch(`${url}/`),
    join: await fetch(`${url}/join`),
    api: await postRoom(url, 'practice'),
    health: await fetch(`${url}/healthz`),
    missing: await fetch(`${url}/nothing-here`),
  };
  expect(answers.api.status).toBe(201);
  return Object.fromEntries(
    Object.entries(answers).map(([name, res]) => {
      const csp = (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());
      return [
        name,
        { csp: csp.filter((d) => d.startsWith('frame-ancestors')), xfo: res.headers.get('x-frame-options') },
      ];
    }),
  );
}

describe('S18 framing by default', () => {
  const ctx = withServer();

  it("S18 unset, every answer allows framing by this origin only: frame-ancestors 'self'", async () => {
    for (const [name, headers] of Object.entries(await frameAncestorsOf(ctx.server.url))) {
      expect(headers, name).toEqual({ csp: ["frame-ancestors 'self'"], xfo: 'SAMEORIGIN' });
    }
  });
});

describe('S18 framing by an operator’s portal', () => {
  it('S18 FRAME_ANCESTORS puts exactly the named origins into every answer’s frame-ancestors', async () => {
    const dir = tempDir();
    const server = await startServerProcess(join(dir, 'data'), {
      // As an operator writes it: extra spaces, a trailing slash, upper case, a repeat, self unquoted.
      FRAME_ANCESTORS:
        "  self https://Portal.Example.org/   https://ehr.example.com:8443 'self' https://portal.example.org ",
    });
    for (const [name, headers] of Object.entries(await frameAncestorsOf(server.url))) {
      expect(headers, name).toEqual({
        csp: ["frame-ancestors 'self' https://portal.example.org https://ehr.example.com:8443"],
        // Kept for browsers without frame-ancestors (they refuse rather than allow any framing page).
        xfo: 'SAMEORIGIN',
      });
    }
  });

  it('S18 FRAME_ANCESTORS with only a portal leaves out the room’s own origin', async () => {
    const dir = tempDir();
    const server = await startServerProcess(join(dir, 'data'), {
      FRAME_ANCESTORS: 'https://portal.example.org',
    });
    const { page } = await frameAncestorsOf(server.url);
    expect(page?.csp).toEqual(['frame-ancestors https://portal.example.org']);
  });

  it.each([
    ['an http origin', "'self' http://portal.example.org", 'http://portal.example.org'],
    ['a wildcard', 'https://*.example.org', 'https://*.example.org'],
    ['a path', 'https://portal.example.org/room', 'https://portal.example.org/room'],
  ])(
    'S18 %s is refused at start: exit code 2, naming FRAME_ANCESTORS and the value',
    async (_name, value, bad) => {
      const dir = tempDir();
      const server = spawnServerProcess(join(dir, 'data'), { FRAME_ANCESTORS: value });
      const { code } = await exitOf(server);
      const stderr = server.stderr();
      expect(code, stderr).toBe(2);
      expect(stderr).toContain(`FRAME_ANCESTORS: "${bad}" is not 'self' or an https origin`);
      expect(server.logs.some((line) => typeof line.port === 'number')).toBe(false);
    },
  );
});
