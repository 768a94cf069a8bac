/**
 * The shared store cannot be reached (Redis down, restarting or refusing writes): the call did not
 * happen and may be tried again. Raised at once — commands are never queued while offline — so a
 * caller can refuse with "temporarily unavailable" instead of hanging (issue 13, item 4).
 */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('the store is temporarily unavailable', { cause });
    this.name = 'StoreUnavailable';
  }
}

/** The refusal a caller sends when the store could not be asked: typed, retryable, in plain words. */
export function unavailableCode(error: unknown): 'temporarily_unavailable' | 'internal' {
  return error instanceof StoreUnavailable ? 'temporarily_unavailable' : 'internal';
}
