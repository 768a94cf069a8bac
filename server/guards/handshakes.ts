import { createHash } from 'node:crypto';
import type { Logger } from '../log.ts';
import { type Limiter, type MakeLimiter, take } from './limiters.ts';

/**
 * Connection attempts per client address, for socket.io and documents alike (S8): every attempt
 * counts against one budget, refused ones (bad, expired, replaced links) against a smaller one that
 * blocks the address for a while once spent. Refusals are logged until the address is blocked, then
 * once per block — a flood of bad tokens cannot flood the log. On Redis the budgets are shared by
 * every instance (S28), so the "once" is once across them: only one instance sees the count cross.
 */
export class HandshakeGuard {
  private readonly attempts: Limiter;
  private readonly failures: Limiter;

  constructor(
    private readonly limits: { perMinute: number; failedPer10Min: number },
    private readonly log: Logger,
    limiters: MakeLimiter,
  ) {
    this.attempts = limiters({ name: 'handshakes', points: limits.perMinute, duration: 60 });
    this.failures = limiters({
      name: 'failed-handshakes',
      points: limits.failedPer10Min,
      duration: 600,
      blockDuration: 600,
    });
  }

  /** Counts an attempt; false when the address is over either budget (answer 429, log nothing more). */
  async admit(address: string): Promise<boolean> {
    const failed = await this.failures.get(address);
    if (failed && failed.remainingPoints <= 0) return false;
    const limited = await take(this.attempts, address);
    if (!limited) return true;
    if (limited.consumedPoints === this.limits.perMinute + 1) {
      this.log.warn({ client: fingerprint(address) }, 'connection attempts over the limit; refusing');
    }
    return false;
  }

  /**
   * A refused attempt (bad token…): logged while the address is under its failure budget. Returns
   * true when this one is past the budget — attempts admitted together before the count was spent
   * (their tokens checked at once) — so it is answered as blocked, not with its own refusal: the
   * budget's count of refusals holds however many arrive at once.
   */
  async failed(address: string, fields: Record<string, unknown>, message: string): Promise<boolean> {
    const limited = await take(this.failures, address);
    if (!limited) {
      this.log.warn({ ...fields, client: fingerprint(address) }, message);
      return false;
    }
    if (limited.consumedPoints === this.limits.failedPer10Min + 1) {
      this.log.warn({ client: fingerprint(address) }, 'too many refused connections; address blocked');
    }
    return true;
  }
}

/** Logs correlate an address's lines without keeping the address itself. */
function fingerprint(address: string): string {
  return createHash('sha256').update(address).digest('base64url').slice(0, 10);
}
