/**
 * A reconnect storm and one client's reconnect (issue 12, item 4) — measured here, never asserted.
 *   npx tsx bench/restartStorm.ts [--quick] [--profile]
 * The server runs as a child process (SQLite in a temporary DATA_DIR, its per-address limits raised
 * because every client comes from 127.0.0.1). Therapy rooms get their three seats — socket.io with
 * the shared follower and `lastSeq`, plus the documents the web client opens for each seat, through
 * the stock y-websocket provider — and a few commands and keystrokes. Then the server is killed with
 * SIGKILL and started again on the same port and data: the figures are how long each client takes to
 * be back and caught up (socket.io at the head seq, each document synced), and one client's drop and
 * reconnect to the current state, on its own. `--profile` runs the restarted server with
 * `node --cpu-prof` and prints where its time went (`KEEP_PROFILE=<file>` keeps the profile itself).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  docReconnectOptions,
  keepReconnecting,
  retrySocket,
  SOCKET_RECONNECT,
} from '../client/src/room/reconnect.ts';
import {
  type ClientCommand,
  type ClientToServerEvents,
  type CommandAck,
  docAuthFrame,
  type Following,
  follow,
  PROTOCOL_VERSION,
  type RoomMessage,
  type Seat,
  type ServerToClientEvents,
  startFollowing,
} from '../shared/index.ts';
import { asTherapist, signUpTherapist } from '../tests/support/therapist.ts';
import { summarizeCpuProfile } from './profile.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOKEN_SECRET = 'reconnect-bench-secret-0123456789abcdefgh';

export interface Spread {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface Figures {
  rooms: number;
  socketClients: number;
  docClients: number;
  /** SIGKILL to the new process listening. */
  restartMs: number;
  /** The server's CPU time (user + system) from listening to everyone caught up. */
  stormCpuMs: number;
  /** Rows the server wrote meanwhile (each a commit of its own with synchronous=FULL). */
  stormWrites: { auditRows: number; docRows: number };
  /** From the new process listening to each client back and caught up. */
  storm: { all: Spread; socketIo: Spread; docs: Spread; connectedSocketIo: Spread; connectedDocs: Spread };
  /** One partner (socket.io and its three documents) dropping and reconnecting to the current state. */
  single: Spread;
  /** The top of the restarted server's CPU profile, when asked for. */
  profile?: string;
}

export interface ReconnectBenchOptions {
  rooms?: number;
  singleRounds?: number;
  profile?: boolean;
  log?: (line: string) => void;
}

const STORM_DEADLINE_MS = 60_000;

/** The server children alive now: a bench stopped by a signal takes them with it. */
const running = new Set<ChildProcess>();

