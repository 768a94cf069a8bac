import { connect } from 'node:net';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateFrame } from '../../server/docs/wire.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { tryUpgrade } from '../support/docClient.ts';
import { withDocClients } from '../support/docSession.ts';
import { eventually } from '../support/eventually.ts';
import { reissueSeat } from '../support/roomApi.ts';
import { withServer } from '../support/session.ts';
import { track } from '../support/track.ts';

/** A real SQLite store whose document loads can be held, and whose document writes can fail. */
class ControlledStore extends SqliteStore {
  gate: Promise<void> | null = null;
  failWrites = false;
  /** Holds document writes until resolved (a slow disk). */
  writeGate: Promise<void> | null = null;
  override async loadDoc(name: string) {
    if (this.gate) await this.gate;
    return super.loadDoc(name);
  }
  override async appendDocUpdate(name: string, update: Uint8Array) {
    if (this.writeGate) await this.writeGate;
    if (this.failWrites) throw new Error('disk full');
    return super.appendDocUpdate(name, update);
  }
  /** How many updates each multi-update write carried. */
  readonly writes: number[] = [];
  override async appendDocUpdates(name: string, updates: Uint8Array[]) {
    this.writes.push(updates.length);
    if (this.writeGate) await this.writeGate;
    if (this.failWrites) throw new Error('disk full');
    return super.appendDocUpdates(name, updates);
  }
}

let store: ControlledStore;
// Documents unload as soon as nobody is connected, so each test controls when one loads.
const ctx = withServer(
  { docUnloadMs: 0 },
  {
    store: (dir) => {
      store = new ControlledStore(dir);
      return store;
    },
  },
);
const { open, rawSocket } = withDocClients(() => ctx.server.url);

function hold() {
  let release: () => void = () => undefined;
  store.gate = new Promise<void>((resolve) => {
    release = () => {
      store.gate = null;
      resolve();
    };
  });
  return release;
}

async function therapyRoom() {
  const room = await ctx.server.createRoom('therapy');
  const therapist = await ctx.join(room.token('therapist'));
  await therapist.ok({ type: 'admit', seat: 'A' });
  await therapist.ok({ type: 'admit', seat: 'B' });
  return { room, therapist };
}

describe('access changes while a document is loading (D1, D4, A5)', () => {
  it("D4 drafts hidden while the other partner's draft connection loads: nothing of the draft reaches them", async () => {
    const { room, therapist } = await therapyRoom();
    for (const seat of ['A', 'B'] as const)
      await (await ctx.join(room.token(seat))).ok({ type: 'shareDraft', shared: true });
    const author = open(`${room.roomId}/draft/A`, room.token('A'));
    await author.synced();
    author.text().insert(0, 'SECRET-DRAFT');
    author.destroy();
    await eventually(() => expect(ctx.server.docs.loadedNames()).toEqual([]));
    const release = hold();
    const partner = open(`${room.roomId}/draft/A`, room.token('B'));
    await eventually(() =>
      expect(ctx.server.logs.join('')).toContain('"seat":"B","doc":"draft","access":"read"'),
    );
    await therapist.ok({ type: 'setDraftsVisible', visible: false });
    release();
    await eventually(() => expect(partner.tap.closes.map((c) => c.code)).toContain(4401));
    expect(partner.text().toString()).toBe('');
    expect(partner.tap.frames.some((f) => Buffer.from(f).includes('SECRET-DRAFT'))).toBe(false);
  });

  it('A5 a link re-issued while its document connection loads gets nothing and writes nothing', async () => {
    const { room } = await therapyRoom();
    const release = hold();
    const revoked = open(`${room.roomId}/notes`, room.token('B'));
    await eventually(() => expect(ctx.server.logs.join('')).toContain('"doc":"notes","access":"write"'));
    const res = await reissueSeat(ctx.server.url, room.roomId, 'B', room.token('therapist'));
    expect(res.status).toBe(200);
    revoked.text().insert(0, 'WRITTEN-WITH-A-REVOKED-LINK');
    release();
    await eventually(() => expect(revoked.tap.closes.map((c) => c.code)).toContain(4401));
    const witness = open(`${room.roomId}/notes`, room.token('therapist'));
    await witness.synced();
    expect(witness.text().toString()).toBe('');
  });
});

