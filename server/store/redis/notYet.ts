/**
 * A part of the store the Redis store does not hold yet (issue 13 moves them one by one): every
 * method fails with a plain error naming it, so nothing is silently kept in the wrong place.
 * `nested` names properties that are such parts themselves (`accounts.passkeys`).
 */
export function notYet<T extends object>(part: string, nested: string[] = []): T {
  return new Proxy({} as T, {
    get(_, property) {
      // Not a promise: awaiting the part itself must not call a method.
      if (property === 'then' || typeof property !== 'string') return undefined;
      if (nested.includes(property)) return notYet(`${part}.${property}`);
      return async () => {
        throw new Error(`${part}.${property} is not in the Redis store yet`);
      };
    },
  });
}
