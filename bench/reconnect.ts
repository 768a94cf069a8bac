import { Generators } from './generators.ts';
import type { ReconnectTimes } from './load/loadGen.ts';
import { startApp, stopApp } from './servers.ts';
import { type Spread, sortedOf, spread } from './stats.ts';

/** Back and current, and each of the client's two connections on its own. */
export interface ReconnectSpread {
  both: Spread;
  socket: Spread;
  doc: Spread;
}

function spreads(times: ReconnectTimes, shift = 0): ReconnectSpread {
  const of = (list: number[]) => spread(sortedOf(list.map((time) => time - shift)));
  return { both: of(times.both), socket: of(times.socket), doc: of(times.doc) };
}

/** One client's reconnect to current state, alone on a server (see `reconnectOne` in load/loadGen.ts). */
export async function reconnectAlone(tries: number): Promise<ReconnectSpread> {
  const generators = await Generators.start(1);
  const app = await startApp();
  try {
    const opened = await generators.open(app.endpoints, 1, 'alone');
    if (opened.failed) throw new Error(`reconnect: ${opened.firstError}`);
    const [child] = generators.children;
    if (!child) throw new Error('no load generator');
    return spreads(await child.ask<ReconnectTimes>({ type: 'reconnectOne', tries }));
  } finally {
    await generators.stop();
    await stopApp(app);
  }
}

export interface Storm {
  rooms: number;
  clients: number;
  /** From the SIGKILL to the new process listening. */
  restartMs: number;
  /** Per client, from the SIGKILL until its socket and its document are back and current. */
  fromKill: ReconnectSpread;
  /** The same, from the moment the new process listened. */
  fromListening: ReconnectSpread;
  missing: number;
}

/**
 * The storm: `rooms` rooms (3 clients each, socket.io + document) on one server; the server is killed
 * (SIGKILL) and started again on the same data directory and port; each client's own reconnection
 * brings it back.
 */
export async function storm(generators: Generators, rooms: number, timeoutMs: number): Promise<Storm> {
  let app = await startApp();
  const port = app.child.port;
  try {
    const opened = await generators.open(app.endpoints, rooms, 'storm');
    if (opened.failed) throw new Error(`storm: ${opened.failed} rooms failed to open: ${opened.firstError}`);
    // Let first-connect traffic settle so the kill finds a steady room.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const killedAt = Date.now();
    await app.child.kill('SIGKILL');
    app = await startApp({ dataDir: app.dataDir, port });
    const listeningAt = Date.now();
    const answers = await Promise.all(
      generators.children.map((child) =>
        child.ask<ReconnectTimes & { missing: number }>({ type: 'stormWait', since: killedAt, timeoutMs }),
      ),
    );
    const times: ReconnectTimes = {
      both: answers.flatMap((answer) => answer.both),
      socket: answers.flatMap((answer) => answer.socket),
      doc: answers.flatMap((answer) => answer.doc),
    };
    return {
      rooms,
      clients: 3 * opened.connectMs.length,
      restartMs: listeningAt - killedAt,
      fromKill: spreads(times),
      fromListening: spreads(times, listeningAt - killedAt),
      missing: answers.reduce((sum, answer) => sum + answer.missing, 0),
    };
  } finally {
    await generators.close();
    await stopApp(app);
  }
}
