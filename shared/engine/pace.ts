import type { PartnerSeat } from '../protocol/seats.ts';
import { currentRound, type RoomState } from './state.ts';

type ShorterAsk = RoomState['shorterAsks'][number];

/**
 * The listener's "Shorter, please" the speaker has not answered yet (T38): asked in this round, at
 * `speak`, after the latest piece. Null once the next piece comes or the step moves on. For the
 * speaker's screen, which shows it gently, and the listener's, which shows it was sent.
 */
export function pendingShorterAsk(state: RoomState): ShorterAsk | null {
  const round = currentRound(state);
  if (round?.floor !== 'held' || round.step !== 'speak') return null;
  const lastPiece = round.entries.findLast((entry) => entry.kind === 'piece')?.seq ?? 0;
  return state.shorterAsks.findLast((ask) => ask.round === round.number && ask.seq > lastPiece) ?? null;
}

/** How many times each partner asked "Shorter, please" this session, for the therapist (T38). */
export function shorterAskCounts(state: RoomState): Record<PartnerSeat, number> {
  const counts = { A: 0, B: 0 };
  for (const ask of state.shorterAsks) counts[ask.seat] += 1;
  return counts;
}
