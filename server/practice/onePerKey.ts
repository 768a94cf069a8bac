import type { DocStore } from '../store/types.ts';

/** Where a key's turn is also taken across instances: resolves with the release once it is ours. */
export type TurnAcross = (key: string) => Promise<() => Promise<void>>;

/**
 * Runs tasks with the same key one after the other, in the order they were asked for; tasks with
 * other keys are not held up. A failed task does not stop the next. (K7: two partners pressing
 * "start practice" at once must not both find no open room and make two.) With several instances
 * (`across`), each task also waits for the key's lease in the store, so the two presses may land on
 * two instances.
 */
export function onePerKey(across?: TurnAcross) {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = tails.get(key) ?? Promise.resolve();
    const turn = across ? () => inTurn(across, key, task) : task;
    const result = before.then(turn, turn);
    const settled = result.catch(() => undefined);
    tails.set(key, settled);
    void settled.then(() => {
      if (tails.get(key) === settled) tails.delete(key);
    });
    return result;
  };
}

async function inTurn<T>(across: TurnAcross, key: string, task: () => Promise<T>): Promise<T> {
  const release = await across(key);
  try {
    return await task();
  } finally {
    await release().catch(() => undefined);
  }
}

/** How long a key's lease lasts: far longer than a task (a room made), short if its holder died. */
const LEASE_MS = 10_000;
const WAIT_MS = 25;
/** Past this, the task is refused rather than kept waiting: a holder that keeps it is a fault. */
const GIVE_UP_MS = 2 * LEASE_MS;

/**
 * A key's turn across instances as a store lease (S29's `DocStore.lease`) named under the key, held
 * by this instance: tasks of one instance already wait for each other in `onePerKey`. Polled: a turn
 * is rare (a practice started, a couple deleted) and short.
 */
export function leaseTurns(store: Pick<DocStore, 'lease' | 'releaseLease'>, holder: string): TurnAcross {
  return async (key) => {
    const name = `${key}/#one-at-a-time`;
    const giveUp = Date.now() + GIVE_UP_MS;
    while (!(await store.lease(name, holder, LEASE_MS))) {
      if (Date.now() > giveUp) throw new Error(`the turn for ${key} stayed taken`);
      await new Promise((resolve) => setTimeout(resolve, WAIT_MS + Math.random() * WAIT_MS));
    }
    return () => store.releaseLease(name, holder);
  };
}
