/**
 * How long a therapist waits for a couple's page (GET /api/couples/:id), which folds every session
 * and practice of the couple from its events (server/practice/roomFacts.ts) without loading the rooms;
 * an ended room's facts are kept after the first fold.
 *   npx tsx bench/coupleList.ts   (BENCH_SESSIONS=50, BENCH_EVENTS=400 per session)
 * Measured, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/log.ts';
import { type ClientCommand, decide, evolve, type RoomState } from '../shared/index.ts';
import { addCouple, asTherapistFetch } from '../tests/support/couples.ts';
import { signUpTherapist } from '../tests/support/therapist.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 400);

const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-bench-couples-'));
const config = { ...loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }) };
const server = await startServer({ config, log: createLogger('silent') });
try {
  const therapist = await signUpTherapist(server.url);
  const as = asTherapistFetch(server.url, therapist);
  const couple = await addCouple(server.url, therapist);
  for (let i = 0; i < SESSIONS; i++) {
    const { roomId } = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    // A long session's worth of events, made by the engine and stored as the server stores them.
    let state = evolve(null, (await server.store.read(roomId, 1))[0] as never) as RoomState;
    const drive = async (actor: 'therapist' | 'A' | 'B', command: ClientCommand) => {
      const decision = decide(state, command, actor, Date.now());
      if (!decision.ok) throw new Error(`${command.type}: ${decision.rejection.code}`);
      const result = await server.store.append(roomId, state.seq, decision.events, null);
      if (!result.ok) throw new Error('append refused');
      for (const event of decision.events) state = evolve(state, event);
    };
    await drive('therapist', { type: 'admit', seat: 'A' });
    await drive('therapist', { type: 'admit', seat: 'B' });
    while (state.seq < EVENTS) {
      await drive('therapist', { type: 'pause' });
      await drive('therapist', { type: 'resume' });
    }
    // Every session but the newest has ended, as in a real practice.
    if (i < SESSIONS - 1) {
      await drive('therapist', { type: 'requestEnd' });
      await drive('therapist', { type: 'confirmEnd' });
    }
  }
  const firstStarted = performance.now();
  await as(`/api/couples/${couple.id}`);
  const first = performance.now() - firstStarted;
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    const res = await as(`/api/couples/${couple.id}`);
    const body = await res.json();
    times.push(performance.now() - started);
    if (body.sessions.length !== SESSIONS) throw new Error('not every session listed');
  }
  times.sort((a, b) => a - b);
  console.log(
    `GET /api/couples/:id with ${SESSIONS} sessions of ${EVENTS} events (all ended but one): first ${first.toFixed(1)} ms, then median ${times[10]?.toFixed(1)} ms, slowest ${times.at(-1)?.toFixed(1)} ms; rooms in memory after: ${server.rooms.loadedCount()}`,
  );
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
