import { createHmac } from 'node:crypto';
import { type RedisClient, unavailableOr } from '../store/redis/connection.ts';
import {
  FIRST_LOCKOUT_MS,
  type LimitRule,
  LOCKOUT_MEMORY_MS,
  LONGEST_LOCKOUT_MS,
  SignInLimit,
} from './signInLimits.ts';

/** What the sign-in routes ask of a lockout counter (M9), in memory or shared by every instance. */
export interface SignInLimiter {
  /** How long `key` must still wait, in ms; 0 when it may try. */
  blockedFor(key: string): Promise<number>;
  /** Counts one failure; the one that reaches the rule's count starts a lockout. */
  fail(key: string): Promise<void>;
  /** A right sign-in: the key's failures and earlier lockouts are forgotten. */
  clear(key: string): Promise<void>;
}

/**
 * `SignInLimit`'s rule (M9) as one Lua script on a hash per key, so every instance on a Redis counts
 * the same failures and the lockout doubles across them (S28). The server's clock is an argument, as
 * in memory, so tests walk through the lockouts; the key expires once its lockout is long forgotten.
 */
const FAIL = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local rule = tonumber(ARGV[3])
local memory = tonumber(ARGV[4])
local first = tonumber(ARGV[5])
local longest = tonumber(ARGV[6])
local e = redis.call('HMGET', KEYS[1], 'f', 'w', 'l', 'b')
local f = tonumber(e[1]) or 0
local w = tonumber(e[2]) or now
local l = tonumber(e[3]) or 0
local b = tonumber(e[4]) or 0
if now - w >= window then f = 0; w = now end
f = f + 1
if f >= rule then
  if l > 0 and now - b >= memory then l = 0 end
  l = l + 1
  b = now + math.min(first * 2 ^ (l - 1), longest)
  f = 0
  w = now
end
redis.call('HSET', KEYS[1], 'f', f, 'w', w, 'l', l, 'b', b)
redis.call('PEXPIRE', KEYS[1], memory + longest)
return b`;

/** Redis out of reach is said as such (`StoreUnavailable`: the request is answered temporarily_unavailable). */
async function shared<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw unavailableOr(error);
  }
}

/** Where the counts live: one hash per rule and key, the key an HMAC (no email or address in Redis). */
const PREFIX = 'dr:rl:sign-in:';

class RedisSignInLimit implements SignInLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly name: string,
    private readonly rule: LimitRule,
    private readonly now: () => number,
    private readonly hide: (key: string) => string,
  ) {}

  private key(key: string) {
    return `${PREFIX}${this.name}:${this.hide(key)}`;
  }

  async blockedFor(key: string): Promise<number> {
    const until = Number((await shared(this.redis.hGet(this.key(key), 'b'))) ?? 0);
    return Math.max(0, until - this.now());
  }

  async fail(key: string): Promise<void> {
    const { failures, windowMs } = this.rule;
    await shared(
      this.redis.eval(FAIL, {
        keys: [this.key(key)],
        arguments: [
          String(this.now()),
          String(windowMs),
          String(failures),
          String(LOCKOUT_MEMORY_MS),
          String(FIRST_LOCKOUT_MS),
          String(LONGEST_LOCKOUT_MS),
        ],
      }),
    );
  }

  async clear(key: string): Promise<void> {
    await shared(this.redis.del(this.key(key)));
  }
}

/** The in-memory counter behind the same interface (one instance). */
class LocalSignInLimit implements SignInLimiter {
  private readonly limit: SignInLimit;
  constructor(rule: LimitRule, now: () => number) {
    this.limit = new SignInLimit(rule, now);
  }
  async blockedFor(key: string) {
    return this.limit.blockedFor(key);
  }
  async fail(key: string) {
    this.limit.fail(key);
  }
  async clear(key: string) {
    this.limit.clear(key);
  }
}

export type MakeSignInLimit = (name: string, rule: LimitRule, now: () => number) => SignInLimiter;

/**
 * Sign-in lockouts (M9) for this server: in memory on SQLite, on Redis when there is one, so a
 * guesser spreading over the instances gets one lockout, not one per instance (S28).
 */
export function signInLimits(redis: RedisClient | undefined, keySecret: string): MakeSignInLimit {
  if (!redis) return (_name, rule, now) => new LocalSignInLimit(rule, now);
  const hashKey = createHmac('sha256', keySecret).update('sign-in keys').digest();
  const hide = (key: string) => createHmac('sha256', hashKey).update(key).digest('base64url').slice(0, 22);
  return (name, rule, now) => new RedisSignInLimit(redis, name, rule, now, hide);
}
