/**
 * A load generator, in its own process so it never shares an event loop with a server it measures.
 * The driver (bench/run.ts) tells it over IPC what to open and run; it answers with raw latencies
 * and its own CPU time, so the driver can merge several generators and show none was saturated.
 */
import { type Endpoints, RoomLoad, sink } from './room.ts';
import { failures } from './seat.ts';

failures.report = (kind) => sink.error(kind);
// y-websocket's provider adds a process 'exit' listener per provider; thousands are expected here.
process.setMaxListeners(0);

export type LoadRequest =
  | { id: number; type: 'open'; endpoints: Endpoints; rooms: number; prefix: string; concurrency: number }
  | { id: number; type: 'run'; seconds: number; graceMs: number }
  | { id: number; type: 'close' }
  | { id: number; type: 'reconnectOne'; tries: number }
  | { id: number; type: 'stormWait'; since: number; timeoutMs: number };

export interface OpenAnswer {
  createMs: number[];
  connectMs: number[];
  failed: number;
  firstError: string | null;
}

/** Per try or per client, ms: both back and current, and each connection on its own. */
export interface ReconnectTimes {
  both: number[];
  socket: number[];
  doc: number[];
}

export interface RunAnswer {
  commandLatencies: Float64Array;
  keystrokeLatencies: Float64Array;
  commandsSent: number;
  commandArrivals: number;
  keystrokesSent: number;
  keystrokeArrivals: number;
  errors: number;
  errorKinds: Record<string, number>;
  cpuMs: number;
  wallMs: number;
}

const rooms: RoomLoad[] = [];

async function open(request: Extract<LoadRequest, { type: 'open' }>): Promise<OpenAnswer> {
  const answer: OpenAnswer = { createMs: [], connectMs: [], failed: 0, firstError: null };
  let next = 0;
  const worker = async () => {
    while (next < request.rooms) {
      const index = next++;
      try {
        const opened = await RoomLoad.open(request.endpoints, `${request.prefix}-${index}`);
        rooms.push(opened.room);
        answer.createMs.push(opened.createMs);
        answer.connectMs.push(opened.connectMs);
      } catch (error) {
        answer.failed += 1;
        answer.firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  return answer;
}

async function run(request: Extract<LoadRequest, { type: 'run' }>): Promise<RunAnswer> {
  sink.reset();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  sink.recording = true;
  for (const room of rooms) room.start();
  await new Promise((resolve) => setTimeout(resolve, request.seconds * 1000));
  for (const room of rooms) room.stop();
  // What was sent in the last moments still counts: wait for it, up to the grace.
  const graceEnd = performance.now() + request.graceMs;
  while (
    performance.now() < graceEnd &&
    (sink.commandArrivals < 2 * sink.commandsSent || sink.keystrokeArrivals < 2 * sink.keystrokesSent)
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  sink.recording = false;
  for (const room of rooms) room.forget();
  const cpu = process.cpuUsage(cpu0);
  return {
    commandLatencies: Float64Array.from(sink.commandLatencies),
    keystrokeLatencies: Float64Array.from(sink.keystrokeLatencies),
    commandsSent: sink.commandsSent,
    commandArrivals: sink.commandArrivals,
    keystrokesSent: sink.keystrokesSent,
    keystrokeArrivals: sink.keystrokeArrivals,
    errors: sink.errors,
    errorKinds: sink.errorKinds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - t0,
  };
}

function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => {
      if (condition()) return resolve(true);
      if (performance.now() > end) return resolve(false);
      setTimeout(check, 2);
    };
    check();
  });
}

/**
 * One client alone (partner A of the first room): its socket.io transport and its document socket are
 * cut, the therapist moves the room on and B types while A is away; A's own reconnection (the web
 * client's backoff) brings it back. Timed from the cut until A has folded the new seq and its copy of
 * the notes has B's keystroke.
 */
async function reconnectOne(
  request: Extract<LoadRequest, { type: 'reconnectOne' }>,
): Promise<ReconnectTimes> {
  const room = rooms[0];
  if (!room) throw new Error('no room open');
  const times: ReconnectTimes = { both: [], socket: [], doc: [] };
  for (let i = 0; i < request.tries; i++) {
    const a = room.seats.A;
    const doc = room.docs.A;
    const t0 = performance.now();
    a.socket.io.engine.close();
    doc.provider.ws?.close();
    const ack = await room.seats.therapist.send({ type: i % 2 ? 'resume' : 'pause' });
    if (!ack.ok || ack.seq === undefined) throw new Error(`command refused: ${ack.error?.code}`);
    const notes = room.docs.B.text;
    notes.insert(notes.length, 'y');
    const want = notes.length;
    let socketAt = 0;
    let docAt = 0;
    const caughtUp = await until(() => {
      if (!socketAt && (a.lastSeq ?? 0) >= (ack.seq ?? 0)) socketAt = performance.now();
      if (!docAt && doc.text.length >= want && doc.provider.synced) docAt = performance.now();
      return socketAt > 0 && docAt > 0;
    }, 20_000);
    if (!caughtUp) throw new Error('a reconnect did not catch up in 20 s');
    times.socket.push(socketAt - t0);
    times.doc.push(docAt - t0);
    times.both.push(Math.max(socketAt, docAt) - t0);
    // Settle between tries, so each starts from a connected client; and keep the therapist inside
    // the seat's command budget (COMMANDS_PER_10S, 40: one per 250 ms), which the bench never raises.
    await until(() => a.socket.connected && doc.provider.wsconnected, 5000);
    const since = performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, Math.max(100, 300 - since)));
  }
  return times;
}

/**
 * After the driver killed and restarted the server: how long (ms after `since`, a Date.now()) each
 * client took to be back and current — its socket welcomed again and synced, its document synced again.
 */
async function stormWait(
  request: Extract<LoadRequest, { type: 'stormWait' }>,
): Promise<ReconnectTimes & { missing: number }> {
  const since = request.since;
  const clients = () =>
    rooms.flatMap((room) =>
      (['therapist', 'A', 'B'] as const).map((seat) => {
        const socket = room.seats[seat];
        const doc = room.docs[seat];
        const socketBack =
          socket.socket.connected && socket.syncedAt > since ? socket.syncedAt - since : null;
        const docBack = doc.provider.synced && doc.syncedAt > since ? doc.syncedAt - since : null;
        return { socketBack, docBack };
      }),
    );
  await until(() => clients().every((c) => c.socketBack !== null && c.docBack !== null), request.timeoutMs);
  const all = clients();
  const times: ReconnectTimes & { missing: number } = { both: [], socket: [], doc: [], missing: 0 };
  for (const { socketBack, docBack } of all) {
    if (socketBack !== null) times.socket.push(socketBack);
    if (docBack !== null) times.doc.push(docBack);
    if (socketBack !== null && docBack !== null) times.both.push(Math.max(socketBack, docBack));
    else times.missing += 1;
  }
  return times;
}

process.on('message', async (request: LoadRequest) => {
  const reply = (body: object) => process.send?.({ id: request.id, ...body });
  try {
    switch (request.type) {
      case 'open':
        return reply(await open(request));
      case 'run':
        return reply(await run(request));
      case 'close':
        for (const room of rooms.splice(0)) room.close();
        return reply({});
      case 'reconnectOne':
        return reply(await reconnectOne(request));
      case 'stormWait':
        return reply(await stormWait(request));
    }
  } catch (error) {
    reply({ error: (error as Error).message });
  }
});
// The driver gone (crashed, interrupted): stop rather than keep thousands of clients reconnecting.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
