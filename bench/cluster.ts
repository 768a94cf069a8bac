/**
 * Several instances on Redis (issue 13) — measured here, never asserted.
 *   npx tsx bench/cluster.ts [--quick]
 * One redis-server (append-only, fsync always, as production must run it), the compiled server as
 * 1 or 2 processes on it, and a round-robin load balancer in front (http-proxy-3, no stickiness),
 * all on this machine. Two figures:
 * - throughput: R therapy rooms, each with its therapist sending `extendTimer` back to back (one
 *   command in flight per room) for D seconds — acknowledged commands per second and their ack
 *   latency, with 1 instance and with 2;
 * - failover: 3 instances, R rooms with all three seats connected through the balancer using the web
 *   client's own reconnect policy (`client/src/room/reconnect.ts`); one instance is killed with
 *   SIGKILL; for every client it served, the time until it is connected again elsewhere and caught
 *   up, and for therapists until a command is acknowledged again.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { retrySocket, SOCKET_RECONNECT } from '../client/src/room/reconnect.ts';
import {
  type ClientToServerEvents,
  type CommandAck,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
} from '../shared/index.ts';
import { startBalancer } from '../tests/support/balancer.ts';
import { startRedis } from '../tests/support/redisServer.ts';
import { asTherapist, signUpTherapist } from '../tests/support/therapist.ts';
import { cpuMsOf, type ServerProcess as Instance, startServerProcess } from './processes.ts';
import { ms, sortedOf, spread } from './stats.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const ROOMS = Number(process.env.ROOMS) || (quick ? 30 : 100);
const SECONDS = Number(process.env.SECONDS) || (quick ? 8 : 20);

/** An instance: the compiled server on the bench's Redis, with limits one address of clients needs. */
function startInstance(redisUrl: string, name: string): Promise<Instance> {
  return startServerProcess({
    name,
    entry: 'built',
    env: {
      REDIS_URL: redisUrl,
      INSTANCE_ID: name,
      // One proxy hop in front, as in docker-compose.yml.
      TRUST_PROXY: '1',
      // Every client of the bench comes from one address: the per-address budgets would refuse them.
      HANDSHAKES_PER_MINUTE: '10000000',
      FAILED_HANDSHAKES_PER_10MIN: '10000000',
      ROOMS_PER_HOUR: '10000000',
      COMMANDS_PER_10S: '1000000',
      SEAT_GRACE_MS: '600000',
    },
  });
}

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const TICK_MS = 1000 / 100; // USER_HZ on Linux

/** CPU time every core of the machine was busy so far, from /proc/stat. */
function machineCpuMs(): number {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const busy = ticks.slice(0, 8).reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + value), 0);
  return busy * TICK_MS;
}

function connect(url: string, token: string, reconnecting: boolean): Client {
  let lastSeq: number | undefined;
  const socket: Client = io(url, {
    transports: ['websocket'],
    forceNew: true,
    ...(reconnecting ? SOCKET_RECONNECT : { reconnection: false }),
    auth: (cb) =>
      cb({ token, protocolVersion: PROTOCOL_VERSION, ...(lastSeq === undefined ? {} : { lastSeq }) }),
  });
  socket.on('sync', (sync) => {
    lastSeq = sync.seq;
  });
  socket.on('event', (event) => {
    lastSeq = event.seq;
  });
  if (reconnecting) retrySocket(socket, () => true);
  return socket;
}