describe('after the server refuses a connection (D9)', () => {
  it('D9 frames that follow a refused one on the same connection are dropped', async () => {
    const room = await ctx.server.createRoom('practice');
    const reader = open(`${room.roomId}/notes`, room.token('B'));
    await reader.synced();
    const ws = rawSocket(`${room.roomId}/notes`, room.token('A'));
    await new Promise((resolve) => ws.on('open', resolve));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const edit = new Y.Doc();
    edit.getText('text').insert(0, 'AFTER-THE-REFUSAL');
    ws.send(Buffer.from([0, 2, 200, 1, 2, 3])); // malformed: refused
    ws.send(updateFrame(Y.encodeStateAsUpdate(edit))); // well-formed, but after the refusal
    expect(await closed).toBe(4400);
    const check = open(`${room.roomId}/notes`, room.token('B'));
    await check.synced();
    expect(check.text().toString()).toBe('');
    expect(reader.text().toString()).toBe('');
  });
});

describe('a failing document store (D8)', () => {
  it('D8 an update that could not be stored is not relayed; the client sends it again and it arrives', async () => {
    const room = await ctx.server.createRoom('practice');
    const writer = open(`${room.roomId}/notes`, room.token('A'));
    const reader = open(`${room.roomId}/notes`, room.token('B'));
    await Promise.all([writer.synced(), reader.synced()]);
    store.failWrites = true;
    writer.text().insert(0, 'kept by the writer');
    await eventually(() => expect(writer.tap.closes.map((c) => c.code)).toContain(1011));
    expect(reader.text().toString()).toBe('');
    store.failWrites = false;
    // The stock client reconnects by itself (1011 is not final) and its sync sends the change again.
    await eventually(() => expect(reader.text().toString()).toBe('kept by the writer'));
    expect(ctx.server.logs.join('')).not.toContain('kept by the writer');
  });
});

describe('a burst of updates (S19)', () => {
  it('S19 D8 updates a connection sends while an earlier one is being stored are stored together, in order', async () => {
    const room = await ctx.server.createRoom('practice');
    const name = `${room.roomId}/notes`;
    const writer = open(name, room.token('A'));
    const reader = open(name, room.token('B'));
    await Promise.all([writer.synced(), reader.synced()]);
    let release: () => void = () => undefined;
    store.writeGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    store.writes.length = 0;
    // 60 keystrokes, each its own update and frame: the first is held at the disk, the rest wait.
    for (let i = 0; i < 60; i++) writer.text().insert(i, String(i % 10));
    // Every keystroke has reached the document (one may be in the write the disk holds).
    await eventually(() => expect(ctx.server.docs.waitingUpdates(name)).toBeGreaterThanOrEqual(59));
    const waiting = ctx.server.docs.waitingUpdates(name);
    expect(reader.text().toString()).toBe('');
    store.writeGate = null;
    release();
    const typed = Array.from({ length: 60 }, (_, i) => String(i % 10)).join('');
    await eventually(() => expect(reader.text().toString()).toBe(typed));
    // The held write, then everything that waited behind it as one write.
    expect(store.writes).toEqual([1, waiting]);
    expect(writer.tap.closes).toEqual([]);
  });
});

