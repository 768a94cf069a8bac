import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite.ts';
import type { AuditEntry } from '../../server/store/types.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

/** A real SQLite store whose audit table is broken, as on a full disk. */
class BrokenAuditStore extends SqliteStore {
  override async audit(_entry: AuditEntry): Promise<void> {
    throw new Error('disk full');
  }
}

describe('odd clients', () => {
  const ctx = withServer();

  it('S5 an event named with a number gets a protocolError and the server carries on', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    a.offProtocol.emit(1 as unknown as string);
    await eventually(() => expect(a.protocolErrors).toMatchObject([{ code: 'unknown_command' }]));
    expect(await a.send({ type: 'agreeContract' })).toMatchObject({ ok: true });
    expect((await fetch(`${ctx.server.url}/healthz`)).status).toBe(200);
  });

  it("S3 one connection's commands are handled one at a time, in the order sent", async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    // Sent back to back without waiting: each depends on the one before being applied first.
    const acks = await Promise.all([
      a.send({ type: 'setTimer', seconds: 60 }),
      a.send({ type: 'extendTimer', seconds: 30 }),
      a.send({ type: 'extendTimer', seconds: 30 }),
      a.send({ type: 'clearTimer' }),
      a.send({ type: 'setTimer', seconds: 20 }),
    ]);
    const seqs = acks.map((ack) => (ack.ok ? ack.seq : Number.NaN));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(5);
    await b.caughtUp(seqs.at(-1) ?? 0);
    expect(b.events.slice(-5).map((e) => e.type)).toEqual([
      'timerSet',
      'timerExtended',
      'timerExtended',
      'timerCleared',
      'timerSet',
    ]);
  });

  it('S5 S9 a body in another charset gets 415 unsupported_media_type, not a server error', async () => {
    const res = await fetch(`${ctx.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: JSON.stringify({ mode: 'practice' }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });
});

describe('a failing audit trail', () => {
  const ctx = withServer({}, { store: (dir) => new BrokenAuditStore(dir) });

  it('S1 S6 a durable event still reaches everyone and is acknowledged when the audit write fails', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const b = await ctx.join(room.token('B'));
    const seq = await a.ok({ type: 'agreeContract' });
    await b.caughtUp(seq);
    expect(b.events.at(-1)).toMatchObject({ type: 'contractAgreed', seat: 'A', seq });
    expect(ctx.server.logs.join('')).toContain('audit write failed');
  });
});
