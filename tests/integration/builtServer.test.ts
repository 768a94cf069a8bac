import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDoc, openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import { BUILT_SERVER, kill9, REPO_ROOT, startServerProcess, tempDir } from '../support/serverProcess.ts';

/**
 * `npm start` runs the server compiled ahead of time (dist/server/, `scripts/build-server.mjs`), not
 * the sources under tsx: everything else tests the sources, so this runs a session's pieces on the
 * build itself — the writer thread from its prebuilt file (a room cannot be created without it), the
 * turn protocol, a synced document, and a restart after kill -9 on the same data.
 */
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
});

describe('the compiled server (npm start)', () => {
  it('S1 D8 S19 runs a room and its notes, and keeps both across kill -9', async () => {
    const dataDir = tempDir();
    const first = await startServerProcess(dataDir, {}, { entry: BUILT_SERVER });
    const room = await createRoom(first.url, 'therapy');
    const therapist = openSeat(first.url, room.token('therapist'));
    await therapist.connected();
    const admitted = await therapist.send({ type: 'admit', seat: 'A' });
    expect(admitted).toMatchObject({ ok: true });

    const notes = `${room.roomId}/notes`;
    const writer = openDoc(first.url, notes, room.token('therapist'));
    const reader = openDoc(first.url, notes, room.token('A'));
    await Promise.all([writer.synced(), reader.synced()]);
    writer.text().insert(0, 'noted on the build');
    await eventually(() => expect(reader.text().toString()).toBe('noted on the build'));
    writer.destroy();
    reader.destroy();
    therapist.close();
    await kill9(first);

    const second = await startServerProcess(dataDir, {}, { entry: BUILT_SERVER });
    const back = openSeat(second.url, room.token('therapist'));
    await back.connected();
    await eventually(() => expect(back.state?.admitted.A).toBe(true));
    const again = openDoc(second.url, notes, room.token('A'));
    await again.synced();
    expect(again.text().toString()).toBe('noted on the build');
  });
});
