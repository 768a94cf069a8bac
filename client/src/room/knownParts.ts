import { useEffect, useState } from 'react';
import type { LedgerPart } from '../../../shared/index.ts';
import { useConnection } from './RoomProvider.tsx';

/** One fetch per room and seat link for as long as the page lives: the U-turn opens many times. */
const fetched = new Map<string, Promise<LedgerPart[]>>();

function fetchKnownParts(roomId: string, token: string): Promise<LedgerPart[]> {
  const key = `${roomId} ${token}`;
  let parts = fetched.get(key);
  if (!parts) {
    parts = fetch(`/api/rooms/${encodeURIComponent(roomId)}/parts`, {
      headers: { authorization: `Bearer ${token}` },
    })
      .then(async (res) => (res.ok ? ((await res.json()) as { parts: LedgerPart[] }).parts : []))
      // Without them the form works as before: the offer is a help, never a requirement.
      .catch(() => []);
    fetched.set(key, parts);
  }
  return parts;
}

/**
 * The parts this partner named before, in any room of their couple (L5, `GET /api/rooms/:roomId/parts`),
 * newest first; empty for the therapist's seat, a room of no couple, or when the fetch fails.
 */
export function useKnownParts(): LedgerPart[] {
  const { link } = useConnection();
  const [parts, setParts] = useState<LedgerPart[]>([]);
  useEffect(() => {
    if (link.seat === 'therapist') return;
    let live = true;
    void fetchKnownParts(link.roomId, link.token).then((known) => {
      if (live) setParts(known);
    });
    return () => {
      live = false;
    };
  }, [link]);
  return parts;
}