/** CPU time (user + system) a process has used so far, from /proc (Linux). */
function cpuMsOf(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Rows in the tables a reconnect may write, read from the database file (WAL included). */
function storedRows(dataDir: string): { audit: number; docUpdates: number } {
  const db = new Database(join(dataDir, 'dialogue-room.sqlite'), { readonly: true });
  try {
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { audit: count('audit'), docUpdates: count('doc_updates') };
  } finally {
    db.close();
  }
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

const fmt = (s: Spread) =>
  `p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, max ${s.max.toFixed(0)} ms (n=${s.n})`;

interface ServerChild {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
}

/**
 * Starts the compiled server, as `npm start` runs it (`dist/server/main.mjs`, built once by `main`),
 * and resolves once it logs that it is listening. Its log goes to a file, not through a pipe to this
 * busy process: pino writes synchronously, and a pipe nobody drains fast enough would stall the
 * server on its own log lines.
 */
async function startServer(dataDir: string, port: number, cpuProfDir?: string): Promise<ServerChild> {
  const args = [
    ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
    '--enable-source-maps',
    'dist/server/main.mjs',
  ];
  const logFile = join(dataDir, `server-${Date.now()}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      TOKEN_SECRET,
      LOG_LEVEL: 'info',
      // Every client of the bench comes from one address: the per-address budgets would refuse them.
      HANDSHAKES_PER_MINUTE: '10000000',
      FAILED_HANDSHAKES_PER_10MIN: '10000000',
      ROOMS_PER_HOUR: '10000000',
      COMMANDS_PER_10S: '100000',
      // No connection-lost pause may add events while the clients are away.
      SEAT_GRACE_MS: '600000',
    },
    stdio: ['ignore', out, 'inherit'],
  });
  closeSync(out);
  running.add(child);
  child.once('exit', () => running.delete(child));
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      gone = true;
      resolve();
    }),
  );
  for (;;) {
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((text) => text.includes('Dialogue Room is listening'));
    if (line) return { child, port: (JSON.parse(line) as { port: number }).port, exited };
    if (gone) throw new Error('the server exited before listening');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A seat over socket.io as the web client makes it: its reconnect options, `lastSeq`, the shared follower. */
class SeatLink {
  following: Following = startFollowing();
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  onCaughtUp: (() => void) | null = null;
  target = Number.POSITIVE_INFINITY;

  constructor(url: string, token: string) {
    this.socket = io(url, {
      ...SOCKET_RECONNECT,
      transports: ['websocket'],
      forceNew: true,
      auth: (cb) =>
        cb({
          token,
          protocolVersion: PROTOCOL_VERSION,
          ...(this.following.lastSeq === undefined ? {} : { lastSeq: this.following.lastSeq }),
        }),
    });
    retrySocket(this.socket, () => !run.over);
    this.socket.on('welcome', (payload) => this.receive({ name: 'welcome', payload }));
    this.socket.on('sync', (payload) => this.receive({ name: 'sync', payload }));
    this.socket.on('event', (payload) => this.receive({ name: 'event', payload }));
  }

  private receive(message: RoomMessage) {
    this.following = follow(this.following, message);
    if (this.following.error || this.following.needsResync) throw new Error('the bench client lost the room');
    if ((this.following.lastSeq ?? 0) >= this.target && this.onCaughtUp) {
      const done = this.onCaughtUp;
      this.onCaughtUp = null;
      done();
    }
  }

  /** Resolves once this seat has folded everything up to `seq`. */
  caughtUp(seq: number): Promise<void> {
    this.target = seq;
    if ((this.following.lastSeq ?? 0) >= seq) return Promise.resolve();
    return new Promise((resolve) => {
      this.onCaughtUp = resolve;
    });
  }

  async ok(command: ClientCommand): Promise<number> {
    const ack: CommandAck = await this.socket.timeout(30_000).emitWithAck('command', {
      id: crypto.randomUUID(),
      command,
    });
    if (!ack.ok) throw new Error(`${command.type}: ${ack.error.code}`);
    return ack.seq;
  }
}

/** `ws` as the provider's WebSocket, with the seat token as the first message (D11), as the web client. */
function authenticated(token: string) {
  const frame = docAuthFrame(token);
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('open', () => this.send(frame));
      this.on('error', () => undefined);
    }
  } as unknown as typeof globalThis.WebSocket;
}

/** Cleared when the bench ends, so no client retries after it. */
const run = { over: false };

function openDoc(url: string, name: string, token: string, seat: Seat): WebsocketProvider {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/yjs`, name, doc, {
    ...docReconnectOptions(),
    WebSocketPolyfill: authenticated(token),
    disableBc: true,
  });
  keepReconnecting(provider, () => !run.over);
  provider.awareness.setLocalState({ seat });
  return provider;
}

function synced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const on = (state: boolean) => {
      if (!state) return;
      provider.off('sync', on);
      resolve();
    };
    provider.on('sync', on);
  });
}

/** What each seat of a therapy room opens in the web client (TherapistConsole, PartnerRoom). */
const DOCS_OF: Record<'therapist' | 'A' | 'B', string[]> = {
  therapist: ['record', 'notes', 'therapist-notes', 'draft/A', 'draft/B'],
  A: ['record', 'notes', 'draft/A'],
  B: ['record', 'notes', 'draft/B'],
};

interface BenchRoom {
  roomId: string;
  head: number;
  seats: Record<'therapist' | 'A' | 'B', { seat: SeatLink; docs: Map<string, WebsocketProvider> }>;
}

