import type { RetentionPolicy, RetentionStore, RoomToErase } from '../types.ts';
import type { RedisClient } from './connection.ts';
import { ENDED_ROOMS, roomKeys } from './keys.ts';

type Call = <T>(run: (client: RedisClient) => Promise<T>) => Promise<T>;

/**
 * E3 on Redis. `ENDED_ROOMS` is a hint written before each ending append (keys.ts): the room's own
 * `endedAt`, written by the append script, decides. A hint for a room that is gone is dropped; one
 * for a room that has not ended (its append lost a conflict) stays until the room does end.
 * Practice rooms are not here yet: couples are not in the Redis store yet (`store.ts`).
 */
export class RedisRetention implements RetentionStore {
  constructor(private readonly call: Call) {}

  async roomsToErase(now: number, policy: RetentionPolicy, limit: number): Promise<RoomToErase[]> {
    const cutoff = now - policy.exportWindowMs;
    const due: { roomId: string; at: number }[] = [];
    const gone: string[] = [];
    for (let offset = 0; due.length < limit; ) {
      const hints = await this.call((c) =>
        c.zRangeWithScores(ENDED_ROOMS, '-inf', `(${cutoff}`, {
          BY: 'SCORE',
          LIMIT: { offset, count: Math.max(limit, 100) },
        }),
      );
      if (hints.length === 0) break;
      offset += hints.length;
      const rooms = await this.call((c) =>
        Promise.all(hints.map((hint) => c.hmGet(roomKeys(hint.value).room, ['mode', 'endedAt']))),
      );
      hints.forEach((hint, i) => {
        const [mode, endedAt] = rooms[i] ?? [];
        if (mode === null || mode === undefined) gone.push(hint.value);
        else if (endedAt && Number(endedAt) < cutoff) due.push({ roomId: hint.value, at: Number(endedAt) });
      });
    }
    if (gone.length > 0) await this.call((c) => c.zRem(ENDED_ROOMS, gone));
    return due
      .sort((x, y) => x.at - y.at)
      .slice(0, limit)
      .map(({ roomId }) => ({ roomId, why: 'ended' as const }));
  }
}
