import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { type ErrorCode, Seat } from '../shared/index.ts';

const ISSUER = 'dialogue-room';
const AUDIENCE = 'dialogue-room:seat';

export interface SeatClaims {
  roomId: string;
  seat: Seat;
  /** The seat version the token was issued for; a re-issue bumps it and revokes this token (A5). */
  version: number;
}

export type VerifyResult = { ok: true; claims: SeatClaims } | { ok: false; code: ErrorCode };

/** A token whose signature and claims were checked: only its expiry is left to compare. */
interface Verified {
  claims: SeatClaims;
  /** `exp`, in seconds since the epoch, as in the token. */
  exp: number;
}

/**
 * Tokens checked at once: a tab presents its seat's token on its socket and on each of its documents,
 * again on every reconnect, so after a restart the same few thousand tokens arrive within a second.
 */
const VERIFIED_MAX = 10_000;

/** Signs and checks seat capability tokens (HS256 JWTs, via jose). */
export class SeatTokens {
  private readonly key: Uint8Array;
  /**
   * Tokens already verified, by their exact text (signature included, so nothing unverified can
   * match one), each still refused once its `exp` has passed, exactly as jose would. Revocation is
   * not the token's business: callers compare its seat version with the store's (A5). lru-cache
   * keeps it bounded and drops the least recently used first (issue 12: the HMAC and its WebCrypto
   * key import were ~5 % of a reconnect storm's CPU).
   */
  private readonly verified = new LRUCache<string, Promise<Verified | { refused: ErrorCode }>>({
    max: VERIFIED_MAX,
  });

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: SeatClaims, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
    const iat = Math.floor(now / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ room: claims.roomId, v: claims.version })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(claims.seat)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: exp * 1000 };
  }

  async verify(token: string): Promise<VerifyResult> {
    // Asked again while the first check runs (a tab's socket and documents arrive together), the
    // token shares that check rather than starting its own.
    let checking = this.verified.get(token);
    if (!checking) {
      checking = this.check(token);
      this.verified.set(token, checking);
    }
    const checked = await checking;
    if ('refused' in checked) {
      if (this.verified.get(token) === checking) this.verified.delete(token);
      return { ok: false, code: checked.refused };
    }
    // jose's own test: expired once `exp` is at or before the current second.
    if (checked.exp <= Math.floor(Date.now() / 1000)) {
      this.verified.delete(token);
      return { ok: false, code: 'token_expired' };
    }
    return { ok: true, claims: checked.claims };
  }

  private async check(token: string): Promise<Verified | { refused: ErrorCode }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        // A token without an expiry (or a subject, or a time of issue) is not one of ours: refused.
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      const seat = Seat.safeParse(payload.sub);
      if (!seat.success || typeof payload.room !== 'string' || typeof payload.v !== 'number') {
        return { refused: 'unauthorized' };
      }
      return {
        claims: { roomId: payload.room, seat: seat.data, version: payload.v },
        exp: payload.exp as number,
      };
    } catch (error) {
      return { refused: error instanceof errors.JWTExpired ? 'token_expired' : 'unauthorized' };
    }
  }
}

/** The secret from the environment, or one generated once and kept (mode 0600) in the data directory. */
export function loadTokenSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = join(dataDir, 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
