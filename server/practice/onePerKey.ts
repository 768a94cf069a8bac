/**
 * Runs tasks with the same key one after the other, in the order they were asked for; tasks with
 * other keys are not held up. A failed task does not stop the next. (K7: two partners pressing
 * "start practice" at once must not both find no open room and make two.)
 */
export function onePerKey() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = tails.get(key) ?? Promise.resolve();
    const result = before.then(task, task);
    const settled = result.catch(() => undefined);
    tails.set(key, settled);
    void settled.then(() => {
      if (tails.get(key) === settled) tails.delete(key);
    });
    return result;
  };
}