async function therapyRooms(url: string, count: number) {
  const therapist = await signUpTherapist(url);
  const rooms: { therapist: string; A: string; B: string }[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${url}/api/rooms`, {
      method: 'POST',
      headers: asTherapist(url, therapist),
      body: JSON.stringify({ mode: 'therapy' }),
    });
    if (res.status !== 201) throw new Error(`room: ${res.status}`);
    const body = (await res.json()) as { seats: Record<'therapist' | 'A' | 'B', { token: string }> };
    rooms.push({ therapist: body.seats.therapist.token, A: body.seats.A.token, B: body.seats.B.token });
  }
  return rooms;
}

const connected = (socket: Client) =>
  new Promise<void>((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

async function throughput(instanceCount: number) {
  const redis = await startRedis();
  const instances = await Promise.all(
    Array.from({ length: instanceCount }, (_, i) => startInstance(redis.url, `bench-${i + 1}`)),
  );
  const lb = await startBalancer(() => instances.map((instance) => instance.url));
  const rooms = await therapyRooms(lb.url, ROOMS);
  const sockets = rooms.map((room) => connect(lb.url, room.therapist, false));
  await Promise.all(sockets.map(connected));
  for (const socket of sockets) {
    const ack = (await socket.emitWithAck('command', {
      id: crypto.randomUUID(),
      command: { type: 'setTimer', seconds: 600 },
    })) as CommandAck;
    if (!ack.ok) throw new Error(`setTimer: ${JSON.stringify(ack.error)}`);
  }
  const latencies: number[] = [];
  let refused = 0;
  const cpuBefore = {
    machine: machineCpuMs(),
    servers: instances.map((instance) => cpuMsOf(instance.child.pid ?? 0)),
    bench: process.cpuUsage(),
  };
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    sockets.map(async (socket) => {
      while (Date.now() < until) {
        const sent = performance.now();
        const ack = (await socket.emitWithAck('command', {
          id: crypto.randomUUID(),
          command: { type: 'extendTimer', seconds: 10 },
        })) as CommandAck;
        if (ack.ok) latencies.push(performance.now() - sent);
        else {
          refused++;
          if (refused === 1) console.error('refused:', JSON.stringify(ack.error));
        }
      }
    }),
  );
  const bench = process.cpuUsage(cpuBefore.bench);
  const cpu = {
    machine: machineCpuMs() - cpuBefore.machine,
    servers: instances.reduce(
      (sum, instance, i) => sum + cpuMsOf(instance.child.pid ?? 0) - (cpuBefore.servers[i] ?? 0),
      0,
    ),
    bench: (bench.user + bench.system) / 1000,
  };
  for (const socket of sockets) socket.disconnect();
  for (const instance of instances) instance.child.kill('SIGKILL');
  await lb.close();
  await redis.stop();
  const sorted = sortedOf(latencies);
  // Shares of the window's wall time on all cores: what the servers, the load (clients and the
  // balancer, this process) and the rest (Redis, mostly) used.
  const wall = SECONDS * 1000;
  return {
    perSecond: latencies.length / SECONDS,
    refused,
    ...spread(sorted),
    cpu: {
      machine: cpu.machine / wall,
      servers: cpu.servers / wall,
      bench: cpu.bench / wall,
      rest: (cpu.machine - cpu.servers - cpu.bench) / wall,
    },
  };
}

async function failover() {
  const redis = await startRedis();
  const instances = await Promise.all([1, 2, 3].map((i) => startInstance(redis.url, `bench-${i}`)));
  const lb = await startBalancer(() => instances.map((instance) => instance.url));
  const rooms = await therapyRooms(lb.url, ROOMS);
  // Seats connect in a shuffled order: in room order, round robin would put every therapist on one
  // instance and every partner A on another.
  const order = rooms
    .flatMap((room) => (['therapist', 'A', 'B'] as const).map((seat) => ({ seat, token: room[seat] })))
    .sort(() => Math.random() - 0.5);
  const seats = order.map(({ seat, token }) => ({ seat, socket: connect(lb.url, token, true) }));
  await Promise.all(seats.map(({ socket }) => connected(socket)));
  // Admit the partners, so each partner's socket is in its room, not the waiting room.
  for (const { seat, socket } of seats) {
    if (seat !== 'therapist') continue;
    for (const partner of ['A', 'B'] as const) {
      const ack = (await socket.emitWithAck('command', {
        id: crypto.randomUUID(),
        command: { type: 'admit', seat: partner },
      })) as CommandAck;
      if (!ack.ok) throw new Error(`admit: ${ack.error.code}`);
    }
  }
  const back: number[] = [];
  const acting: number[] = [];
  let dropped = 0;
  let killedAt = 0;
  for (const { seat, socket } of seats) {
    socket.once('disconnect', () => {
      dropped++;
      socket.once('sync', async () => {
        back.push(performance.now() - killedAt);
        if (seat !== 'therapist') return;
        for (let tries = 0; tries < 100; tries++) {
          const ack = (await socket.emitWithAck('command', {
            id: crypto.randomUUID(),
            command: { type: 'setTimer', seconds: 60 },
          })) as CommandAck;
          if (ack.ok) return acting.push(performance.now() - killedAt);
          if (tries === 0) console.error('after failover, refused:', JSON.stringify(ack.error));
        }
      });
    });
  }
  killedAt = performance.now();
  instances[0]?.child.kill('SIGKILL');
  // Only the killed instance's clients drop (within a ping timeout at most); then wait for them all
  // to be back, with a bound for a bench that hangs.
  await new Promise((resolve) => setTimeout(resolve, 8000));
  const expected = dropped;
  const deadline = Date.now() + 60_000;
  while (back.length < expected && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const { socket } of seats) socket.disconnect();
  for (const instance of instances) instance.child.kill('SIGKILL');
  await lb.close();
  await redis.stop();
  return {
    clients: seats.length,
    dropped: expected,
    back: spread(sortedOf(back)),
    therapistsActing: spread(sortedOf(acting)),
  };
}

async function main() {
  // The compiled server, as `npm start` runs it, built from these sources.
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  console.log(`# Several instances on one Redis: ${ROOMS} rooms, ${SECONDS} s of commands\n`);
  const one = await throughput(1);
  const two = await throughput(2);
  console.log(
    '| instances | acks/s | p50 | p99 | max | refused | cores busy: all | servers | load + balancer | Redis and the rest |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const [n, r] of [
    [1, one],
    [2, two],
  ] as const) {
    const c = r.cpu;
    console.log(
      `| ${n} | ${r.perSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.refused} | ${c.machine.toFixed(2)} | ${c.servers.toFixed(2)} | ${c.bench.toFixed(2)} | ${c.rest.toFixed(2)} |`,
    );
  }
  const fo = await failover();
  console.log(
    `\nFailover (3 instances, ${fo.clients} socket clients, one instance SIGKILLed; ${fo.dropped} clients were on it, ${fo.therapistsActing.n} of them therapists):`,
  );
  console.log(
    `- connected elsewhere and synced: p50 ${ms(fo.back.p50)}, p99 ${ms(fo.back.p99)}, max ${ms(fo.back.max)}`,
  );
  console.log(
    `- a therapist's command acknowledged again: p50 ${ms(fo.therapistsActing.p50)}, p99 ${ms(fo.therapistsActing.p99)}, max ${ms(fo.therapistsActing.max)}`,
  );
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
