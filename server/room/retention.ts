import type { Logger } from '../log.ts';
import type { RetentionPolicy, Store } from '../store/types.ts';
import type { EraseBy } from './eraseRoom.ts';

export interface RetentionDeps {
  store: Store;
  log: Logger;
  now: () => number;
  policy: RetentionPolicy;
  /** The erasure service (`eraseRoom.ts`): connections closed, memory dropped, the store erased. */
  erase: (roomId: string, by: EraseBy) => Promise<boolean>;
}

/** Rooms asked for at a time; a sweep goes on until the store has none left that are due. */
const BATCH = 100;

export interface RetentionCounts {
  ended: number;
  practice: number;
}

/** A round another instance is sweeping (its lease, `app.ts`): nothing erased here. */
export const NO_SWEEP: RetentionCounts = Object.freeze({ ended: 0, practice: 0 });

/**
 * Retention (E3): erases every room the store says is due — ended rooms of no couple past their
 * export window, a couple's unshared practice records past `RETENTION_PRACTICE_DAYS` — each as
 * retention, through the same erasure as a therapist's delete. Logs how many, never which or what.
 */
export async function sweepRetention(deps: RetentionDeps): Promise<RetentionCounts> {
  const counts: RetentionCounts = { ended: 0, practice: 0 };
  for (;;) {
    const due = await deps.store.retention.roomsToErase(deps.now(), deps.policy, BATCH);
    let erased = 0;
    for (const room of due) {
      const kind = room.why === 'practice' ? 'practice' : 'room';
      if (await deps.erase(room.roomId, { kind, byKind: 'retention', byId: null })) {
        counts[room.why] += 1;
        erased += 1;
      }
    }
    // A batch that erased nothing would come back the same: stop rather than go round.
    if (due.length < BATCH || erased === 0) break;
  }
  if (counts.ended + counts.practice > 0) deps.log.info({ ...counts }, 'retention sweep: rooms erased');
  return counts;
}
