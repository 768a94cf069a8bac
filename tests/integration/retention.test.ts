import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

const HOUR = 3_600_000;
/** The default export window (EXPORT_WINDOW_HOURS = 72). */
const WINDOW = 72 * HOUR;

/** The server's clock, moved by the test; it starts at the machine's time so tokens are valid. */
let clock = Date.now();
beforeEach(() => {
  clock = Date.now();
});
const ctx = withServer({}, { now: () => clock });
const { open: doc } = withDocClients(() => ctx.server.url);

function dataDirBytes(): Buffer {
  const dir = ctx.server.dataDir;
  return Buffer.concat(readdirSync(dir).map((file) => readFileSync(join(dir, file))));
}

/** A practice room whose notes hold `text`; ended (T19) when `end` is set. Everyone has left. */
async function practiceRoom(text: string, end: boolean) {
  const room = await ctx.server.createRoom('practice');
  const a = await ctx.join(room.token('A'));
  const b = await ctx.join(room.token('B'));
  const writer = doc(`${room.roomId}/notes`, room.token('A'));
  await writer.synced();
  writer.text().insert(0, text);
  const check = doc(`${room.roomId}/notes`, room.token('B'));
  await eventually(() => expect(check.text().toString()).toBe(text));
  writer.destroy();
  check.destroy();
  if (end) {
    await a.ok({ type: 'requestEnd' });
    await a.caughtUp(await b.ok({ type: 'confirmEnd' }));
  }
  a.close();
  b.close();
  return { room, endedAt: clock };
}

describe('retention (E3)', () => {
  it('E3 E1 E2 an ended room of no couple is erased by the sweep once its export window has passed, not before; a room still open stays', async () => {
    const marker = randomUUID();
    const { room, endedAt } = await practiceRoom(`notes ${marker}`, true);
    const open = await practiceRoom('still talking', false);

    clock = endedAt + WINDOW;
    expect(await ctx.server.sweepRetention()).toEqual({ ended: 0, practice: 0 });
    expect(await ctx.server.store.getRoom(room.roomId)).not.toBeNull();

    clock = endedAt + WINDOW + 1;
    expect(await ctx.server.sweepRetention()).toEqual({ ended: 1, practice: 0 });
    expect(await ctx.server.store.getRoom(room.roomId)).toBeNull();
    expect(await ctx.server.store.loadDoc(`${room.roomId}/notes`)).toEqual([]);
    expect(await ctx.server.store.erasuresOf(room.roomId)).toEqual([
      { kind: 'room', subjectId: room.roomId, byKind: 'retention', byId: null, at: clock },
    ]);
    expect(dataDirBytes().includes(marker)).toBe(false);
    expect(await ctx.server.store.getRoom(open.room.roomId)).not.toBeNull();

    // The sweep says how many, never which room or what it held.
    const line = ctx.server.logs.find((text) => text.includes('retention sweep'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ ended: 1, practice: 0 });
    expect(line).not.toContain(room.roomId);
    expect(ctx.server.logs.join('')).not.toContain(marker);

    // Nothing more is due: the next sweep erases nothing.
    clock += 365 * 24 * HOUR;
    expect(await ctx.server.sweepRetention()).toEqual({ ended: 0, practice: 0 });
  });
});
