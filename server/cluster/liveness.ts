import type { RedisClient } from '../store/redis/connection.ts';

/**
 * Whether another instance is still running (S31): what lets an instance that stopped hearing
 * another's presence tell that instance's death from its own deafness to the bus. Each instance
 * renews a key of its own with a short life; a killed one stops renewing and its key expires.
 */
export interface InstanceLiveness {
  /** Says this instance is alive for the next `LIVENESS_TTL_MS`; called on every presence beat. */
  renew(): void;
  /** `true` alive, `false` gone, `null` when it cannot be told (Redis out of reach, one instance alone). */
  alive(instanceId: string): Promise<boolean | null>;
  /** A clean stop: this instance says at once it is gone, rather than after the key's life. */
  close(): Promise<void>;
}

/**
 * The key's life: shorter than the three beats after which a silent instance's view is dropped
 * (`server/cluster/clusterPresence.ts`, 3 × 2 s), so the key of an instance killed right after its
 * last beat is gone by the time the others ask; two and a half beats, so one late renewal of a
 * busy instance does not make it look dead.
 */
export const LIVENESS_TTL_MS = 5_000;

/** Longer than this, an answer is not waited for: the caller takes it as "cannot be told". */
const ASK_TIMEOUT_MS = 2_000;

const keyOf = (instanceId: string) => `dr:alive:${instanceId}`;

/** One instance alone (SQLite): there is nobody else to ask about. */
export class LocalLiveness implements InstanceLiveness {
  renew(): void {}
  async alive(): Promise<boolean | null> {
    return null;
  }
  async close(): Promise<void> {}
}

/**
 * `dr:alive:<instanceId>` on the store's connection, set with a TTL on each renewal. The store's
 * connection fails at once while Redis is away (no offline queue), so a renewal is dropped then and
 * a question answers `null`.
 */
export class RedisLiveness implements InstanceLiveness {
  private closed = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly instanceId: string,
  ) {
    this.renew();
  }

  renew(): void {
    if (this.closed) return;
    this.redis
      .set(keyOf(this.instanceId), '1', { expiration: { type: 'PX', value: LIVENESS_TTL_MS } })
      .catch(() => {});
  }

  async alive(instanceId: string): Promise<boolean | null> {
    return withinTime(this.redis.exists(keyOf(instanceId)).then((count) => count > 0));
  }

  /** Bounded too: a Redis that holds the connection and stops answering must not hold the stop (S14). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await withinTime(this.redis.del(keyOf(this.instanceId)));
  }
}

/** The answer, or null when Redis fails or does not answer within `ASK_TIMEOUT_MS`. */
async function withinTime<T>(call: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ASK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call, late]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
