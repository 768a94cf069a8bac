import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

describe('configuration from the environment', () => {
  it('uses the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      tokenSecret: undefined,
      tokenTtlSeconds: 168 * 3600,
      seatGraceMs: 60_000,
      docMaxBytes: 4 * 1024 * 1024,
      roomMaxBytes: 16 * 1024 * 1024,
    });
  });

  it('D12 reads the document caps from DOC_MAX_BYTES and ROOM_MAX_BYTES, whole positive byte counts', () => {
    expect(loadConfig({ DOC_MAX_BYTES: '65536', ROOM_MAX_BYTES: '262144' })).toMatchObject({
      docMaxBytes: 65_536,
      roomMaxBytes: 262_144,
    });
    expect(() => loadConfig({ DOC_MAX_BYTES: '0' })).toThrow(/DOC_MAX_BYTES/);
    expect(() => loadConfig({ ROOM_MAX_BYTES: '1.5' })).toThrow(/ROOM_MAX_BYTES/);
  });

  it('treats blank variables as unset, as compose files write them — never as zero', () => {
    const config = loadConfig({ TOKEN_SECRET: '', PUBLIC_URL: '', PORT: '', SEAT_GRACE_MS: '' });
    expect(config).toMatchObject({
      tokenSecret: undefined,
      publicUrl: undefined,
      port: 3000,
      seatGraceMs: 60_000,
    });
  });

  it('reads TRUST_PROXY as express means it: hop counts, booleans, or addresses', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadConfig({}).trustProxy).toBeUndefined();
  });

  it('names every invalid variable in one error', () => {
    expect(() => loadConfig({ PORT: 'eighty', TOKEN_SECRET: 'short' })).toThrow(/PORT[\s\S]*TOKEN_SECRET/);
  });

  it('refuses REDIS_URL rather than silently running a single-instance store', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://localhost:6379' })).toThrow(/REDIS_URL/);
  });
});
