/**
 * The pure engine alone: decide + evolve per command, no I/O (`npm run bench -- engine`).
 * Measured, never asserted.
 */
import { decide, evolve, type RoomState } from '../shared/index.ts';

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
