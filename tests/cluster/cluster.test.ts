import { describe, expect, it } from 'vitest';
import { viewState } from '../../shared/index.ts';
import { signIn } from '../support/accountApi.ts';
import { runAdmin } from '../support/adminProcess.ts';
import { openSeat } from '../support/clients.ts';
import { startCluster } from '../support/cluster.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import { tempDir } from '../support/serverProcess.ts';

describe('several instances on one Redis (issue 13)', () => {
  it('S24 S25 a round with the three seats on three instances', async () => {
    const cluster = await startCluster();
    const room = await createRoom(cluster.url, 'therapy');
    cluster.pin(0);
    const therapist = openSeat(cluster.url, room.token('therapist'));
    await therapist.connected();
    cluster.pin(1);
    const a = openSeat(cluster.url, room.token('A'));
    await a.connected();
    cluster.pin(2);
    const b = openSeat(cluster.url, room.token('B'));
    await b.connected();
    cluster.pin(null);

    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    await eventually(() => expect(b.state?.admitted).toEqual({ A: true, B: true }));
    await a.ok({ type: 'agreeContract', safeWord: 'lighthouse' });
    await b.ok({ type: 'agreeContract' });
    await a.ok({ type: 'checkIn', checkIn: { parts: ['a tight chest'] }, visibility: 'room' });
    await b.ok({ type: 'checkIn', checkIn: { parts: ['a tired part'] }, visibility: 'room' });
    await a.ok({ type: 'requestFloor', topic: 'Sunday plans' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({ type: 'uTurn', part: { name: 'the planner', kind: 'protector' } });
    await a.ok({ type: 'speak', text: 'A part of me gets tense when plans change late.' });
    await b.ok({ type: 'reflect', text: 'A part of you gets tense with late changes.' });
    const last = await a.ok({ type: 'confirm' });
    for (const client of [therapist, a, b]) await client.caughtUp(last);
    const full = therapist.state;
    if (!full) throw new Error('no state');
    expect(full).toMatchObject({ stage: 'round', round: { speaker: 'A', step: 'more' } });
    expect(a.state).toEqual(viewState(full, 'A'));
    expect(b.state).toEqual(viewState(full, 'B'));
    // Presence is merged across the instances (S30): each seat sees the other two online.
    for (const client of [therapist, a, b]) {
      await eventually(() =>
        expect(client.presence?.seats).toMatchObject({ therapist: 'online', A: 'online', B: 'online' }),
      );
    }
  }, 120_000);

  it('S25 S13 Redis stopped: commands fail with the typed error, /readyz is 503 everywhere; back, they succeed and nothing acknowledged is lost', async () => {
    const cluster = await startCluster({ instances: 2 });
    const room = await createRoom(cluster.url, 'therapy');
    cluster.pin(0);
    const therapist = openSeat(cluster.url, room.token('therapist'));
    await therapist.connected();
    cluster.pin(1);
    const a = openSeat(cluster.url, room.token('A'), { reconnect: true });
    await a.connected();
    cluster.pin(null);
    const admitted = await therapist.ok({ type: 'admit', seat: 'A' });
    await a.caughtUp(admitted);

    await cluster.redis.kill();
    for (const instance of cluster.instances) {
      await eventually(async () => {
        const res = await fetch(`${instance.url}/readyz`);
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ status: 'unavailable', store: 'redis' });
      });
    }
    const refused = await a.send({ type: 'agreeContract', safeWord: 'lighthouse' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'temporarily_unavailable', message: expect.stringMatching(/may not have gone through/) },
    });
    const refusedToo = await therapist.send({ type: 'admit', seat: 'B' });
    expect(refusedToo).toMatchObject({ ok: false, error: { code: 'temporarily_unavailable' } });
    const api = await fetch(`${cluster.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'practice' }),
    });
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ error: { code: 'temporarily_unavailable' } });

    // Back (it replays its append-only file): the same commands go through, on the same log.
    await cluster.redis.restart();
    for (const instance of cluster.instances) {
      await eventually(async () => expect((await fetch(`${instance.url}/readyz`)).status).toBe(200));
    }
    const agreed = await eventually(async () => {
      const ack = await a.send({ type: 'agreeContract', safeWord: 'lighthouse' });
      if (!ack.ok) throw new Error(ack.error.code);
      return ack.seq;
    });
    expect(agreed).toBe(admitted + 1);
    await therapist.caughtUp(agreed);
    // Gap-free from what the therapist's snapshot held: nothing half-applied while Redis was away.
    const seqs = therapist.events.map((event) => event.seq);
    const first = seqs[0] ?? 0;
    expect(first).toBeLessThanOrEqual(admitted);
    expect(seqs).toEqual(Array.from({ length: agreed - first + 1 }, (_, i) => first + i));
  }, 120_000);

  it('S25 without TOKEN_SECRET the instances share one secret made in Redis: a link from one works on the other', async () => {
    const cluster = await startCluster({ instances: 2, env: { TOKEN_SECRET: '' } });
    cluster.pin(0);
    const room = await createRoom(cluster.url, 'practice');
    cluster.pin(1);
    const a = openSeat(cluster.url, room.token('A'));
    await a.connected();
    cluster.pin(null);
    expect(a.connectError).toBeNull();
    expect(await a.ok({ type: 'agreeContract', safeWord: 'lighthouse' })).toBeGreaterThan(1);
  }, 120_000);

  it('M11 npm run admin works on the shared store while the instances run: an account made there signs in through any instance', async () => {
    const cluster = await startCluster({ instances: 2, env: { SIGNUP: 'closed' } });
    const password = 'a long enough password 1';
    const made = await runAdmin(tempDir(), ['create-therapist', 'op@example.org', '--password-stdin'], {
      stdin: `${password}\n`,
      env: { REDIS_URL: cluster.redis.url },
    });
    expect(made.code, made.stderr).toBe(0);
    for (const index of [0, 1]) {
      cluster.pin(index);
      const res = await signIn(cluster.url, { email: 'op@example.org', password });
      expect(res.status).toBe(200);
    }
    cluster.pin(null);
  }, 120_000);
});
