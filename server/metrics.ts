import { Counter, Gauge, Registry } from 'prom-client';

/**
 * Counters an operator watches (Prometheus, via prom-client). One registry per server, not the
 * global one, so servers started side by side in tests count apart. Labels are reasons and
 * endpoints, never room ids or anything anyone wrote.
 */
export class Metrics {
  readonly registry = new Registry();
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
  /** Reads the store's write counters when scraped (S19); set once the store is open. */
  watchStore(stats: () => { commits: number; writes: number }): void {
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
