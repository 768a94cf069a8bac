import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import type WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { openDoc } from '../support/clients.ts';
import { rawDocSocket } from '../support/docClient.ts';
import { eventually } from '../support/eventually.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { track } from '../support/track.ts';
import { corpus, frameFor, prng, syncFrame } from '../support/yjsFuzz.ts';

/**
 * D13 fuzz: mutated, truncated, spliced and out-of-order Yjs frames against a live room. The server
 * must stay up, another room must be untouched, and after a restart every document must load, with
 * the same content, without setting anything aside (nothing that does not apply was ever stored).
 *
 * `FUZZ_FRAMES` (default 3,000 in `npm test`; README.md gives the 100,000-frame run) and `FUZZ_SEED` choose
 * the run; the seed is printed so a failure can be replayed.
 */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 3_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const LANES = 4;
const SECRET = 'fuzz-test-secret-0123456789abcdef012345';

/** What a reader sees of a document: the types the corpus writes, and how far each client got. */
function contentOf(doc: Y.Doc) {
  return {
    text: doc.getText('text').toString(),
    meta: doc.getMap('meta').toJSON(),
    items: doc.getArray('items').toJSON(),
    clocks: Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc))),
  };
}

/** One lane: a connection that is reopened whenever the server closes it, each frame answered before the next. */
async function lane(server: TestServer, name: string, token: string, frames: Uint8Array[]) {
  let ws: WebSocket | null = null;
  let closed = true;
  // The server closes most connections itself; the one open when the test finishes is closed then.
  onTestFinished(() => (ws as WebSocket | null)?.terminate());
  const opened = async () => {
    if (ws && !closed) return ws;
    const next = rawDocSocket(server.url, name, token);
    closed = false;
    next.on('close', () => {
      closed = true;
    });
    await new Promise<void>((resolve) => {
      next.once('open', () => resolve());
      next.once('close', () => resolve());
    });
    ws = next;
    return next;
  };
  const probe = syncFrame(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc()));
  for (const frame of frames) {
    const socket = await opened();
    if (closed) continue;
    // The frame, then a probe whose answer (or the close) says the frame was handled.
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off('message', answered);
        socket.off('close', done);
        resolve();
      };
      const answered = (data: Buffer) => {
        if (data[0] === 0 && data[1] === syncProtocol.messageYjsSyncStep2) done();
      };
      socket.on('message', answered);
      socket.on('close', done);
      socket.send(frame);
      socket.send(probe);
    });
  }
  (ws as WebSocket | null)?.terminate();
}

describe('fuzzing the document endpoint (D13)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`D13 ${FRAMES} mutated frames: the server stays up, other rooms are untouched, every document loads after a restart`, async () => {
    console.log(`doc fuzz: ${FRAMES} frames, seed ${SEED} (FUZZ_SEED=${SEED} to replay)`);
    const rng = prng(SEED);
    const config = {
      tokenSecret: SECRET,
      docFramesPer10s: 1_000_000,
      handshakesPerMinute: 1_000_000,
      failedHandshakesPer10Min: 1_000_000,
      logLevel: 'warn' as const,
    };
    const server = track(await startTestServer(config, dir), (started) => started.stop());
    const room = await server.createRoom('practice');
    const control = await server.createRoom('practice');
    const controlWriter = openDoc(server.url, `${control.roomId}/notes`, control.token('A'));
    await controlWriter.synced();
    controlWriter.text().insert(0, 'the control room, untouched');

    const updates = corpus(rng);
    const targets = [
      [`${room.roomId}/notes`, room.token('A')],
      [`${room.roomId}/notes`, room.token('B')],
      [`${room.roomId}/draft/A`, room.token('A')],
      [`${room.roomId}/draft/B`, room.token('B')],
    ] as const;
    const perLane = Math.ceil(FRAMES / LANES);
    const started = Date.now();
    await Promise.all(
      targets.map(([name, token]) =>
        lane(
          server,
          name,
          token,
          Array.from({ length: perLane }, () => frameFor(rng, updates)),
        ),
      ),
    );
    console.log(`doc fuzz: ${perLane * LANES} frames in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const controlReader = openDoc(server.url, `${control.roomId}/notes`, control.token('B'));
    await eventually(() => expect(controlReader.text().toString()).toBe('the control room, untouched'));
    controlReader.destroy();
    controlWriter.destroy();

    // What each fuzzed document holds now, as a new reader sees it.
    const before = new Map<string, unknown>();
    for (const [name, token] of targets) {
      const reader = openDoc(server.url, name, token);
      await reader.synced();
      before.set(name, contentOf(reader.doc));
      reader.destroy();
    }
    expect(server.logs.join('')).not.toMatch(/"level":(50|60)/);
    await server.stop();

    const again = track(await startTestServer(config, dir), (started) => started.stop());
    for (const [name, token] of targets) {
      const reader = openDoc(again.url, name, token);
      await reader.synced();
      expect(reader.tap.closes, name).toEqual([]);
      expect(contentOf(reader.doc), name).toEqual(before.get(name));
      reader.destroy();
    }
    expect((await again.metrics.docUpdatesSetAside.get()).values).toEqual([
      expect.objectContaining({ value: 0 }),
    ]);
  }, 600_000);
});
