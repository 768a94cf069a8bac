/**
 * Failed sign-ins, counted per key (an account's email, a client address), with a lockout that grows
 * each time it is earned again (M9). Written here rather than with rate-limiter-flexible, whose clock
 * cannot be driven: the growing block is the rule a test must be able to walk through in minutes.
 * This is the in-memory counter (one process; a restart forgets, the passwords stay argon2id-slow
 * either way); `sharedSignInLimits.ts` runs the same rule on Redis for several instances.
 */

export interface LimitRule {
  /** Failures within `windowMs` that start a lockout. */
  failures: number;
  windowMs: number;
}

const MINUTE = 60_000;
/** The first lockout lasts a minute; each next one twice as long, up to an hour. */
export const FIRST_LOCKOUT_MS = MINUTE;
export const LONGEST_LOCKOUT_MS = 60 * MINUTE;
/** A day with no new lockout and the next one starts at a minute again. */
export const LOCKOUT_MEMORY_MS = 24 * 60 * MINUTE;

interface Entry {
  failures: number;
  windowStart: number;
  /** Lockouts earned so far (within LOCKOUT_MEMORY_MS of each other). */
  lockouts: number;
  blockedUntil: number;
}

export function lockoutMs(lockouts: number): number {
  return Math.min(FIRST_LOCKOUT_MS * 2 ** Math.max(0, lockouts - 1), LONGEST_LOCKOUT_MS);
}

export class SignInLimit {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rule: LimitRule,
    private readonly now: () => number,
    /** Keys kept at most; past it the quietest are forgotten first, so guessing cannot fill memory. */
    private readonly maxKeys = 100_000,
  ) {}

  /** How long `key` must still wait, in ms; 0 when it may try. */
  blockedFor(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  /** Counts one failure; the one that reaches the rule's count starts a lockout. */
  fail(key: string): void {
    const now = this.now();
    const entry = this.entries.get(key) ?? { failures: 0, windowStart: now, lockouts: 0, blockedUntil: 0 };
    this.entries.delete(key); // re-inserted below: the Map's order is then least recently failed first
    if (now - entry.windowStart >= this.rule.windowMs) {
      entry.failures = 0;
      entry.windowStart = now;
    }
    entry.failures += 1;
    if (entry.failures >= this.rule.failures) {
      if (entry.lockouts > 0 && now - entry.blockedUntil >= LOCKOUT_MEMORY_MS) entry.lockouts = 0;
      entry.lockouts += 1;
      entry.blockedUntil = now + lockoutMs(entry.lockouts);
      entry.failures = 0;
      entry.windowStart = now;
    }
    this.entries.set(key, entry);
    if (this.entries.size > this.maxKeys) this.forgetOldest();
  }

  /** A right sign-in: the account's failures and earlier lockouts are forgotten. */
  clear(key: string): void {
    this.entries.delete(key);
  }

  private forgetOldest(): void {
    for (const key of this.entries.keys()) {
      this.entries.delete(key);
      if (this.entries.size <= this.maxKeys) return;
    }
  }
}
