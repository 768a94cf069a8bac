/**
 * Attacks on the server's limits (shared/SPEC.md S7, S8, D7, D12, D14), replayed against a real server
 * process with the default limits, measuring what they cost it. Measured, never asserted: the tests
 * assert the rules.
 *   npm run bench:attacks
 * 1. document flood: 482 inserts of 480 KB into one room's notes, from new client ids;
 * 2. awareness amplification: 40 connections of one seat tried, each with four awareness states of
 *    1.9 KB, and three connections that never read sending 240 "who is here?" each;
 * 3. bad-token handshakes: 5,350 socket.io handshakes with a forged token;
 * 4. connections per seat: 300 socket.io and 300 document connections of one seat;
 * 5. the safety pause pressed 3,000 times by the same partner.
 * For each: what was accepted, the server's resident memory, the slowest /healthz, the log lines and
 * the database size.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import type WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { updateFrame } from '../server/docs/wire.ts';
import { type ClientToServerEvents, PROTOCOL_VERSION, type ServerToClientEvents } from '../shared/index.ts';

type RoomClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

import { rawDocSocket } from '../tests/support/docClient.ts';
import { createRoom } from '../tests/support/roomApi.ts';

const REPO = new URL('..', import.meta.url).pathname;

interface Server {
  child: ChildProcess;
  url: string;
  dir: string;
  logLines: () => number;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'dialogue-room-attacks-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO,
    env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lines = 0;
  const port = await new Promise<number>((resolve) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines += 1;
      const port = (JSON.parse(line) as { port?: number }).port;
      if (port) resolve(port);
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, dir, logLines: () => lines };
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function dirMiB(dir: string): number {
  const bytes = readdirSync(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** Polls /healthz while `attack` runs; returns the slowest answer in ms. */
async function slowestHealthz(url: string, attack: () => Promise<void>): Promise<number> {
  let slowest = 0;
  let done = false;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`${url}/healthz`).catch(() => undefined);
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await attack();
  done = true;
  await poll;
  return Math.round(slowest);
}

/** A raw document connection, once the server has answered its auth message (sync step 1) or closed it. */
async function openDoc(url: string, name: string, token: string) {
  const ws = rawDocSocket(url, name, token);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const accepted = await new Promise<boolean>((resolve) => {
    ws.once('message', () => resolve(true));
    ws.once('close', () => resolve(false));
  });
  return { ws, closed, accepted };
}

/** Each attack on a server of its own; `env` only lifts the per-address budget where one address must stand for many. */
async function report(
  name: string,
  env: Record<string, string>,
  attack: (server: Server) => Promise<string>,
) {
  const server = await startServer(env);
  try {
    await measure(server, name, () => attack(server));
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('close', resolve));
    rmSync(server.dir, { recursive: true, force: true });
  }
}

async function measure(server: Server, name: string, attack: () => Promise<string>) {
  const before = { rss: rssMiB(server.child.pid ?? 0), lines: server.logLines(), db: dirMiB(server.dir) };
  let outcome = '';
  const started = performance.now();
  const slowest = await slowestHealthz(server.url, async () => {
    outcome = await attack();
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const after = { rss: rssMiB(server.child.pid ?? 0), lines: server.logLines(), db: dirMiB(server.dir) };
  console.log(
    `${name}: ${outcome}; ${seconds} s; server memory ${before.rss} → ${after.rss} MiB; slowest /healthz ${slowest} ms; ` +
      `${after.lines - before.lines} log lines; data ${before.db} → ${after.db} MiB`,
  );
}

async function docFlood(server: Server) {
  const room = await createRoom(server.url, 'practice');
  const token = room.seats.A?.token ?? '';
  let accepted = 0;
  const connection = await openDoc(server.url, `${room.roomId}/notes`, token);
  let refusal = 0;
  for (let i = 0; i < 482; i++) {
    const doc = new Y.Doc();
    doc.getText('text').insert(0, 'x'.repeat(480 * 1024));
    if (connection.ws.readyState !== connection.ws.OPEN) {
      refusal = await connection.closed;
      break;
    }
    connection.ws.send(updateFrame(Y.encodeStateAsUpdate(doc)));
    accepted += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  connection.ws.terminate();
  // A new reader asks for everything (sync step 1, empty state vector): the answer is the whole document.
  const reader = rawDocSocket(server.url, `${room.roomId}/notes`, room.seats.B?.token ?? '');
  const first = await new Promise<number>((resolve) => {
    reader.on('open', () => reader.send(Uint8Array.from([0, 0, 1, 0])));
    reader.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) resolve(data.length);
    });
  });
  reader.terminate();
  return `${accepted} inserts sent before the close (code ${refusal}); the next reader's first sync ${(first / 1024 / 1024).toFixed(2)} MiB`;
}

