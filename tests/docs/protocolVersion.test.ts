import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/index.ts';

/**
 * docs/PROTOCOL.md names the protocol version in several places; a client written from it alone
 * sends the one the handshake table says, so every mention must be the version the server checks.
 */
const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');

describe('docs/PROTOCOL.md names the version the server speaks', () => {
  it('in its title, the handshake table and the refusal message', () => {
    expect(doc.match(/^# Dialogue Room protocol \(version (\d+)\)/m)?.[1]).toBe(String(PROTOCOL_VERSION));
    const handshake = doc.match(/^\| `protocolVersion` \| integer \| must be `(\d+)`/m);
    expect(handshake?.[1]).toBe(String(PROTOCOL_VERSION));
    const refusals = [...doc.matchAll(/This room speaks protocol (\d+)\./g)].map((m) => m[1]);
    expect(refusals.length).toBeGreaterThan(0);
    for (const version of refusals) expect(version).toBe(String(PROTOCOL_VERSION));
    const refusedWhen = [...doc.matchAll(/`protocolVersion` ≠ (\d+)/g)].map((m) => m[1]);
    for (const version of refusedWhen) expect(version).toBe(String(PROTOCOL_VERSION));
  });
});