async function makeRoom(url: string, cookie: { cookie: string }): Promise<BenchRoom> {
  const res = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: asTherapist(url, cookie),
    body: JSON.stringify({ mode: 'therapy' }),
  });
  if (res.status !== 201) throw new Error(`createRoom: ${res.status}`);
  const created = (await res.json()) as { roomId: string; seats: Record<string, { token: string }> };
  const token = (seat: string) => created.seats[seat]?.token ?? '';
  const therapist = new SeatLink(url, token('therapist'));
  const a = new SeatLink(url, token('A'));
  const b = new SeatLink(url, token('B'));
  await therapist.ok({ type: 'admit', seat: 'A' });
  await therapist.ok({ type: 'admit', seat: 'B' });
  await a.ok({ type: 'agreeContract' });
  await b.ok({ type: 'agreeContract' });
  await therapist.ok({ type: 'skipStep' });
  await a.ok({ type: 'requestFloor', topic: 'Sunday plans' });
  const head = await b.ok({ type: 'listenerReady' });
  const seats = { therapist, A: a, B: b };
  const room: BenchRoom = {
    roomId: created.roomId,
    head,
    seats: {
      therapist: { seat: therapist, docs: new Map() },
      A: { seat: a, docs: new Map() },
      B: { seat: b, docs: new Map() },
    },
  };
  for (const name of ['therapist', 'A', 'B'] as const) {
    for (const doc of DOCS_OF[name]) {
      const provider = openDoc(url, `${created.roomId}/${doc}`, token(name), name);
      room.seats[name].docs.set(doc, provider);
    }
  }
  await Promise.all(Object.values(room.seats).flatMap(({ docs }) => [...docs.values()].map(synced)));
  // Something in the documents, so loading them after the restart has work to do.
  room.seats.A.docs.get('draft/A')?.doc.getText('text').insert(0, 'A part of me worries about money.');
  room.seats.therapist.docs.get('notes')?.doc.getText('learned').insert(0, 'We pause when it gets loud.');
  await Promise.all(Object.entries(seats).map(([, seat]) => seat.caughtUp(head)));
  return room;
}

