import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { SeatClient } from '../support/seatClient.ts';
import {
  type ServerProcess,
  startServerProcess,
  tempDir,
  withServerProcesses,
} from '../support/serverProcess.ts';
import type { CreatedRoom } from '../support/testServer.ts';

/**
 * S11 with a store that really cannot write. The server runs under a file-size limit
 * (RLIMIT_FSIZE, set with prlimit): Node ignores SIGXFSZ, so a write past the limit fails with
 * EFBIG the way it fails on a full disk. Raising the limit of the running process is the disk
 * getting space back.
 */

withServerProcesses();
const clients: SeatClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

/** Bytes any file of the process may grow to: room for the schema and a few rooms, then full. */
const FILE_SIZE_LIMIT = 256 * 1024;

const status = async (server: ServerProcess, path: string) => (await fetch(`${server.url}${path}`)).status;

function createRoom(server: ServerProcess): Promise<Response> {
  return fetch(`${server.url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'therapy' }),
  });
}

describe('readiness (S11)', () => {
  it('S11 /readyz is 503 while the store cannot write and 200 again when it can; /healthz stays 200; a command is refused with internal, then acknowledged', async () => {
    const server = await startServerProcess(
      tempDir(),
      { ROOMS_PER_HOUR: '1000000' },
      { prefix: ['prlimit', `--fsize=${FILE_SIZE_LIMIT}:unlimited`] },
    );
    const res = await createRoom(server);
    expect(res.status).toBe(201);
    const room = (await res.json()) as CreatedRoom;
    const therapist = new SeatClient(server.url, room.seats.therapist?.token as string);
    clients.push(therapist);
    await therapist.connected();
    expect(await status(server, '/readyz')).toBe(200);

    // Fill the files to the limit with new rooms until a write fails.
    let filled = false;
    for (let i = 0; i < 5000 && !filled; i++) {
      const created = await createRoom(server);
      if (created.status === 500) filled = true;
      else expect(created.status).toBe(201);
    }
    expect(filled).toBe(true);
    expect(server.logs.some((line) => /EFBIG|disk I\/O/.test(JSON.stringify(line)))).toBe(true);

    await eventually(async () => expect(await status(server, '/readyz')).toBe(503));
    expect(await status(server, '/healthz')).toBe(200);
    const refused = await therapist.send({ type: 'admit', seat: 'A' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await status(server, '/readyz')).toBe(503);

    execFileSync('prlimit', ['--pid', String(server.child.pid), '--fsize=unlimited:unlimited']);
    await eventually(async () => expect(await status(server, '/readyz')).toBe(200));
    // Nothing of the refused command was kept: the admit takes the seq after roomCreated.
    expect(await therapist.send({ type: 'admit', seat: 'A' })).toEqual({ ok: true, seq: 2 });
    await therapist.caughtUp(2);
    expect(therapist.state?.admitted.A).toBe(true);
  });
});
