import { createHmac } from 'node:crypto';
import type { Store as ExpressLimitStore } from 'express-rate-limit';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
} from 'rate-limiter-flexible';
import type { RedisClient } from '../store/redis/connection.ts';

/** Every limiter's keys live under this prefix on Redis, then its own name: `dr:rl:<name>:<key>`. */
export const LIMITER_PREFIX = 'dr:rl:';

/**
 * How long a limit check waits for Redis before the instance's own count decides (S28). Short: a
 * check sits in front of every command, and a Redis that keeps the connection but stops answering
 * must not hold commands for the store's 5 s as well.
 */
export const LIMITER_TIMEOUT_MS = 500;

export interface LimiterSpec {
  /** The limiter's own part of the key prefix; one per limiter of a server. */
  name: string;
  /** Points in each window of `duration` seconds. */
  points: number;
  duration: number;
  /** Once the points are spent, the key is refused for this many seconds (0: until the window ends). */
  blockDuration?: number;
}

export type Limiter = RateLimiterAbstract;
export type MakeLimiter = (spec: LimiterSpec) => Limiter;

export interface LimiterOptions {
  /** How long a check waits for Redis (default `LIMITER_TIMEOUT_MS`). */
  timeoutMs?: number;
  /**
   * The secret every instance shares (the token secret): keys are stored on Redis as a keyed hash
   * of it, never as given — a client's address would otherwise sit in Redis's append-only file.
   */
  keySecret?: string;
  /** Hears of each check sent to Redis (the metrics' round trips); not of those decided in memory. */
  roundTrip?: () => void;
}

type RLOptions = Record<string, unknown>;

/**
 * The shared limiter, its keys hidden: the same key always gives the same stored key, on every
 * instance holding the same secret. Every way to name a key goes through `hide`.
 */
class HiddenKeys extends RLWrapperTimeouts {
  constructor(
    options: ConstructorParameters<typeof RLWrapperTimeouts>[0],
    private readonly hide: (key: string | number) => string,
    private readonly sent: () => void,
  ) {
    super(options);
  }
  override consume(key: string | number, points?: number, options?: RLOptions) {
    this.sent();
    return super.consume(this.hide(key), points, options);
  }
  override penalty(key: string | number, points?: number, options?: RLOptions) {
    this.sent();
    return super.penalty(this.hide(key), points, options);
  }
  override reward(key: string | number, points?: number, options?: RLOptions) {
    this.sent();
    return super.reward(this.hide(key), points, options);
  }
  override get(key: string | number, options?: RLOptions) {
    this.sent();
    return super.get(this.hide(key), options);
  }
  override set(key: string | number, points: number, secDuration: number, options?: RLOptions) {
    this.sent();
    return super.set(this.hide(key), points, secDuration, options);
  }
  override block(key: string | number, secDuration: number, options?: RLOptions) {
    this.sent();
    return super.block(this.hide(key), secDuration, options);
  }
  override delete(key: string | number, options?: RLOptions) {
    this.sent();
    return super.delete(this.hide(key), options);
  }
}

/**
 * The rate limits of one server (S28). With no Redis, each limiter counts in memory, as one process
 * alone can. With Redis, the count is shared by every instance on it (`RateLimiterRedis`, one Lua
 * script per check), so a client spreading over three instances gets the limit once, not three times.
 *
 * While Redis is away — a failed call, or no answer within `timeoutMs` — each check falls to an
 * in-memory limiter with the same points (rate-limiter-flexible's `insuranceLimiter`): limits still
 * hold per instance, a command is neither refused for Redis's sake nor let through unlimited, and no
 * error reaches the caller. The in-memory counts start empty, so during an outage a client may get
 * up to one budget per instance again; when Redis answers, its count (kept there) decides again.
 */
export function limiterFactory(redis: RedisClient | undefined, options: LimiterOptions = {}): MakeLimiter {
  const names = new Set<string>();
  // A key of its own for this use, derived from the shared secret (never the secret itself).
  const hashKey = createHmac('sha256', options.keySecret ?? 'dialogue-room')
    .update('rate-limit keys')
    .digest();
  const hide = (key: string | number) =>
    createHmac('sha256', hashKey).update(String(key)).digest('base64url').slice(0, 22);
  return (spec) => {
    // Two limiters sharing a prefix would spend each other's points, across instances too.
    if (names.has(spec.name)) throw new Error(`two rate limiters named ${spec.name}`);
    names.add(spec.name);
    const shape = {
      keyPrefix: `${LIMITER_PREFIX}${spec.name}`,
      points: spec.points,
      duration: spec.duration,
      blockDuration: spec.blockDuration ?? 0,
    };
    const local = new RateLimiterMemory(shape);
    if (!redis) return local;
    const shared = new RateLimiterRedis({
      ...shape,
      storeClient: redis,
      useRedisPackage: true,
      // Fail at once while the connection is down rather than wait for it (the store's client
      // queues nothing offline either: server/store/redis/connection.ts).
      rejectIfRedisNotReady: true,
    });
    const insured = new HiddenKeys(
      {
        limiter: shared,
        timeoutMs: options.timeoutMs ?? LIMITER_TIMEOUT_MS,
        insuranceLimiter: local,
        // The wrapper hands its own block duration to the insurance limiter: keep the spec's.
        blockDuration: shape.blockDuration,
      },
      hide,
      // While the connection is down nothing is sent (rejectIfRedisNotReady): the memory decides.
      () => {
        if (redis.isReady) options.roundTrip?.();
      },
    );
    insured.points = spec.points;
    insured.duration = spec.duration;
    return insured;
  };
}

/**
 * Takes `points` from `key`'s budget: null when allowed, the limiter's answer (points spent, how long
 * to wait) when refused. Any other failure is thrown — never taken for "limited".
 */
export async function take(limiter: Limiter, key: string, points = 1): Promise<RateLimiterRes | null> {
  try {
    await limiter.consume(key, points);
    return null;
  } catch (answer) {
    if (answer instanceof RateLimiterRes) return answer;
    throw answer;
  }
}

/**
 * An express-rate-limit store on a limiter of ours, so a route keeps express-rate-limit's behaviour
 * (its headers, `skipFailedRequests`) with counts shared across instances. The limiter's points are
 * the route's limit; express-rate-limit compares the hits it is given with that limit itself.
 */
export function expressLimitStore(limiter: Limiter): ExpressLimitStore {
  return {
    localKeys: false,
    async increment(key) {
      // Resolved when allowed, rejected with the same kind of answer when over: either says the hits.
      const answer = await limiter.consume(key).catch((refused: unknown) => {
        if (refused instanceof RateLimiterRes) return refused;
        throw refused;
      });
      return {
        totalHits: answer.consumedPoints,
        resetTime: new Date(Date.now() + answer.msBeforeNext),
      };
    },
    async decrement(key) {
      await limiter.reward(key);
    },
    async resetKey(key) {
      await limiter.delete(key);
    },
  };
}
