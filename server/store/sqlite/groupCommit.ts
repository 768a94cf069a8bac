import type Database from 'better-sqlite3';

/** How long an audit line may wait for a commit it can ride with before it gets one of its own. */
export const LAZY_FLUSH_MS = 100;

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What the group commit has done since the store opened: an operator reads the batch size from these. */
export interface WriteStats {
  /** Transactions committed (each one fsync with `synchronous = FULL`). */
  commits: number;
  /** Writes those commits carried. */
  writes: number;
}

/**
 * Group commit (S19): writes that arrive during one turn of the event loop — appends of every room,
 * document updates, audit lines — run in one transaction, each in a savepoint of its own, and one
 * fsync makes them all durable. A write's promise settles only after that commit, so "acknowledged
 * only when durable" still holds; a write that throws rolls back its own savepoint and fails alone.
 *
 * Lazy writes (the audit trail) never cost a commit of their own on the hot path: they ride the next
 * commit, or after `LAZY_FLUSH_MS` one of their own when nothing else is written.
 */
export class GroupCommit {
  private queue: Job[] = [];
  /** Whether any queued job asked for a commit this turn (an eager one). */
  private eager = false;
  private immediate: NodeJS.Immediate | undefined;
  private lazyTimer: NodeJS.Timeout | undefined;
  readonly stats: WriteStats = { commits: 0, writes: 0 };

  constructor(
    private readonly db: Database.Database,
    /** Sees a failed commit (a full disk): the store marks itself not ready. */
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Runs `work` in the next group's transaction; resolves with its result once that commit is durable. */
  run<T>(work: () => T): Promise<T> {
    return this.enqueue(work, true);
  }

  /** Like `run`, but does not hasten the commit: it waits for the next one, at most `LAZY_FLUSH_MS`. */
  lazy<T>(work: () => T): Promise<T> {
    return this.enqueue(work, false);
  }

  private enqueue<T>(work: () => T, eager: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (eager && !this.eager) {
        this.eager = true;
        // After the I/O callbacks of this turn: every message that arrived with this one joins the group.
        this.immediate = setImmediate(() => this.flush());
      } else if (!this.eager && !this.lazyTimer) {
        this.lazyTimer = setTimeout(() => this.flush(), LAZY_FLUSH_MS);
        this.lazyTimer.unref();
      }
    });
  }

  /**
   * Commits everything queued, now, synchronously. Called by the turn's timer, and before any write
   * that does not go through the group, so writes reach the file in the order they were asked for.
   */
  flush(): void {
    clearImmediate(this.immediate);
    clearTimeout(this.lazyTimer);
    this.immediate = undefined;
    this.lazyTimer = undefined;
    this.eager = false;
    const jobs = this.queue;
    if (jobs.length === 0) return;
    this.queue = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
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
      this.failed(error);
      for (const job of jobs) job.reject(error);
      return;
    }
    this.stats.commits += 1;
    this.stats.writes += jobs.length;
    for (const [index, job] of jobs.entries()) {
      const outcome = outcomes[index];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(outcome?.error);
    }
  }
}
