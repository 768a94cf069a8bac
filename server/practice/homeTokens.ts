import { jwtVerify, SignJWT } from 'jose';
import type { PartnerLetter } from '../store/practiceTypes.ts';

const ISSUER = 'dialogue-room';
const AUDIENCE = 'dialogue-room:couple';

export interface HomeClaims {
  coupleId: string;
  partner: PartnerLetter;
  /** The couple_links version the token was issued for; a new link bumps it and revokes this one (K2). */
  version: number;
}

/**
 * A partner's key to their couple's home (K2): an HS256 JWT signed with the seat tokens' secret
 * (server/tokens.ts) but for its own audience, so neither kind of token passes for the other. It has
 * no expiry — a partner opens the home from a bookmark weeks later — and is valid only while its `v`
 * equals the partner's couple_links version, which a new link bumps: revocation is immediate.
 */
export class HomeTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: HomeClaims, now = Date.now()): Promise<string> {
    return new SignJWT({ couple: claims.coupleId, v: claims.version })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(claims.partner)
      .setIssuedAt(Math.floor(now / 1000))
      .sign(this.key);
  }

  /** The claims of a token this server signed for a couple's home, or null for anything else. */
  async verify(token: string): Promise<HomeClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['iat', 'sub'],
      });
      const { sub, couple, v } = payload;
      if ((sub !== 'A' && sub !== 'B') || typeof couple !== 'string' || !Number.isInteger(v)) return null;
      return { coupleId: couple, partner: sub, version: v as number };
    } catch {
      return null;
    }
  }
}
