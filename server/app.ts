import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import {
  type ClientToServerEvents,
  errorBody,
  type InterServerEvents,
  LIMITS,
  type Seat,
  type ServerToClientEvents,
  type SocketData,
} from '../shared/index.ts';
import { signInLimits } from './accounts/sharedSignInLimits.ts';
import { type ClusterBus, newInstanceId } from './cluster/bus.ts';
import { ClusterPresence } from './cluster/clusterPresence.ts';
import { attachAdapter, openShared } from './cluster/openShared.ts';
import { RoomActions } from './cluster/roomActions.ts';
import type { Config } from './config.ts';
import { DocHub } from './docs/docHub.ts';
import { attachDocUpgrades } from './docs/upgrade.ts';
import { ConnectionCount } from './guards/connectionCount.ts';
import { HandshakeGuard } from './guards/handshakes.ts';
import { limiterFactory } from './guards/limiters.ts';
import { apiErrors, apiRouter } from './http/api.ts';
import { landingPage } from './http/landing.ts';
import { metricsRoute } from './http/metricsRoute.ts';
import { finalErrors, malformedAddresses, noSourceMaps, notFound, securityHeaders } from './http/security.ts';
import { serveWebClient } from './http/webClient.ts';
import { createLogger, type Logger } from './log.ts';
import { Metrics } from './metrics.ts';
import { corkSocketIoPackets } from './net/turnCork.ts';
import { HomeTokens } from './practice/homeTokens.ts';
import { BreathingClock } from './room/breathingClock.ts';
import { closeEndedRoomHere, closeSessionsPastWindow, SWEEP_MS } from './room/endedSessions.ts';
import { type EraseBy, eraseRoom, eraseRoomHere } from './room/eraseRoom.ts';
import { RoomRegistry } from './room/registry.ts';
import { NO_SWEEP, type RetentionCounts, sweepRetention } from './room/retention.ts';
import type { RoomOutbox } from './room/runtime.ts';
import { closeStaleConnections, STALE_SWEEP_MS } from './room/staleConnections.ts';
import { roomChannel } from './socket/channels.ts';
import { closeLocalSockets } from './socket/closeSockets.ts';
import { onConnection } from './socket/connection.ts';
import { handshake } from './socket/handshake.ts';
import type { RoomServer } from './socket/io.ts';
import { SocketOutbox } from './socket/outbox.ts';
import { cutSlowReaders } from './socket/slowReaders.ts';
import { RedisStore } from './store/redis/store.ts';
import type { Store } from './store/types.ts';
import { loadTokenSecret, SeatTokens } from './tokens.ts';

export interface RunningServer {
  url: string;
  port: number;
  http: HttpServer;
  io: RoomServer;
  store: Store;
  /** What this instance tells the others (S27); silent on SQLite. */
  bus: ClusterBus;
  /** The synced documents and the rooms in memory (tests look at what is loaded). */
  docs: DocHub;
  rooms: RoomRegistry;
  /** The clock that ends breathing pauses by themselves (I12); tests look at what it holds. */
  breathing: BreathingClock;
  metrics: Metrics;
  /** Who is connected, on this instance and the others (S30). */
  presence: ClusterPresence;
  /** Closes the connections of rooms past their export window now (A15); it also runs every minute. */
  closeEndedSessions(): Promise<number>;
  /**
   * Checks every room in memory against the store and closes what a lost message between instances
   * left open (S30: a revoked link, an erased room); it also runs every STALE_SWEEP_MS.
   */
  closeStaleConnections(): Promise<number>;
  /**
   * Deletes a room for good (E1, `server/room/eraseRoom.ts`): its connections closed, dropped from
   * memory, erased from the store's files; the erasure recorded with `by` (E2).
   */
  eraseRoom(roomId: string, by: EraseBy): Promise<boolean>;
  /** Erases the rooms retention says are due now (E3); it also runs every RETENTION_SWEEP_MINUTES. */
  sweepRetention(): Promise<RetentionCounts>;
  /**
   * The orderly stop (S14): stop accepting, answer what is queued, write the documents out, close
   * the connections, close the store. Connections still open at `deadline` (default: SHUTDOWN_MS
   * from now) are cut, so a client that stopped reading or a request that never finishes cannot
   * hold the process. Calling it again returns the same stop.
   */
  close(options?: { deadline?: number }): Promise<void>;
}

export interface StartOptions {
  config: Config;
  log?: Logger;
  store?: Store;
  /** The bus to the other instances (S27); a silent one when there are none. Closed by `close()`. */
  bus?: ClusterBus;
  now?: () => number;
  /** The built web client to serve; client/dist unless a test built one elsewhere. */
  webClientDir?: string;
}

