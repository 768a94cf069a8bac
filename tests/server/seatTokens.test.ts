import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeatTokens } from '../../server/tokens.ts';

const SECRET = 'seat-token-test-secret-0123456789abcdef';
const CLAIMS = { roomId: 'room-1', seat: 'A', version: 2 } as const;

afterEach(() => {
  vi.useRealTimers();
});

describe('seat tokens, verified once and remembered (issue 12)', () => {
  it('A2 a remembered token is still refused with token_expired once its expiry passes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = new SeatTokens(SECRET, 60);
    const { token, expiresAt } = await tokens.issue(CLAIMS);
    expect(await tokens.verify(token)).toEqual({ ok: true, claims: CLAIMS });
    vi.setSystemTime(expiresAt - 1000);
    expect(await tokens.verify(token)).toEqual({ ok: true, claims: CLAIMS });
    vi.setSystemTime(expiresAt);
    expect(await tokens.verify(token)).toEqual({ ok: false, code: 'token_expired' });
    // And again, now that it has been forgotten: jose says the same.
    expect(await tokens.verify(token)).toEqual({ ok: false, code: 'token_expired' });
  });

  it('A2 a token differing from a remembered one in its signature or its key is refused', async () => {
    const tokens = new SeatTokens(SECRET, 60);
    const { token } = await tokens.issue(CLAIMS);
    expect((await tokens.verify(token)).ok).toBe(true);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    expect(await tokens.verify(`${header}.${payload}.${flipped}`)).toEqual({
      ok: false,
      code: 'unauthorized',
    });
    const other = await new SeatTokens('another-secret-0123456789abcdefghijkl', 60).issue(CLAIMS);
    expect(await tokens.verify(other.token)).toEqual({ ok: false, code: 'unauthorized' });
    expect((await tokens.verify(token)).ok).toBe(true);
  });
});

describe('seat tokens checked together', () => {
  it('A2 the same token presented at once by a socket and its documents gets one answer for all', async () => {
    const tokens = new SeatTokens(SECRET, 60);
    const { token } = await tokens.issue(CLAIMS);
    const answers = await Promise.all(Array.from({ length: 5 }, () => tokens.verify(token)));
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ ok: true, claims: CLAIMS })));
    const bad = `${token.slice(0, -4)}AAAA`;
    const refusals = await Promise.all([tokens.verify(bad), tokens.verify(bad)]);
    expect(refusals).toEqual([
      { ok: false, code: 'unauthorized' },
      { ok: false, code: 'unauthorized' },
    ]);
  });
});