async function awarenessAmplification(server: Server) {
  const room = await createRoom(server.url, 'practice');
  const name = `${room.roomId}/notes`;
  const token = room.seats.A?.token ?? '';
  const open: WebSocket[] = [];
  let refused = 0;
  for (let c = 0; c < 40; c++) {
    const { ws, accepted } = await openDoc(server.url, name, token);
    if (!accepted) {
      refused += 1;
      continue;
    }
    open.push(ws);
    // Four states each: the most one connection may speak for (D7).
    for (let s = 0; s < 4; s++) {
      const awareness = new awarenessProtocol.Awareness(new Y.Doc());
      awareness.setLocalState({ seat: 'A', note: 'n'.repeat(1900) });
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]),
      );
      ws.send(encoding.toUint8Array(e));
    }
  }
  const readers: WebSocket[] = [];
  for (let r = 0; r < 3; r++) {
    const { ws } = await openDoc(server.url, name, room.seats.B?.token ?? '');
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let q = 0; q < 240; q++) ws.send(Uint8Array.from([3]));
    readers.push(ws);
  }
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const stillOpen = open.filter((ws) => ws.readyState === ws.OPEN).length;
  const readersCut = readers.filter((ws) => ws.readyState !== ws.OPEN).length;
  for (const ws of [...open, ...readers]) ws.terminate();
  return `${open.length} connections of one seat accepted (${stillOpen} still open), ${refused} refused; ${readersCut} of 3 non-reading askers cut`;
}

async function badTokens(server: Server) {
  let refused = 0;
  const codes = new Map<string, number>();
  for (let batch = 0; batch < 107; batch++) {
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const socket: RoomClientSocket = io(server.url, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          auth: { token: 'forged.token.value', protocolVersion: PROTOCOL_VERSION },
        });
        const code = await new Promise<string>((resolve) =>
          socket.on('connect_error', (error: Error & { data?: { code?: string } }) =>
            resolve(error.data?.code ?? 'transport'),
          ),
        );
        socket.close();
        refused += 1;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }),
    );
  }
  return `${refused} handshakes refused (${[...codes].map(([code, n]) => `${code} ${n}`).join(', ')})`;
}

async function connectionsPerSeat(server: Server) {
  const room = await createRoom(server.url, 'practice');
  const token = room.seats.A?.token ?? '';
  let sockets = 0;
  const opened: { close(): void }[] = [];
  for (let i = 0; i < 300; i++) {
    const socket: RoomClientSocket = io(server.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token, protocolVersion: PROTOCOL_VERSION },
    });
    const ok = await new Promise<boolean>((resolve) => {
      socket.on('welcome', () => resolve(true));
      socket.on('connect_error', () => resolve(false));
    });
    if (ok) sockets += 1;
    opened.push(socket);
  }
  let docs = 0;
  for (let i = 0; i < 300; i++) {
    const { ws, accepted } = await openDoc(server.url, `${room.roomId}/notes`, token);
    if (accepted) docs += 1;
    opened.push({ close: () => ws.terminate() });
  }
  for (const one of opened) one.close();
  return `${sockets}/300 socket.io and ${docs}/300 document connections accepted`;
}

async function safetyPauses(server: Server) {
  const room = await createRoom(server.url, 'practice');
  const socket: RoomClientSocket = io(server.url, {
    transports: ['websocket'],
    forceNew: true,
    auth: { token: room.seats.A?.token ?? '', protocolVersion: PROTOCOL_VERSION },
  });
  await new Promise((resolve) => socket.on('welcome', resolve));
  const seqs = new Set<number>();
  for (let i = 0; i < 3000; i++) {
    const ack = await socket.emitWithAck('command', {
      id: crypto.randomUUID(),
      command: { type: 'safetyPause' },
    });
    if (ack.ok) seqs.add(ack.seq);
  }
  socket.close();
  return `3000 safety pauses acknowledged with ${seqs.size} distinct seq(s)`;
}

// Every client here comes from 127.0.0.1, so where an attack stands for many clients the per-address
// budget (S8) is lifted, to show the cap behind it; the bad-token flood runs with the defaults.
const MANY_ADDRESSES = { HANDSHAKES_PER_MINUTE: '1000000', FAILED_HANDSHAKES_PER_10MIN: '1000000' };
console.log('attacks, each against a fresh server process (SQLite, default limits unless said)');
await report('document flood', MANY_ADDRESSES, docFlood);
await report('awareness amplification', MANY_ADDRESSES, awarenessAmplification);
await report('bad-token handshakes (default budgets)', {}, badTokens);
await report('connections per seat', MANY_ADDRESSES, connectionsPerSeat);
await report('repeated safety pause', {}, safetyPauses);