/**
 * Wires the thin shell around the room core: express for REST, socket.io for the room protocol,
 * on one HTTP server. Returns once it is listening.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const instanceId = options.bus?.instanceId ?? newInstanceId(config.instanceId);
  // Every line names the instance that wrote it (S28): the bus's id, the metrics' `instance` too.
  const log = (options.log ?? createLogger(config.logLevel)).child({ instance: instanceId });
  const now = options.now ?? Date.now;
  const { store, bus, liveness } = await openShared(config, log, options, instanceId);
  let tokenSecret: string;
  try {
    tokenSecret =
      config.tokenSecret ??
      (store instanceof RedisStore
        ? await store.sharedTokenSecret()
        : loadTokenSecret(undefined, config.dataDir));
  } catch (error) {
    await liveness.close();
    await bus.close();
    await store.close();
    throw error;
  }
  const tokens = new SeatTokens(tokenSecret, config.tokenTtlSeconds);
  const homeTokens = new HomeTokens(tokenSecret);

  const metrics = new Metrics(bus.instanceId);
  metrics.watchStore(store);
  // Rate limits shared by every instance on Redis, in memory otherwise (S28).
  const limiters = limiterFactory(store instanceof RedisStore ? store.redis : undefined, {
    keySecret: tokenSecret,
    roundTrip: () => metrics.redisRoundTrips.inc(),
  });
  const guard = new HandshakeGuard(
    { perMinute: config.handshakesPerMinute, failedPer10Min: config.failedHandshakesPer10Min },
    log,
    limiters,
  );

  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  // Express's own compiled rule, so upgrades and socket.io see the same client address as REST.
  const trustProxy = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  // Before every route: pages, /api and the health checks all carry the security headers.
  app.use(securityHeaders(config.publicUrl, config.frameAncestors));
  app.use(noSourceMaps);
  app.use(malformedAddresses);
  const http = createServer(app);
  // Every connection, upgraded ones included (the HTTP server forgets those), so a stop can cut them.
  const connections = new Set<Socket>();
  http.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });
  let stopping: Promise<void> | null = null;
  // 1 MB frames reach our own size check (16 KB) and get a typed error; larger ones are cut by engine.io.
  // destroyUpgrade: false — engine.io would otherwise kill the y-websocket upgrades after a second.
  // A ping every 3 s, answered within 4 s: a connection that vanished without a word (wifi gone, a
  // phone in a lift) shows as `reconnecting` within 4–7 s, not socket.io's 25 + 20 s (issue 9 §5).
  // A ping is a few bytes; a late pong costs only a reconnect, which the seat's grace period absorbs.
  const io: RoomServer = new Server<
    ClientToServerEvents,
    ServerToClientEvents,
    InterServerEvents,
    SocketData
  >(http, {
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    destroyUpgrade: false,
    pingInterval: 3_000,
    pingTimeout: 4_000,
  });
  corkSocketIoPackets(io.engine);
  let detachAdapter = async () => {};
  if (config.redisUrl) {
    try {
      detachAdapter = await attachAdapter(io, config.redisUrl);
    } catch (error) {
      await liveness.close();
      await bus.close();
      await store.close();
      throw error;
    }
  }
  let presence: ClusterPresence;
  /** A room leaves memory when neither a socket nor a document of it is held here any more. */
  const roomReleased = (roomId: string) => {
    if (presence.holdsRoom(roomId) || docs.holdsRoom(roomId)) return;
    registry.unload(roomId);
    breathing.forget(roomId);
  };
  const docs = new DocHub({
    store,
    log,
    metrics,
    unloadMs: config.docUnloadMs,
    roomReleased,
    docMaxBytes: config.docMaxBytes,
    roomMaxBytes: config.roomMaxBytes,
    docFramesPer10s: config.docFramesPer10s,
    bus,
  });

  const sockets = new SocketOutbox(io, () => presence, now);
  // I12: a breathing pause ends by itself, on this clock.
  const breathing = new BreathingClock({ now, log });
  // Accepted events go to the sockets (each seat's view) and to the documents (record, access).
  const outbox: RoomOutbox = {
    published(room, events) {
      sockets.published(room, events);
      docs.eventsAccepted(room.roomId, room.state, events);
      breathing.watch(room);
    },
  };
  const registry = new RoomRegistry({ store, outbox, log, now }, (room) => breathing.watch(room));
  metrics.watchServer({
    roomsLoaded: () => registry.loadedCount(),
    connections: () => ({ socketio: io.of('/').sockets.size, yjs: docs.connectionCount() }),
    docBytes: () => docs.storedBytes(),
  });
  presence = new ClusterPresence(
    { bus, liveness, graceMs: config.seatGraceMs, log },
    {
      // Each instance tells its own sockets the merged presence (S30).
      changed: (roomId, snapshot) => io.local.to(roomChannel(roomId)).emit('presence', snapshot),
      lost: (roomId, seat) => {
        void registry
          .get(roomId)
          .then((room) => room?.system({ type: 'connectionLost', seat }))
          .catch((error) => log.error({ roomId, seat, err: error }, 'connection-lost pause failed'));
      },
      empty: roomReleased,
    },
  );
  /** Rooms this instance is erasing now: the stale sweep leaves them to the erasure. */
  const erasingHere = new Set<string>();
  const closeSeatHere = (roomId: string, seat: Seat, version: number) => {
    closeLocalSockets(io, roomId, [seat], errorBody('token_revoked'), {
      revoke: true,
      belowVersion: version,
    });
    docs.closeSeat(roomId, seat, version);
  };
  const eraseHere = (roomId: string) => {
    breathing.forget(roomId);
    return eraseRoomHere({ io, registry, docs, log, now }, roomId);
  };
  // What one instance decides about connections, every instance carries out on its own (S30).
  const actions = new RoomActions(
    bus,
    {
      closeSeat: ({ roomId, seat, version }) => closeSeatHere(roomId, seat, version),
      erase: ({ roomId }) => eraseHere(roomId),
      sessionClosed: ({ roomId }) => closeEndedRoomHere({ io, docs }, roomId),
    },
    log,
  );

  let publicUrl = config.publicUrl ?? '';
  // Liveness: the process answers. Readiness: it can also store what it is sent (S13).
  app.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok', store: store.kind });
  });
  app.get('/readyz', async (_req, res) => {
    const ok = stopping === null && (await store.ready().catch(() => false));
    res
      .status(ok ? 200 : 503)
      .set('cache-control', 'no-store')
      .json({ status: ok ? 'ready' : 'unavailable', store: store.kind });
  });
  app.get('/metrics', metricsRoute(metrics, config.metricsToken));
  app.use(
    '/api',
    apiRouter({
      config,
      instanceId: bus.instanceId,
      signInLimits: signInLimits(store instanceof RedisStore ? store.redis : undefined, tokenSecret),
      store,
      tokens,
      homeTokens,
      registry,
      log,
      now,
      limiters,
      publicUrl: () => publicUrl,
      // Bound late: the erasure service is made below, once the socket and document servers exist.
      eraseRoom: (roomId, by) => erase(roomId, by),
      closeSeat: (roomId, seat, version) => {
        void actions
          .run({ type: 'closeSeat', roomId, seat, version })
          .catch((error) => log.error({ roomId, seat, err: error }, 'closing a re-issued seat failed'));
      },
      roomReleased,
    }),
    apiErrors(log),
  );
  // The built web client when there is one (npm start builds it); otherwise a plain notice.
  if (!serveWebClient(app, options.webClientDir)) app.get(['/', '/join'], landingPage);
  app.use(notFound);
  app.use(finalErrors(log));

  const limiter = limiters({
    name: 'commands',
    points: config.commandsPer10s,
    duration: config.commandWindowSeconds,
  });
  const upgrades = attachDocUpgrades(http, {
    hub: docs,
    tokens,
    store,
    registry,
    log,
    metrics,
    guard,
    trustProxy,
    exportWindowMs: config.exportWindowMs,
    authTimeoutMs: config.docAuthTimeoutMs,
    now,
    roomReleased,
  });
  const seats = new ConnectionCount(LIMITS.socketsPerSeat);
  const limits = { docBytes: config.docMaxBytes, roomBytes: config.roomMaxBytes };
  const { crisisResources } = config;
  // The cap holds across instances, as closely as the others' last word on the bus (S31).
  const elsewhere = (roomId: string, seat: Seat) => presence.connectionsElsewhere(roomId, seat);
  io.use(
    handshake({ tokens, store, log, metrics, guard, trustProxy, seats, elsewhere, limits, crisisResources }),
  );
  io.on('connection', (socket) =>
    onConnection(socket, {
      registry,
      store,
      presence,
      log,
      metrics,
      limiter,
      now,
      exportWindowMs: config.exportWindowMs,
    }),
  );
  const stopCutting = cutSlowReaders(io, config.socketMaxBufferedBytes, log, metrics);
  const tellOthers = actions.tell.bind(actions);
  const closeEndedSessions = () =>
    closeSessionsPastWindow({
      io,
      registry,
      docs,
      log,
      now,
      exportWindowMs: config.exportWindowMs,
      tellOthers,
    });
  const endedSweep = setInterval(
    () => void closeEndedSessions().catch((error) => log.error({ err: error }, 'export window sweep failed')),
    SWEEP_MS,
  );
  endedSweep.unref();
  const staleSweep = () =>
    closeStaleConnections({ registry, store, log, erasingHere, closeSeatHere, eraseRoomHere: eraseHere });
  const staleTimer = setInterval(
    () => void staleSweep().catch((error) => log.error({ err: error }, 'stale connection sweep failed')),
    STALE_SWEEP_MS,
  );
  staleTimer.unref();
  const erase = async (roomId: string, by: EraseBy) => {
    breathing.forget(roomId);
    erasingHere.add(roomId);
    try {
      return await eraseRoom({ io, registry, docs, store, log, now, tellOthers }, roomId, by);
    } finally {
      erasingHere.delete(roomId);
    }
  };
  const policy = { exportWindowMs: config.exportWindowMs, practiceMs: config.retentionPracticeMs };
  let sweeping: Promise<RetentionCounts> | null = null;
  // One sweep at a time: a slow one is joined, not doubled.
  // With several instances one sweeps at a time (a lease for the sweep's interval): each erasure on
  // Redis rewrites the append-only file, and every instance finding the same rooms due would
  // repeat it. An instance that does not get the lease skips this round.
  const sweepTurn = async () =>
    store.kind !== 'redis' ||
    (await store.lease('retention/#sweep', bus.instanceId, config.retentionSweepMs));
  const retentionSweep = () => {
    sweeping ??= sweepTurn()
      .then((mine) => (mine ? sweepRetention({ store, log, now, policy, erase }) : NO_SWEEP))
      .finally(() => {
        sweeping = null;
      });
    return sweeping;
  };
  const retentionTimer = setInterval(
    () => void retentionSweep().catch((error) => log.error({ err: error }, 'retention sweep failed')),
    config.retentionSweepMs,
  );
  retentionTimer.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    // Not serving: let go of the data directory, so a retry on another port can have it (S10).
    presence.clear();
    await detachAdapter();
    await liveness.close();
    await bus.close();
    await store.close();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  publicUrl = config.publicUrl ?? url;
  log.info(
    { port, url, publicUrl, store: store.kind, instance: bus.instanceId },
    `Dialogue Room is listening on ${url}`,
  );

  return {
    url,
    port,
    http,
    io,
    store,
    bus,
    docs,
    rooms: registry,
    breathing,
    metrics,
    presence,
    closeEndedSessions,
    closeStaleConnections: staleSweep,
    eraseRoom: erase,
    sweepRetention: retentionSweep,
    close(options = {}) {
      stopping ??= stop(options.deadline ?? Date.now() + config.shutdownMs);
      return stopping;
    },
  };

  async function stop(deadline: number): Promise<void> {
    // Whatever is still open at the deadline is cut; everything before it is the orderly path.
    const cut = setTimeout(
      () => {
        if (connections.size > 0) log.warn({ connections: connections.size }, 'cutting connections to stop');
        for (const socket of connections) socket.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    try {
      stopCutting();
      breathing.stop();
      clearInterval(endedSweep);
      clearInterval(staleTimer);
      actions.stop();
      clearInterval(retentionTimer);
      await sweeping?.catch(() => undefined);
      // Nothing decided or counted from here; the others are told once the sockets are closed (S31).
      presence.stop();
      // Stop accepting: no new connections or document upgrades; idle keep-alive connections go now.
      const allClosed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      upgrades.stop();
      // Commands already queued in a room are answered while their sockets are still open.
      await registry.settled();
      // Let open document connections finish what they sent, write everything out.
      await docs.close();
      for (const client of upgrades.wss.clients) client.terminate();
      upgrades.wss.close();
      await io.close(); // tells every socket.io client; resolves at once, as the HTTP server is already closing
      await allClosed;
    } finally {
      clearTimeout(cut);
      // Now that this instance's clients have been asked to reconnect elsewhere (S31); stopped first
      // if a step above threw before it.
      presence.clear();
      await detachAdapter();
      // The key goes now, not at the end of its life (S31); last, so it holds nothing above up.
      await liveness.close();
      await bus.close();
      await store.close();
    }
  }
}
