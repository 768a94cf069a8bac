/**
 * Benchmarks — speed is measured here, never asserted in tests.
 *   npm run bench
 * 1. the pure engine: decide + evolve per command;
 * 2. acknowledged commands over real sockets to a real server with the durable SQLite store,
 *    one room sequentially (latency) and many rooms at once (throughput);
 * 3. synced-document updates from a stock y-websocket client, stored and relayed to another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/log.ts';
import { decide, evolve, type RoomState } from '../shared/index.ts';
import { DocClient } from '../tests/support/docClient.ts';
import { createRoom } from '../tests/support/roomApi.ts';
import { SeatClient } from '../tests/support/seatClient.ts';

const COMMANDS_PER_ROOM = Number(process.env.BENCH_COMMANDS ?? 500);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 10);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function engineBench() {
  const created = decide(null, { type: 'createRoom', roomId: 'bench', mode: 'practice' }, 'system', 0);
  if (!created.ok) throw new Error('createRoom');
  let state = evolve(null, created.events[0] as never) as RoomState;
  const n = 100_000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const decision = decide(state, { type: 'setTimer', seconds: 60 }, 'A', i);
    if (decision.ok) for (const event of decision.events) state = evolve(state, event);
  }
  const ns = Number(process.hrtime.bigint() - start);
  console.log(
    `engine: ${n} decide+evolve in ${(ns / 1e6).toFixed(0)} ms = ${((n / ns) * 1e9).toFixed(0)} commands/s`,
  );
}

async function socketBench() {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-bench-'));
  const config = {
    ...loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }),
    commandsPer10s: 1_000_000,
  };
  const server = await startServer({ config, log: createLogger('silent') });
  const makeRoom = async () => {
    const room = await createRoom(server.url, 'practice');
    const a = new SeatClient(server.url, room.token('A'));
    const b = new SeatClient(server.url, room.token('B'));
    await a.connected();
    await b.connected();
    return { a, b };
  };
  const run = async (client: SeatClient, latencies: number[]) => {
    for (let i = 0; i < COMMANDS_PER_ROOM; i++) {
      const t0 = performance.now();
      const ack = await client.send({ type: i % 2 ? 'setTimer' : 'extendTimer', seconds: 30 });
      if (!ack.ok && ack.error.code !== 'invalid_target') throw new Error(ack.error.code);
      latencies.push(performance.now() - t0);
    }
  };

  const single = await makeRoom();
  const latencies: number[] = [];
  await run(single.a, latencies);
  latencies.sort((x, y) => x - y);
  console.log(
    `one room, sequential: ${COMMANDS_PER_ROOM} acked commands; latency p50 ${percentile(latencies, 50).toFixed(2)} ms, ` +
      `p95 ${percentile(latencies, 95).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
  );

  const rooms = await Promise.all(Array.from({ length: ROOMS }, makeRoom));
  const all: number[] = [];
  const t0 = performance.now();
  await Promise.all(rooms.map((room) => run(room.a, all)));
  const seconds = (performance.now() - t0) / 1000;
  all.sort((x, y) => x - y);
  console.log(
    `${ROOMS} rooms at once: ${all.length} acked commands in ${seconds.toFixed(2)} s = ${(all.length / seconds).toFixed(0)}/s; ` +
      `latency p50 ${percentile(all, 50).toFixed(2)} ms, p99 ${percentile(all, 99).toFixed(2)} ms`,
  );
  for (const room of [single, ...rooms]) {
    room.a.close();
    room.b.close();
  }
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Yjs: keystroke-sized updates from one writer, each stored before it is relayed to a reader. */
async function docBench() {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-bench-docs-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const server = await startServer({ config, log: createLogger('silent') });
  const room = await createRoom(server.url, 'practice');
  const writer = new DocClient(server.url, `${room.roomId}/notes`, room.token('A'));
  const reader = new DocClient(server.url, `${room.roomId}/notes`, room.token('B'));
  await writer.synced();
  await reader.synced();
  const n = Number(process.env.BENCH_KEYSTROKES ?? 2000);
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const sent = performance.now();
    writer.text().insert(writer.text().length, 'x');
    const want = i + 1;
    await new Promise<void>((resolve) => {
      const check = () => (reader.text().length >= want ? resolve() : setImmediate(check));
      check();
    });
    latencies.push(performance.now() - sent);
  }
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((x, y) => x - y);
  console.log(
    `docs: ${n} single-character updates written, stored and relayed one after another in ${seconds.toFixed(2)} s = ` +
      `${(n / seconds).toFixed(0)}/s; writer-to-reader p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
  );
  writer.destroy();
  reader.destroy();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}

engineBench();
await socketBench();
await docBench();
