import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { type CreatedRoom, postRoom } from '../support/roomApi.ts';
import { type ServerProcess, startServerProcess, tempDir } from '../support/serverProcess.ts';

/**
 * S13 with a store that really cannot write. The server runs under a file-size limit
 * (RLIMIT_FSIZE, set with prlimit): Node ignores SIGXFSZ, so a write past the limit fails with
 * EFBIG the way it fails on a full disk. Raising the limit of the running process is the disk
 * getting space back.
 */

/** Bytes any file of the process may grow to: room for the schema and a few rooms, then full. */
const FILE_SIZE_LIMIT = 512 * 1024;

const TIMER = { type: 'setTimer', seconds: 60 } as const;

const status = async (server: ServerProcess, path: string) => (await fetch(`${server.url}${path}`)).status;

const createRoom = (server: ServerProcess) => postRoom(server.url, 'therapy');

describe('readiness (S13)', () => {
  it('S13 /readyz is 503 while the store cannot write and 200 again when it can; /healthz stays 200; a command is refused with internal, then acknowledged', async () => {
    const server = await startServerProcess(
      tempDir(),
      { ROOMS_PER_HOUR: '1000000' },
      { prefix: ['prlimit', `--fsize=${FILE_SIZE_LIMIT}:unlimited`] },
    );
    const res = await createRoom(server);
    expect(res.status).toBe(201);
    const room = (await res.json()) as CreatedRoom;
    const therapist = openSeat(server.url, room.seats.therapist?.token as string);
    await therapist.connected();
    expect(await status(server, '/readyz')).toBe(200);

    // Fill the files up to the limit: new rooms (large writes) until one fails, then commands
    // (smaller ones) until one is refused.
    let roomsFull = false;
    for (let i = 0; i < 5000 && !roomsFull; i++) {
      const created = await createRoom(server);
      if (created.status === 500) roomsFull = true;
      else expect(created.status).toBe(201);
    }
    expect(roomsFull).toBe(true);
    let acknowledged = 1; // roomCreated
    let refused: { id: string; ack: unknown } | null = null;
    for (let i = 0; i < 5000 && !refused; i++) {
      const id = randomUUID();
      const ack = await therapist.send(TIMER, id);
      if (ack.ok) acknowledged = ack.seq;
      else refused = { id, ack };
    }
    // Refused cleanly, as a failure of the server, not acknowledged.
    expect(refused?.ack).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(server.logs.some((line) => /disk I\/O error/.test(JSON.stringify(line)))).toBe(true);

    // Each probe that still fits takes the next bit of room, so readiness settles on 503 once
    // not even its one-row write fits. A refused commit may have carried more than a command
    // alone (audit lines ride with it, S19), so a smaller write may still fit once or twice:
    // keep writing until the disk is full for commands and probes alike.
    await eventually(async () => expect(await status(server, '/readyz')).toBe(503), 30_000);
    expect(await status(server, '/healthz')).toBe(200);
    let full = false;
    for (let i = 0; i < 500 && !full; i++) {
      const ack = await therapist.send(TIMER);
      if (ack.ok) acknowledged = ack.seq;
      else {
        expect(ack).toMatchObject({ ok: false, error: { code: 'internal' } });
        full = (await status(server, '/readyz')) === 503;
      }
    }
    expect(full).toBe(true);

    // The disk gets room again.
    execFileSync('prlimit', ['--pid', String(server.child.pid), '--fsize=unlimited:unlimited']);
    await eventually(async () => expect(await status(server, '/readyz')).toBe(200));
    // The refused command, sent again with its id, is applied now, right after the last acknowledged one.
    expect(await therapist.send(TIMER, refused?.id)).toEqual({ ok: true, seq: acknowledged + 1 });
    await therapist.caughtUp(acknowledged + 1);
    expect(therapist.events.at(-1)).toMatchObject({ seq: acknowledged + 1, type: 'timerSet' });
  });
});
