import { createHash } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Logger } from '../log.ts';

/**
 * Connection attempts per client address, for socket.io and documents alike (S8): every attempt
 * counts against one budget, refused ones (bad, expired, replaced links) against a smaller one that
 * blocks the address for a while once spent. Refusals are logged until the address is blocked, then
 * once per block — a flood of bad tokens cannot flood the log.
 */
export class HandshakeGuard {
  private readonly attempts: RateLimiterMemory;
  private readonly failures: RateLimiterMemory;

  constructor(
    limits: { perMinute: number; failedPer10Min: number },
    private readonly log: Logger,
  ) {
    this.attempts = new RateLimiterMemory({ points: limits.perMinute, duration: 60 });
    this.failures = new RateLimiterMemory({
      points: limits.failedPer10Min,
      duration: 600,
      blockDuration: 600,
    });
  }

  /** Counts an attempt; false when the address is over either budget (answer 429, log nothing more). */
  async admit(address: string): Promise<boolean> {
    const failed = await this.failures.get(address);
    if (failed && failed.remainingPoints <= 0) return false;
    try {
      await this.attempts.consume(address);
      return true;
    } catch (limited) {
      if ((limited as { consumedPoints?: number }).consumedPoints === this.attempts.points + 1) {
        this.log.warn({ client: fingerprint(address) }, 'connection attempts over the limit; refusing');
      }
      return false;
    }
  }

  /** A refused attempt (bad token…): logged while the address is under its failure budget. */
  async failed(address: string, fields: Record<string, unknown>, message: string): Promise<void> {
    try {
      await this.failures.consume(address);
      this.log.warn({ ...fields, client: fingerprint(address) }, message);
    } catch (limited) {
      if ((limited as { consumedPoints?: number }).consumedPoints === this.failures.points + 1) {
        this.log.warn({ client: fingerprint(address) }, 'too many refused connections; address blocked');
      }
    }
  }
}

/** Logs correlate an address's lines without keeping the address itself. */
function fingerprint(address: string): string {
  return createHash('sha256').update(address).digest('base64url').slice(0, 10);
}