describe("the server's own writes and stored updates (D8)", () => {
  it('D8 a record entry whose write failed reaches a connected reader by itself once the store recovers', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = await ctx.join(room.token('A'));
    const reader = open(`${room.roomId}/record`, room.token('B'));
    await reader.synced();
    const entries = () => reader.doc.getArray('entries').toArray() as { type: string }[];
    store.failWrites = true;
    await a.ok({ type: 'agreeContract', safeWord: 'harbour' });
    await eventually(() => expect(ctx.server.logs.join('')).toContain('doc update not stored; retrying'));
    expect(entries().map((entry) => entry.type)).not.toContain('contractAgreed');
    store.failWrites = false;
    // No reconnect: the writer retries and relays on its own.
    await eventually(() => expect(entries().map((entry) => entry.type)).toContain('contractAgreed'), 15_000);
    expect(reader.tap.closes).toEqual([]);
  });

  it('D8 an update stored while its link was re-issued is applied and relayed, as it is after a reload', async () => {
    const room = await ctx.server.createRoom('practice');
    const writer = open(`${room.roomId}/notes`, room.token('A'));
    const reader = open(`${room.roomId}/notes`, room.token('B'));
    await Promise.all([writer.synced(), reader.synced()]);
    let release: () => void = () => undefined;
    store.writeGate = new Promise<void>((resolve) => {
      release = () => {
        store.writeGate = null;
        resolve();
      };
    });
    writer.text().insert(0, 'written before the re-issue');
    // The write waits on the disk while A replaces their own link: the connection closes meanwhile.
    const res = await reissueSeat(ctx.server.url, room.roomId, 'A', room.token('A'));
    expect(res.status).toBe(200);
    await eventually(() => expect(writer.tap.closes.map((c) => c.code)).toContain(4401));
    release();
    // Stored, so applied: the open reader gets it now, not only after the next load.
    await eventually(() => expect(reader.text().toString()).toBe('written before the re-issue'));
  });
});

describe('awareness ids (D7)', () => {
  it('D7 one seat cannot take over an awareness client id another seat introduced', async () => {
    const room = await ctx.server.createRoom('practice');
    const a = open(`${room.roomId}/notes`, room.token('A'));
    await a.synced();
    a.provider.awareness.setLocalState({ seat: 'A', typing: true });
    const watcher = open(`${room.roomId}/notes`, room.token('B'));
    await eventually(() => expect(watcher.provider.awareness.getStates().get(a.doc.clientID)).toBeDefined());
    const stolenId = a.doc.clientID;
    a.provider.disconnect();
    await eventually(() => expect(watcher.provider.awareness.getStates().has(stolenId)).toBe(false));
    // B's second tab, as a raw socket, claims A's client id with a newer clock.
    const ws = rawSocket(`${room.roomId}/notes`, room.token('B'));
    await new Promise((resolve) => ws.on('open', resolve));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, stolenId);
    encoding.writeVarUint(inner, 1000);
    encoding.writeVarString(inner, JSON.stringify({ name: 'A', typing: true }));
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    ws.send(encoding.toUint8Array(e));
    expect(await closed).toBe(4403);
    expect(watcher.provider.awareness.getStates().has(stolenId)).toBe(false);
  });
});

describe('rooms and bad requests', () => {
  it('S5 an upgrade with an unreadable address gets 400 and the server carries on', async () => {
    const { port } = ctx.server;
    const answer = await new Promise<string>((resolve) => {
      const socket = track(
        connect(port, '127.0.0.1', () => {
          socket.write(
            'GET http://[::1 HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
              'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
          );
        }),
        (open) => open.destroy(),
      );
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${ctx.server.url}/healthz`)).status).toBe(200);
    const room = await ctx.server.createRoom('practice');
    expect((await tryUpgrade(ctx.server.url, `${room.roomId}/%E0%A4%A`, room.token('A'))).outcome).toBe(400);
  });

  it('rooms loaded for document connections leave memory when nothing holds them', async () => {
    const room = await ctx.server.createRoom('therapy');
    // A waiting partner's refused upgrades load the room to decide; nothing should keep it.
    for (let i = 0; i < 3; i++) await tryUpgrade(ctx.server.url, `${room.roomId}/notes`, room.token('A'));
    await eventually(() => expect(ctx.server.rooms.loadedCount()).toBe(0));
    const notes = open(`${room.roomId}/notes`, room.token('therapist'));
    await notes.synced();
    expect(ctx.server.rooms.loadedCount()).toBe(1);
  });
});
