import type { RetentionPolicy, RetentionStore, RoomToErase } from '../types.ts';
import type { RedisClient } from './connection.ts';
import { ENDED_ROOMS, roomKeys } from './keys.ts';
import type { RedisPractice } from './practice.ts';

type Call = <T>(run: (client: RedisClient) => Promise<T>) => Promise<T>;

/**
 * E3 on Redis. `ENDED_ROOMS` is a hint written before each ending append (keys.ts): the room's own
 * `endedAt`, written by the append script, decides. A hint for a room that is gone is dropped; one
 * for a room that has not ended (its append lost a conflict) stays until the room does end.
 * A room a couple owns is the couple's record: not due as an ended room; an unshared practice is
 * due after `practiceMs` (`practice.ts`).
 */
export class RedisRetention implements RetentionStore {
  constructor(
    private readonly call: Call,
    private readonly practice: RedisPractice,
  ) {}

  async roomsToErase(now: number, policy: RetentionPolicy, limit: number): Promise<RoomToErase[]> {
    const cutoff = now - policy.exportWindowMs;
    const due: { roomId: string; at: number; why: RoomToErase['why'] }[] = [];
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
      const owned = await this.practice.owned(hints.map((hint) => hint.value));
      hints.forEach((hint, i) => {
        const [mode, endedAt] = rooms[i] ?? [];
        if (mode === null || mode === undefined) gone.push(hint.value);
        else if (endedAt && Number(endedAt) < cutoff && !owned.has(hint.value))
          due.push({ roomId: hint.value, at: Number(endedAt), why: 'ended' });
      });
    }
    if (gone.length > 0) await this.call((c) => c.zRem(ENDED_ROOMS, gone));
    const practices = await this.practice.unsharedPracticesBefore(now - policy.practiceMs, limit);
    return [...due, ...practices.map((room) => ({ ...room, why: 'practice' as const }))]
      .sort((x, y) => x.at - y.at)
      .slice(0, limit)
      .map(({ roomId, why }) => ({ roomId, why }));
  }
}