/** Runs `task` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width)
    out.push(...(await Promise.all(items.slice(i, i + width).map(task))));
  return out;
}

export async function reconnectBench(opts: ReconnectBenchOptions = {}): Promise<Figures> {
  const roomsWanted = opts.rooms ?? 300;
  const rounds = opts.singleRounds ?? 50;
  const log = opts.log ?? ((line: string) => console.log(line));
  run.over = false;
  // The server as `npm start` runs it: compiled once, here, from the current sources.
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'dialogue-room-reconnect-'));
  const profDir = opts.profile ? mkdtempSync(join(tmpdir(), 'dialogue-room-cpuprof-')) : undefined;
  let server = await startServer(dataDir, 0);
  const url = `http://127.0.0.1:${server.port}`;
  const rooms: BenchRoom[] = [];
  try {
    const therapist = await signUpTherapist(url);
    log(`setting up ${roomsWanted} therapy rooms…`);
    rooms.push(...(await inBatches(Array.from({ length: roomsWanted }), 10, () => makeRoom(url, therapist))));
    const seats = rooms.flatMap((room) => Object.values(room.seats));
    const providers = seats.flatMap(({ docs }) => [...docs.values()]);
    log(`${seats.length} socket.io clients and ${providers.length} document clients in; killing the server`);

    const caughtUp: number[] = [];
    const socketCaughtUp: number[] = [];
    const docCaughtUp: number[] = [];
    const socketConnected: number[] = [];
    const docConnected: number[] = [];
    let listenedAt = 0;
    // Arm before the kill: every client's first moment back, relative to the new process listening.
    const armed = seats.map(({ seat }) => {
      return new Promise<void>((resolve) => {
        seat.socket.once('disconnect', () => {
          seat.onCaughtUp = null;
          seat.target = Number.POSITIVE_INFINITY;
          seat.socket.once('connect', () => socketConnected.push(performance.now() - listenedAt));
          // The head does not move while everyone is away: a sync that reaches it is the catch-up.
          seat.socket.once('sync', () => {
            const at = performance.now() - listenedAt;
            socketCaughtUp.push(at);
            caughtUp.push(at);
            resolve();
          });
        });
      });
    });
    const docArmed = providers.map(
      (provider) =>
        new Promise<void>((resolve) => {
          const onStatus = ({ status }: { status: string }) => {
            if (status !== 'disconnected') return;
            provider.off('status', onStatus);
            const onConnected = ({ status: now }: { status: string }) => {
              if (now !== 'connected') return;
              provider.off('status', onConnected);
              docConnected.push(performance.now() - listenedAt);
            };
            provider.on('status', onConnected);
            const onSync = (state: boolean) => {
              if (!state) return;
              provider.off('sync', onSync);
              const at = performance.now() - listenedAt;
              docCaughtUp.push(at);
              caughtUp.push(at);
              resolve();
            };
            provider.on('sync', onSync);
          };
          provider.on('status', onStatus);
        }),
    );
    const refusals = new Map<string, number>();
    const count = (key: string) => refusals.set(key, (refusals.get(key) ?? 0) + 1);
    for (const { seat } of seats) {
      seat.socket.on('connect_error', (error: Error & { data?: { code?: string } }) =>
        count(`socket.io ${error.data?.code ?? 'no connection'}`),
      );
    }
    for (const provider of providers) {
      provider.on('connection-close', (event: { code?: number } | null) =>
        count(`doc close ${event?.code ?? 'local'}`),
      );
    }
    const killedAt = performance.now();
    server.child.kill('SIGKILL');
    await server.exited;
    const rowsBefore = storedRows(dataDir);
    server = await startServer(dataDir, server.port, profDir);
    listenedAt = performance.now();
    const cpuAtListening = cpuMsOf(server.child.pid);
    const restartMs = listenedAt - killedAt;
    // A client that never comes back is a finding, not a hang: give up after a minute and say who.
    const all = Promise.all([...armed, ...docArmed]).then(() => true);
    const back = await Promise.race([
      all,
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STORM_DEADLINE_MS)),
    ]);
    // Wall times on a shared machine swing with everyone else's load; the server's CPU time and the
    // rows it wrote for the storm are steadier measures of its cost per rejoin.
    const stormCpuMs = cpuMsOf(server.child.pid) - cpuAtListening;
    const rowsAfter = storedRows(dataDir);
    const stormWrites = {
      auditRows: rowsAfter.audit - rowsBefore.audit,
      docRows: rowsAfter.docUpdates - rowsBefore.docUpdates,
    };
    if (!back) {
      log(
        `NOT ALL BACK after ${STORM_DEADLINE_MS} ms: socket.io ${socketCaughtUp.length}/${seats.length}, documents ${docCaughtUp.length}/${providers.length}`,
      );
    }
    log(
      `failed tries and closes seen by the clients during the storm: ${JSON.stringify(Object.fromEntries(refusals))}`,
    );
    const storm = {
      all: spread(caughtUp),
      socketIo: spread(socketCaughtUp),
      docs: spread(docCaughtUp),
      connectedSocketIo: spread(socketConnected),
      connectedDocs: spread(docConnected),
    };
    log(`restart (SIGKILL → listening): ${restartMs.toFixed(0)} ms`);
    log(
      `server CPU from listening to everyone caught up: ${stormCpuMs.toFixed(0)} ms; rows it wrote meanwhile: ${stormWrites.auditRows} audit, ${stormWrites.docRows} document updates`,
    );
    log(`storm, from listening to caught up — everyone: ${fmt(storm.all)}`);
    log(`  socket.io at head: ${fmt(storm.socketIo)}; connected: ${fmt(storm.connectedSocketIo)}`);
    log(`  documents synced: ${fmt(storm.docs)}; connected: ${fmt(storm.connectedDocs)}`);

    // One partner alone: drop everything, let the room move on, reconnect and time the catch-up.
    const room = rooms[0] as BenchRoom;
    const b = room.seats.B;
    const notes = room.seats.therapist.docs.get('notes') as WebsocketProvider;
    const single: number[] = [];
    for (let i = 0; i < rounds; i++) {
      b.seat.socket.disconnect();
      for (const provider of b.docs.values()) provider.disconnect();
      const head = await room.seats.therapist.seat.ok({ type: 'setTimer', seconds: 60 + (i % 5) });
      notes.doc.getText('learned').insert(0, 'x');
      const t0 = performance.now();
      b.seat.socket.connect();
      for (const provider of b.docs.values()) provider.connect();
      await Promise.all([b.seat.caughtUp(head), ...[...b.docs.values()].map(synced)]);
      single.push(performance.now() - t0);
    }
    const singleSpread = spread(single);
    log(
      `one partner (socket.io + 3 documents) dropping and reconnecting to the current state: ${fmt(singleSpread)}`,
    );

    let profile: string | undefined;
    if (profDir) {
      server.child.kill('SIGTERM');
      await server.exited;
      const file = readdirSync(profDir).find((name) => name.endsWith('.cpuprofile'));
      profile = file ? summarizeCpuProfile(join(profDir, file)) : 'no profile written';
      if (file && process.env.KEEP_PROFILE) copyFileSync(join(profDir, file), process.env.KEEP_PROFILE);
      log(profile);
    }
    return {
      rooms: rooms.length,
      socketClients: seats.length,
      docClients: providers.length,
      restartMs,
      stormCpuMs,
      stormWrites,
      storm,
      single: singleSpread,
      ...(profile ? { profile } : {}),
    };
  } finally {
    run.over = true;
    for (const room of rooms) {
      for (const { seat, docs } of Object.values(room.seats)) {
        seat.socket.disconnect();
        for (const provider of docs.values()) provider.destroy();
      }
    }
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
    if (profDir) rmSync(profDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const child of running) child.kill('SIGKILL');
      process.exit(1);
    });
  }
  const quick = process.argv.includes('--quick');
  await reconnectBench({
    rooms: quick ? 60 : 300,
    singleRounds: quick ? 20 : 50,
    profile: process.argv.includes('--profile'),
  });
  process.exit(0);
}
