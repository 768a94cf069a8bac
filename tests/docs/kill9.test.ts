import { describe, expect, it } from 'vitest';
import { openDoc } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import { kill9, startServerProcess, tempDir } from '../support/serverProcess.ts';

describe('documents and kill -9 (D8)', () => {
  it('D8 an update the server relayed to another client survives SIGKILL', async () => {
    const dataDir = tempDir();
    const first = await startServerProcess(dataDir);
    const room = await createRoom(first.url, 'practice');
    const writer = openDoc(first.url, `${room.roomId}/notes`, room.token('A'));
    const reader = openDoc(first.url, `${room.roomId}/notes`, room.token('B'));
    await Promise.all([writer.synced(), reader.synced()]);
    for (let i = 0; i < 20; i++) writer.text().insert(writer.text().length, `line ${i}\n`);
    // Relayed means stored: the server writes an update before passing it on.
    await eventually(() => expect(reader.text().toString()).toContain('line 19'));
    const seen = reader.text().toString();
    writer.provider.disconnect(); // the writer's copy must not be what brings it back
    writer.destroy();
    reader.destroy();
    await kill9(first);

    const second = await startServerProcess(dataDir);
    const fresh = openDoc(second.url, `${room.roomId}/notes`, room.token('B'));
    await fresh.synced();
    expect(fresh.text().toString()).toBe(seen);
  });
});
