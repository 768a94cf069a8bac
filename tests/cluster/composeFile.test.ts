import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../server/config.ts';
import { REPO_ROOT } from '../support/serverProcess.ts';

/**
 * No Docker engine runs here, so docker-compose.yml is kept correct by care and by these checks:
 * the topology tests/support/cluster.ts runs as processes — Redis with fsync on every write, two or
 * more instances on it that the server's own config accepts, nginx proxying websockets to them all.
 */
type Service = {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
};

const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
/** nginx.conf's directives, its comments left out. */
const nginx = readFileSync(join(REPO_ROOT, 'deploy/nginx.conf'), 'utf8').replace(/#.*$/gm, '');

/** What compose does to `${NAME:-default}` with nothing set in the shell. */
function interpolated(environment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1'),
    ]),
  );
}

describe('docker-compose.yml: the several-instance topology (issue 13)', () => {
  const rooms = Object.entries(compose.services).filter(([, service]) => service.build === '.');

  it('Redis keeps every acknowledged write: append-only, fsync always, on a volume', () => {
    const redis = compose.services.redis;
    expect(redis?.command).toEqual(
      expect.arrayContaining(['--appendonly', 'yes', '--appendfsync', 'always']),
    );
    const volume = redis?.volumes?.[0]?.split(':');
    expect(volume?.[1]).toBe('/data');
    expect(compose.volumes).toHaveProperty(volume?.[0] ?? '');
  });

  it('two or more room instances from the Dockerfile, on that Redis, each accepted by the server config with a name of its own', () => {
    expect(rooms.length).toBeGreaterThanOrEqual(2);
    const ids = new Set<string | undefined>();
    for (const [, service] of rooms) {
      const config = loadConfig(interpolated(service.environment ?? {}));
      expect(config.redisUrl).toBe('redis://redis:6379');
      expect(config.trustProxy).toBe(1);
      expect(config.host).toBe('0.0.0.0');
      ids.add(config.instanceId);
    }
    expect(ids.size).toBe(rooms.length);
  });

  it('nginx sends HTTP and websocket upgrades to every instance, round robin, and is the published port', () => {
    for (const [name] of rooms) expect(nginx).toMatch(new RegExp(`server ${name}:3000\\b`));
    expect(nginx).not.toMatch(/ip_hash|sticky|hash \$/);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginx).toMatch(/proxy_http_version 1\.1;/);
    const lb = compose.services.lb;
    expect(lb?.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(lb?.ports?.[0]).toMatch(/:8080"?$/);
    expect(nginx).toMatch(/listen 8080;/);
    for (const [, service] of rooms) expect(service.ports).toBeUndefined();
  });
});
