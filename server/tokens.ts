import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
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

/** Signs and checks seat capability tokens (HS256 JWTs, via jose). */
export class SeatTokens {
  private readonly key: Uint8Array;

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
        return { ok: false, code: 'unauthorized' };
      }
      return { ok: true, claims: { roomId: payload.room, seat: seat.data, version: payload.v } };
    } catch (error) {
      return { ok: false, code: error instanceof errors.JWTExpired ? 'token_expired' : 'unauthorized' };
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
