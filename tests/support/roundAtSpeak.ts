import type { SeatClient } from './seatClient.ts';

/**
 * With the therapist, A and B joined to a therapy room: both partners admitted, the ground rules
 * agreed, the check-in skipped, A holding the floor on "money" at round 1 `speak` (A's part named:
 * "the worrier"), and every client caught up with it.
 */
export async function toSpeak(therapist: SeatClient, a: SeatClient, b: SeatClient): Promise<void> {
  await therapist.ok({ type: 'admit', seat: 'A' });
  await therapist.ok({ type: 'admit', seat: 'B' });
  await a.ok({ type: 'agreeContract' });
  await b.ok({ type: 'agreeContract' });
  await therapist.ok({ type: 'skipStep' });
  await a.ok({ type: 'requestFloor', topic: 'money' });
  await b.ok({ type: 'listenerReady' });
  const seq = await a.ok({ type: 'uTurn', part: { name: 'the worrier', kind: 'protector' } });
  for (const client of [therapist, a, b]) await client.caughtUp(seq);
}
