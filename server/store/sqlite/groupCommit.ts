import type Database from 'better-sqlite3';

/** How long an audit line may wait for a commit it can ride with before it gets one of its own. */
export const LAZY_FLUSH_MS = 100;

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Job {
  work: () => unknown;
  settle: (outcome: Outcome) => void;
}

/** What the group commit has done since the store opened: an operator reads the batch size from these. */
export interface WriteStats {
  /** Transactions committed (each one fsync with `synchronous = FULL`). */
  commits: number;
  /** Writes those commits carried. */
  writes: number;
}

/**
 * Group commit (S19): the writes queued during one turn of the writer thread's event loop — every
 * room's appends, document updates, audit lines — run in one transaction, each in a savepoint of its
 * own, and one fsync makes them all durable. A write is settled only after that commit; one that
 * throws rolls back its own savepoint and fails alone; a commit that fails fails them all.
 *
 * Lazy writes (the audit trail) never cost a commit of their own on the hot path: they ride the next
 * commit, or after `LAZY_FLUSH_MS` one of their own when nothing else is written.
 */
export class GroupCommit {
  private queue: Job[] = [];
  /** Whether a queued job asked for a commit this turn (an eager one). */
  private eager = false;
  private immediate: NodeJS.Immediate | undefined;
  private lazyTimer: NodeJS.Timeout | undefined;
  readonly stats: WriteStats = { commits: 0, writes: 0 };

  constructor(
    private readonly db: Database.Database,
    /** Runs after each group's outcomes were settled (the thread sends them back at once). */
    private readonly flushed: () => void = () => undefined,
  ) {}

  /** Queues `work` for the next group's transaction; `settle` hears how it went once that commit is done. */
  add(work: () => unknown, eager: boolean, settle: (outcome: Outcome) => void): void {
    this.queue.push({ work, settle });
    if (eager && !this.eager) {
      this.eager = true;
      clearTimeout(this.lazyTimer);
      this.lazyTimer = undefined;
      // After the messages already waiting for this turn: everything that arrived with this one joins.
      this.immediate = setImmediate(() => this.flush());
    } else if (!this.eager && !this.lazyTimer) {
      this.lazyTimer = setTimeout(() => this.flush(), LAZY_FLUSH_MS);
    }
  }

  /** Commits everything queued, now. */
  flush(): void {
    clearImmediate(this.immediate);
    clearTimeout(this.lazyTimer);
    this.immediate = undefined;
    this.lazyTimer = undefined;
    this.eager = false;
    const jobs = this.queue;
    if (jobs.length === 0) return;
    this.queue = [];
    const outcomes: Outcome[] = [];
    try {
      this.db
        .transaction(() => {
          for (const job of jobs) {
            try {
              // A nested better-sqlite3 transaction is a savepoint: a failing job undoes only itself.
              outcomes.push({ ok: true, value: this.db.transaction(job.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed: nothing of this group is durable, so nobody is told it is.
      for (const job of jobs) job.settle({ ok: false, error });
      this.flushed();
      return;
    }
    this.stats.commits += 1;
    this.stats.writes += jobs.length;
    for (const [index, job] of jobs.entries()) job.settle(outcomes[index] ?? { ok: false, error: null });
    this.flushed();
  }
}
