import { Generators } from './generators.ts';
import { startApp, stopApp } from './servers.ts';
import { type Spread, sortedOf, spread } from './stats.ts';

/** One client's reconnect to current state, alone on a server (see `reconnectOne` in load/loadGen.ts). */
export async function reconnectAlone(tries: number): Promise<Spread> {
  const generators = await Generators.start(1);
  const app = await startApp();
  try {
    const opened = await generators.open(app.endpoints, 1, 'alone');
    if (opened.failed) throw new Error(`reconnect: ${opened.firstError}`);
    const [child] = generators.children;
    const answer = await child?.ask<{ times: number[] }>({ type: 'reconnectOne', tries });
    return spread(sortedOf(answer?.times ?? []));
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
  fromKill: Spread;
  /** The same, from the moment the new process listened. */
  fromListening: Spread;
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
        child.ask<{ times: number[]; missing: number }>({ type: 'stormWait', since: killedAt, timeoutMs }),
      ),
    );
    const times = sortedOf(...answers.map((answer) => answer.times));
    return {
      rooms,
      clients: 3 * opened.connectMs.length,
      restartMs: listeningAt - killedAt,
      fromKill: spread(times),
      fromListening: spread(times.map((time) => time - (listeningAt - killedAt))),
      missing: answers.reduce((sum, answer) => sum + answer.missing, 0),
    };
  } finally {
    await generators.close();
    await stopApp(app);
  }
}
