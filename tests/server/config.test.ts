import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { CRISIS_FILE_MAX_BYTES } from '../../server/crisisResources.ts';
import { DEFAULT_EMERGENCY_SENTENCE } from '../../shared/index.ts';

/** A CRISIS_RESOURCES file holding `content`, removed when the test finishes. */
function crisisFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-crisis-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'crisis.json');
  writeFileSync(path, content);
  return path;
}

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

  it('E3 retention: RETENTION_PRACTICE_DAYS (default 90) and RETENTION_SWEEP_MINUTES (default 5), positive', () => {
    expect(loadConfig({})).toMatchObject({ retentionPracticeMs: 90 * 86_400_000, retentionSweepMs: 300_000 });
    expect(loadConfig({ RETENTION_PRACTICE_DAYS: '30', RETENTION_SWEEP_MINUTES: '0.5' })).toMatchObject({
      retentionPracticeMs: 30 * 86_400_000,
      retentionSweepMs: 30_000,
    });
    expect(() => loadConfig({ RETENTION_PRACTICE_DAYS: '0' })).toThrow(/RETENTION_PRACTICE_DAYS/);
    expect(() => loadConfig({ RETENTION_SWEEP_MINUTES: '-1' })).toThrow(/RETENTION_SWEEP_MINUTES/);
  });

  it('names every invalid variable in one error', () => {
    expect(() => loadConfig({ PORT: 'eighty', TOKEN_SECRET: 'short' })).toThrow(/PORT[\s\S]*TOKEN_SECRET/);
  });

  it('REDIS_URL runs on Redis and must be a redis address', () => {
    const secret = 'a-secret-of-at-least-32-characters-long';
    expect(loadConfig({ REDIS_URL: 'redis://localhost:6379', TOKEN_SECRET: secret }).redisUrl).toBe(
      'redis://localhost:6379',
    );
    expect(loadConfig({}).redisUrl).toBeUndefined();
    // No TOKEN_SECRET: the instances share one made in Redis (tests/cluster/cluster.test.ts).
    expect(loadConfig({ REDIS_URL: 'redis://localhost:6379' }).tokenSecret).toBeUndefined();
    expect(() => loadConfig({ REDIS_URL: 'http://localhost:6379', TOKEN_SECRET: secret })).toThrow(
      /redis:\/\/ or rediss:\/\//,
    );
    expect(() => loadConfig({ INSTANCE_ID: 'a b' })).toThrow(/INSTANCE_ID/);
  });

  it('S17 without CRISIS_RESOURCES the crisis resources are the default sentence and no lines', () => {
    expect(loadConfig({}).crisisResources).toEqual({ emergency: DEFAULT_EMERGENCY_SENTENCE, countries: {} });
  });

  it('S17 reads CRISIS_RESOURCES, keeping the lines as written and trimming labels', () => {
    const path = crisisFile(
      JSON.stringify({
        emergency: ' Call 112 in the EU. ',
        countries: { DE: [{ name: 'Telefonseelsorge', phone: '0800 111 0 111', hours: '24/7' }] },
      }),
    );
    expect(loadConfig({ CRISIS_RESOURCES: path }).crisisResources).toEqual({
      emergency: 'Call 112 in the EU.',
      countries: { DE: [{ name: 'Telefonseelsorge', phone: '0800 111 0 111', hours: '24/7' }] },
    });
  });

  it.each([
    [
      'a lower-case country',
      { countries: { gb: [{ name: 'X', phone: '1' }] } },
      'countries.gb: a country is two capital letters',
    ],
    ['a line nobody can reach', { countries: { GB: [{ name: 'Nobody' }] } }, 'a phone, sms or url'],
    ['letters in a number', { countries: { GB: [{ name: 'X', phone: 'call me' }] } }, 'countries.GB.0.phone'],
    ['an http link', { countries: { GB: [{ name: 'X', url: 'http://example.org' }] } }, 'https'],
    ['a key of its own', { countries: {}, colour: 'red' }, 'colour'],
    ['a country with no lines', { countries: { GB: [] } }, 'countries.GB'],
    ['no countries at all', { emergency: 'Call 112.' }, 'countries'],
    ['an empty sentence', { emergency: '  ', countries: {} }, 'emergency'],
    [
      'too many lines for a country',
      { countries: { GB: Array.from({ length: 21 }, () => ({ name: 'X', phone: '1' })) } },
      'countries.GB',
    ],
  ])(
    'S17 refuses a CRISIS_RESOURCES file with %s, in one line naming the file and the problem',
    (_name, content, mention) => {
      const path = crisisFile(JSON.stringify(content));
      let message = '';
      try {
        loadConfig({ CRISIS_RESOURCES: path });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(new RegExp(`^Invalid configuration: CRISIS_RESOURCES ${path}: `));
      expect(message).toContain(mention);
      expect(message).not.toContain('\n');
    },
  );

  it('S17 refuses a CRISIS_RESOURCES file too large to send in every welcome', () => {
    const path = crisisFile(`{"countries":{},"emergency":"${'x'.repeat(CRISIS_FILE_MAX_BYTES)}"}`);
    expect(() => loadConfig({ CRISIS_RESOURCES: path })).toThrow(
      `CRISIS_RESOURCES ${path}: is larger than 64 KiB`,
    );
  });

  it("S18 FRAME_ANCESTORS defaults to 'self' and keeps https origins as origins", () => {
    expect(loadConfig({}).frameAncestors).toEqual(["'self'"]);
    expect(loadConfig({ FRAME_ANCESTORS: "'self' https://portal.example.org" }).frameAncestors).toEqual([
      "'self'",
      'https://portal.example.org',
    ]);
    // Ports kept, default ports dropped, host names in their ASCII form.
    expect(
      loadConfig({ FRAME_ANCESTORS: 'https://a.example:8443 https://b.example:443 https://bücher.example' })
        .frameAncestors,
    ).toEqual(['https://a.example:8443', 'https://b.example', 'https://xn--bcher-kva.example']);
  });

  it.each([
    'http://portal.example.org',
    'https://*.example.org',
    '*',
    'https:',
    'portal.example.org',
    'https://portal.example.org/path',
    'https://portal.example.org?x=1',
    'https://portal.example.org#top',
    'https://user@portal.example.org',
    "'none'",
    "'unsafe-inline'",
    'data:',
    'javascript:alert(1)',
    '   ',
    Array.from({ length: 21 }, (_, i) => `https://p${i}.example.org`).join(' '),
  ])('S18 refuses FRAME_ANCESTORS=%j, naming the variable', (value) => {
    expect(() => loadConfig({ FRAME_ANCESTORS: value })).toThrow(/FRAME_ANCESTORS: /);
  });
});
