import { afterEach, describe, expect, it } from 'vitest';
import { DocClient } from '../support/docClient.ts';
import { eventually } from '../support/eventually.ts';
import { kill9, startServerProcess, tempDir, withServerProcesses } from '../support/serverProcess.ts';
import type { CreatedRoom } from '../support/testServer.ts';

withServerProcesses();
const docs: DocClient[] = [];
afterEach(() => {
  for (const client of docs.splice(0)) client.destroy();
});

function open(url: string, name: string, token: string) {
  const client = new DocClient(url, name, token);
  docs.push(client);
  return client;
}

describe('documents and kill -9 (D8)', () => {
  it('D8 an update the server relayed to another client survives SIGKILL', async () => {
    const dataDir = tempDir();
    const first = await startServerProcess(dataDir);
    const res = await fetch(`${first.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'practice' }),
    });
    const room = (await res.json()) as CreatedRoom;
    const token = (seat: 'A' | 'B') => room.seats[seat]?.token as string;
    const writer = open(first.url, `${room.roomId}/notes`, token('A'));
    const reader = open(first.url, `${room.roomId}/notes`, token('B'));
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
    const fresh = open(second.url, `${room.roomId}/notes`, token('B'));
    await fresh.synced();
    expect(fresh.text().toString()).toBe(seen);
  });
});
