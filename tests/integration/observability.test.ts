import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../server/config.ts';
import { RedisStore } from '../../server/store/redis/store.ts';
import { openDoc, openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { track } from '../support/track.ts';

/**
 * S28: an operator can see a cluster — every instance's /metrics names it and counts commands with
 * their ack latency, rooms, connections, document bytes, store calls and errors, Redis round trips —
 * and every log line says which instance wrote it.
 */

const METRICS_TOKEN = 'observability-metrics-token-0123456789';

async function serverWith(overrides: Partial<Config> = {}, store?: RedisStore): Promise<TestServer> {
  const config = { metricsToken: METRICS_TOKEN, ...overrides };
  const server = await startTestServer(config, undefined, store ? () => store : undefined);
  return track(server, (it) => it.stop());
}

/** One scrape, as Prometheus reads it: each sample line's name with its labels, and its value. */
async function scrape(server: TestServer): Promise<{ text: string; samples: Map<string, number> }> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  const text = await res.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return { text, samples };
}

/** The value of the sample named `name` whose labels include every one of `labels` (0 if none). */
function sample(samples: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  for (const [series, value] of samples) {
    const brace = series.indexOf('{');
    if ((brace === -1 ? series : series.slice(0, brace)) !== name) continue;
    if (Object.entries(labels).every(([key, wanted]) => series.includes(`${key}="${wanted}"`))) return value;
  }
  return 0;
}

describe('/metrics of an instance (S28)', () => {
  it('S28 after a command the ack histogram has counted it by outcome, and every series names the instance', async () => {
    const server = await serverWith();
    const instance = server.bus.instanceId;
    const room = await server.createRoom('practice');
    const a = openSeat(server.url, room.token('A'));
    await a.connected();
    await a.ok({ type: 'setTimer', seconds: 30 });
    // Refused by the room: a partner cannot admit anyone.
    expect(await a.send({ type: 'admit', seat: 'B' })).toMatchObject({ ok: false });

    const { text, samples } = await scrape(server);
    const ack = 'dialogue_room_command_ack_seconds_count';
    expect(sample(samples, ack, { outcome: 'ok', instance })).toBeGreaterThanOrEqual(1);
    expect(sample(samples, ack, { outcome: 'refused', instance })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('dialogue_room_command_ack_seconds_bucket{le="0.001"');
    // The instance label is on every sample, the older metrics' too.
    expect(samples.size).toBeGreaterThan(10);
    for (const series of samples.keys()) expect(series).toContain(`instance="${instance}"`);
    expect(sample(samples, 'dialogue_room_rooms_loaded')).toBe(1);
    expect(sample(samples, 'dialogue_room_connections', { endpoint: 'socketio' })).toBe(1);
    expect(sample(samples, 'dialogue_room_connections', { endpoint: 'yjs' })).toBe(0);
    // SQLite: the room's creation and the appends were timed; no Redis here.
    expect(
      sample(samples, 'dialogue_room_store_call_seconds_count', { outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(samples, 'dialogue_room_redis_round_trips_total')).toBe(0);
    // Ids and what anyone wrote stay out: no room id, no seat, no token.
    expect(text).not.toContain(room.roomId);
    expect(text).not.toMatch(/seat="/);
  });

  it('S28 document connections and the bytes of the documents in memory are counted', async () => {
    const server = await serverWith();
    const room = await server.createRoom('practice');
    const doc = openDoc(server.url, `${room.roomId}/notes`, room.token('A'));
    await doc.synced();
    doc.text().insert(0, 'a few words');
    await eventually(async () => {
      const { samples } = await scrape(server);
      expect(sample(samples, 'dialogue_room_connections', { endpoint: 'yjs' })).toBe(1);
      expect(sample(samples, 'dialogue_room_doc_bytes')).toBeGreaterThan(0);
    });
  });

  describe('on a RedisStore', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedis({ durable: false });
    });
    afterAll(async () => {
      await redis.stop();
    });

    it('S28 Redis round trips and store calls grow with what the server does', async () => {
      const server = await serverWith({}, await RedisStore.open(redis.url));
      const before = (await scrape(server)).samples;
      const room = await server.createRoom('practice');
      const a = openSeat(server.url, room.token('A'));
      await a.connected();
      await a.ok({ type: 'setTimer', seconds: 30 });
      const after = (await scrape(server)).samples;
      const trips = 'dialogue_room_redis_round_trips_total';
      expect(sample(after, trips)).toBeGreaterThan(sample(before, trips));
      const calls = 'dialogue_room_store_call_seconds_count';
      expect(sample(after, calls, { outcome: 'ok' })).toBeGreaterThan(
        sample(before, calls, { outcome: 'ok' }),
      );
      expect(sample(after, 'dialogue_room_store_errors_total', { kind: 'unavailable' })).toBe(0);
    });

    it('S28 with Redis gone a command fails on our side: a store error of kind unavailable, an ack counted as error', async () => {
      const own = await startRedis({ durable: false });
      track(own, (it) => it.stop());
      const server = await serverWith({}, await RedisStore.open(own.url));
      const room = await server.createRoom('practice');
      const a = openSeat(server.url, room.token('A'));
      await a.connected();
      await own.kill();
      expect(await a.send({ type: 'setTimer', seconds: 30 })).toMatchObject({ ok: false });
      const { samples } = await scrape(server);
      expect(
        sample(samples, 'dialogue_room_store_errors_total', { kind: 'unavailable' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(samples, 'dialogue_room_store_call_seconds_count', { outcome: 'unavailable' }),
      ).toBeGreaterThanOrEqual(1);
      expect(sample(samples, 'dialogue_room_command_ack_seconds_count', { outcome: 'error' })).toBe(1);
    });
  });
});

describe('logs of an instance (S28)', () => {
  it('S28 every line a started server writes names its instance, the id its bus and metrics carry', async () => {
    const server = await serverWith();
    const room = await server.createRoom('practice');
    const a = openSeat(server.url, room.token('A'));
    await a.connected();
    await a.ok({ type: 'setTimer', seconds: 30 });
    const lines = server.logs.map((line) => JSON.parse(line) as { instance?: string; msg: string });
    expect(lines.some((line) => /listening/.test(line.msg))).toBe(true);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.instance, line.msg).toBe(server.bus.instanceId);
  });
});
