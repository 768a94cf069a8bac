import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The raw answer, body undecoded, so a test sees the bytes a browser receives. */
interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(url: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

// One real production build (the same `vite build` as `npm start`, into a folder of this file's
// own so other tests reading client/dist never see it half-written) and one real server serving it.
let dist = '';
let dataDir = '';
let server: RunningServer;
let script = ''; // the entry script's path, e.g. /assets/index-XXXX.js

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'dialogue-room-client-'));
  dataDir = mkdtempSync(join(tmpdir(), 'dialogue-room-web-'));
  await promisify(execFile)(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error', '--outDir', dist, '--emptyOutDir'],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024 },
  );
  // A file outside /assets/ (a name that stays across releases), as an operator might add one.
  writeFileSync(join(dist, 'robots.txt'), 'User-agent: *\nDisallow: /join\n');
  script = /<script type="module"[^>]* src="(\/assets\/[^"]+\.js)"/.exec(
    readFileSync(join(dist, 'index.html'), 'utf8'),
  )?.[1] as string;
  expect(script).toBeTruthy();
  server = await startServer({
    config: loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    log: createLogger('silent'),
    webClientDir: dist,
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  for (const dir of [dist, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('S21 the web client is served compressed, from the copies the build wrote', () => {
  it('S21 a script is brotli when the browser accepts br (in any order), with Vary: Accept-Encoding', async () => {
    for (const accepted of ['gzip, deflate, br, zstd', 'br', 'gzip;q=1, br;q=0.9']) {
      const res = await get(`${server.url}${script}`, accepted);
      expect(res.status, accepted).toBe(200);
      expect(res.headers['content-encoding'], accepted).toBe('br');
      expect(res.headers.vary, accepted).toMatch(/accept-encoding/i);
      expect(res.headers['content-type'], accepted).toMatch(/^(text|application)\/javascript/);
      expect(res.body.equals(readFileSync(join(dist, `${script}.br`))), accepted).toBe(true);
    }
  });

  it('S21 gzip when the browser accepts gzip but not br', async () => {
    for (const accepted of ['gzip, deflate', 'gzip', 'br;q=0, gzip']) {
      const res = await get(`${server.url}${script}`, accepted);
      expect(res.headers['content-encoding'], accepted).toBe('gzip');
      expect(res.headers.vary, accepted).toMatch(/accept-encoding/i);
      expect(res.body.equals(readFileSync(join(dist, `${script}.gz`))), accepted).toBe(true);
    }
  });

  it('S21 the file itself when the browser accepts neither, still with Vary', async () => {
    for (const accepted of [undefined, 'identity', 'deflate']) {
      const res = await get(`${server.url}${script}`, accepted);
      expect(res.status, String(accepted)).toBe(200);
      expect(res.headers['content-encoding'], String(accepted)).toBeUndefined();
      expect(res.headers.vary, String(accepted)).toMatch(/accept-encoding/i);
      expect(res.body.equals(readFileSync(join(dist, script))), String(accepted)).toBe(true);
    }
  });

  it('S21 every page address gets the page compressed too, never cached (no-store), with Vary', async () => {
    const page = readFileSync(join(dist, 'index.html'));
    for (const path of ['/', '/join', '/practice/couples/abc', '/index.html']) {
      const br = await get(`${server.url}${path}`, 'gzip, deflate, br');
      expect(br.status, path).toBe(200);
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(br.headers['content-type'], path).toMatch(/^text\/html/);
      expect(br.headers['cache-control'], path).toBe('no-store');
      expect(br.headers.vary, path).toMatch(/accept-encoding/i);
      expect(br.headers['content-security-policy'], path).toContain("default-src 'self'");
      const gzip = await get(`${server.url}${path}`, 'gzip');
      expect(gzip.headers['content-encoding'], path).toBe('gzip');
      expect(gzip.headers['cache-control'], path).toBe('no-store');
      const plain = await get(`${server.url}${path}`);
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(plain.headers['cache-control'], path).toBe('no-store');
      expect(plain.body.equals(page), path).toBe(true);
    }
  });
});

describe('S21 caching', () => {
  it('S21 every file under /assets/ (named by its hash) is cached for a year as immutable, in every encoding', async () => {
    const assets = filesUnder(join(dist, 'assets')).filter((name) => !/\.(br|gz)$/.test(name));
    expect(assets.some((name) => name.endsWith('.css'))).toBe(true);
    for (const name of assets) {
      for (const accepted of ['br', 'gzip', undefined]) {
        const res = await get(`${server.url}/assets/${name}`, accepted);
        expect(res.status, name).toBe(200);
        expect(res.headers['cache-control'], `${name} ${accepted}`).toBe(
          'public, max-age=31536000, immutable',
        );
      }
    }
  });

  it('S21 a file outside /assets/ is cached briefly only', async () => {
    const res = await get(`${server.url}/robots.txt`, 'br');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(Number(/max-age=(\d+)/.exec(String(res.headers['cache-control']))?.[1])).toBeLessThanOrEqual(3600);
  });

  it('S21 a missing /assets/ file (a chunk of an older release) is a plain 404, never the page', async () => {
    for (const path of ['/assets/index-0ldRe1ease.js', '/assets/TherapistConsole-gone.js', '/assets/x.css']) {
      for (const accepted of ['br', undefined]) {
        const res = await get(`${server.url}${path}`, accepted);
        expect(res.status, path).toBe(404);
        expect(res.headers['content-type'], path).toMatch(/^text\/plain/);
        expect(res.headers['content-encoding'], path).toBeUndefined();
        expect(res.body.toString(), path).not.toContain('<html');
      }
    }
  });
});

describe('S9 S21 no source maps', () => {
  it('S9 S21 the build writes no source map, and none is served next to any script or style sheet', async () => {
    const files = filesUnder(dist);
    expect(files.filter((name) => name.includes('.map'))).toEqual([]);
    for (const name of files.filter((file) => /\.(js|css)$/.test(file))) {
      const res = await get(`${server.url}/${name}.map`, 'br');
      expect(res.status, name).toBe(404);
      expect(res.body.toString(), name).not.toContain('"sources"');
    }
    // Nor does a script point at one.
    for (const name of files.filter((file) => file.endsWith('.js'))) {
      expect(readFileSync(join(dist, name), 'utf8'), name).not.toContain('sourceMappingURL');
    }
  });
});
