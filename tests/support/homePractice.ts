import { openSeat } from './clients.ts';
import { type AddedCouple, atHome } from './couples.ts';
import type { SeatClient } from './seatClient.ts';

export interface HomePractice {
  roomId: string;
  a: SeatClient;
  b: SeatClient;
}

/**
 * A practice started from the couple's home (docs/PROTOCOL.md §2.8), both partners in it, A holding
 * the floor: A names `part` in the U-turn and, if `piece` is given, speaks it (the piece carries the
 * part, so B sees the part's name then, L3). With `end`, the practice is ended.
 */
export async function homePractice(
  url: string,
  couple: AddedCouple,
  options: {
    topic?: string;
    part: { name: string; kind: 'protector' | 'exile' | 'not_sure'; fears?: string; feltWhere?: string };
    piece?: string;
    checkInB?: { parts: string[]; visibility: 'room' | 'self' };
    end?: boolean;
  },
): Promise<HomePractice> {
  const started = await (await atHome(url, couple.homeLinks.A.token)('/practices', 'POST', {})).json();
  const joined = await (
    await atHome(url, couple.homeLinks.B.token)(`/practices/${started.roomId}/join`, 'POST')
  ).json();
  const a = openSeat(url, started.token);
  const b = openSeat(url, joined.token);
  await a.connected();
  await b.connected();
  await a.ok({ type: 'agreeContract' });
  await b.ok({ type: 'agreeContract' });
  await a.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
  const checkInB = options.checkInB ?? { parts: [], visibility: 'room' };
  await b.ok({ type: 'checkIn', checkIn: { parts: checkInB.parts }, visibility: checkInB.visibility });
  await a.ok({ type: 'requestFloor', topic: options.topic ?? 'the weekend' });
  await b.ok({ type: 'listenerReady' });
  await a.ok({ type: 'uTurn', part: options.part });
  if (options.piece !== undefined) await a.ok({ type: 'speak', text: options.piece });
  if (options.end) {
    await a.ok({ type: 'requestEnd' });
    const end = await b.ok({ type: 'confirmEnd' });
    await a.caughtUp(end);
  }
  return { roomId: started.roomId, a, b };
}
