import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandAck, ErrorCode } from '../shared/index.ts';
import type { Store, StoreObserver } from './store/types.ts';

/** How a command's acknowledgement went: applied, refused with a reason, or failed on our side. */
export type AckOutcome = 'ok' | 'refused' | 'error';

/** Seconds, from a fast local store's millisecond to a Redis call near its 5 s timeout. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the server counts at each scrape: what it holds now. */
export interface ServerGauges {
  roomsLoaded: () => number;
  connections: () => { socketio: number; yjs: number };
  docBytes: () => number;
}

/**
 * Counters an operator watches (Prometheus, via prom-client). One registry per server, not the
 * global one, so servers started side by side in tests count apart. Labels are reasons and
 * endpoints, never room ids or anything anyone wrote. Every series carries `instance`, this
 * server's id (S27's `bus.instanceId`), so the instances of a cluster can be told apart (S28).
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(instance?: string) {
    if (instance !== undefined) this.registry.setDefaultLabels({ instance });
  }

  /** From receiving a command to sending its acknowledgement (S28). By outcome only: never room or seat. */
  readonly commandAck = new Histogram({
    name: 'dialogue_room_command_ack_seconds',
    help: 'Seconds from receiving a command to sending its acknowledgement, by outcome (ok, refused, error)',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly storeCalls = new Histogram({
    name: 'dialogue_room_store_call_seconds',
    help: 'Seconds a store call took, by outcome (ok, unavailable, error); on SQLite its writes only',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly storeErrors = new Counter({
    name: 'dialogue_room_store_errors_total',
    help: 'Store calls that failed, by kind: unavailable (unreachable, cannot write) or other',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly redisRoundTrips = new Counter({
    name: 'dialogue_room_redis_round_trips_total',
    help: "Requests sent to Redis: store calls, readiness probes, followers' reads, rate-limit checks (0 on SQLite)",
    registers: [this.registry],
  });

  /** Counts one command's acknowledgement, `startedAt` being `performance.now()` when it arrived. */
  acked(startedAt: number, ack: CommandAck): void {
    this.commandAck.observe({ outcome: ackOutcome(ack) }, (performance.now() - startedAt) / 1000);
  }

  /** What a store reports of its calls (`Store.observe`). */
  readonly storeObserver: StoreObserver = {
    called: (seconds, outcome) => {
      this.storeCalls.observe({ outcome }, seconds);
      if (outcome !== 'ok')
        this.storeErrors.inc({ kind: outcome === 'unavailable' ? 'unavailable' : 'other' });
    },
    roundTrip: () => this.redisRoundTrips.inc(),
  };

  /** Rooms, connections and document bytes held now, read at each scrape (S28). */
  watchServer(gauges: ServerGauges): void {
    new Gauge({
      name: 'dialogue_room_rooms_loaded',
      help: 'Rooms in memory on this instance',
      registers: [this.registry],
      collect() {
        this.set(gauges.roomsLoaded());
      },
    });
    new Gauge({
      name: 'dialogue_room_connections',
      help: 'Open connections on this instance, by endpoint (socketio, yjs)',
      labelNames: ['endpoint'] as const,
      registers: [this.registry],
      collect() {
        const { socketio, yjs } = gauges.connections();
        this.set({ endpoint: 'socketio' }, socketio);
        this.set({ endpoint: 'yjs' }, yjs);
      },
    });
    new Gauge({
      name: 'dialogue_room_doc_bytes',
      help: 'Stored update bytes of the synced documents in memory on this instance (what counts toward the caps)',
      registers: [this.registry],
      collect() {
        this.set(gauges.docBytes());
      },
    });
  }
  /** Stored document updates that did not apply when loaded: set aside, the document loaded without them. */
  readonly docUpdatesSetAside = new Counter({
    name: 'dialogue_room_doc_updates_set_aside_total',
    help: 'Stored document updates that failed to apply on load and were set aside',
    registers: [this.registry],
  });
  readonly docWritesRefused = new Counter({
    name: 'dialogue_room_doc_writes_refused_total',
    help: 'Document writes refused, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly connectionsRefused = new Counter({
    name: 'dialogue_room_connections_refused_total',
    help: 'Connections refused before or at authentication, by endpoint and reason',
    labelNames: ['endpoint', 'reason'] as const,
    registers: [this.registry],
  });
  readonly slowReadersCut = new Counter({
    name: 'dialogue_room_slow_readers_cut_total',
    help: 'Connections cut because their unsent data passed the bound',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });
  /**
   * Reads the store's write counters when scraped (S19) and hears of its calls (S28); set once the
   * store is open.
   */
  watchStore(store: Pick<Store, 'writeStats' | 'observe'>): void {
    store.observe(this.storeObserver);
    const stats = () => store.writeStats();
    const gauges = [
      ['commits', 'dialogue_room_store_commits', 'Store transactions committed since start (one fsync each)'],
      [
        'writes',
        'dialogue_room_store_writes',
        'Writes (appends, document updates, audit lines) those commits carried since start',
      ],
    ] as const;
    for (const [key, name, help] of gauges) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(stats()[key]);
        },
      });
    }
  }
  readonly docsLoaded = new Gauge({
    name: 'dialogue_room_docs_loaded',
    help: 'Synced documents in memory',
    registers: [this.registry],
  });
}

function ackOutcome(ack: CommandAck): AckOutcome {
  if (ack.ok) return 'ok';
  // Failures on our side; every other code is the room or the input saying no.
  const failed: ErrorCode[] = ['internal', 'unavailable', 'temporarily_unavailable'];
  return failed.includes(ack.error.code) ? 'error' : 'refused';
}
