import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { WriteStats } from './groupCommit.ts';
import type { HotWrite } from './hotWrites.ts';
import type { FromWriter, ToWriter, WireError } from './writerThread.ts';

/**
 * The thread's code, compiled once per process: esbuild bundles `writerThread.ts` and what it imports
 * into one script (about 10 KB, tens of milliseconds), so a thread starts without a TypeScript loader
 * of its own — registering tsx in each thread cost about half a second of CPU per store opened.
 * better-sqlite3 stays outside the bundle, required by its absolute path so any working directory works.
 */
let threadCode: string | null = null;
/**
 * The compiled server (`scripts/build-server.mjs`, dist/server/) carries the thread prebuilt beside
 * it; run from the sources, this path does not exist and the thread is bundled as above.
 */
const PREBUILT_THREAD = new URL('./writerThread.cjs', import.meta.url);
function compiledThread(): string {
  if (threadCode === null) {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const built = buildSync({
      entryPoints: [fileURLToPath(new URL('./writerThread.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      alias: { 'better-sqlite3': sqlite },
      external: [sqlite],
      logLevel: 'silent',
    });
    threadCode = built.outputFiles[0]?.text ?? '';
  }
  return threadCode;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The server's side of the writer thread (S19): hot-path writes go to the thread, and each promise
 * settles when the thread says the group holding it was committed. If the thread dies, what it held
 * fails (none of it was acknowledged) and the next write starts a new one.
 */
export class SqliteWriter {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private closing: Promise<void> | null = null;
  /** Writes asked for this turn, posted to the thread together at the end of it. */
  private outgoing: Array<{ id: number; write: HotWrite; lazy: boolean }> = [];
  private posting: NodeJS.Immediate | undefined;
  stats: WriteStats = { commits: 0, writes: 0 };

  constructor(
    private readonly file: string,
    /** Hears every write that failed: the store decides whether the disk is at fault (S13). */
    private readonly failed: (error: Error) => void,
  ) {
    this.start();
  }

  write<T>(write: HotWrite, lazy = false): Promise<T> {
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.outgoing.push({ id, write, lazy });
      // One message per turn of the event loop, not one per write: posting has a cost of its own.
      if (this.outgoing.length === 1) this.posting = setImmediate(() => this.post());
    });
  }

  private post() {
    clearImmediate(this.posting);
    if (this.outgoing.length === 0) return;
    const message: ToWriter = { writes: this.outgoing };
    this.outgoing = [];
    (this.worker ?? this.start()).postMessage(message);
  }

  /** Resolves once everything asked for so far is committed (lazy audit lines too). */
  flush(): Promise<void> {
    return this.write({ op: 'flush' });
  }

  /** Commits what is queued, closes the thread's connection and waits for the thread to end. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const worker = this.worker;
    this.closing = worker
      ? new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          this.post();
          const message: ToWriter = { close: true };
          worker.postMessage(message);
        })
      : Promise.resolve();
    return this.closing;
  }

  private start(): Worker {
    const workerData = { file: this.file };
    const worker = existsSync(PREBUILT_THREAD)
      ? new Worker(PREBUILT_THREAD, { workerData })
      : new Worker(compiledThread(), { eval: true, workerData });
    this.worker = worker;
    worker.on('message', (message: FromWriter) => this.settle(message));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the writer thread exited (${code})`)));
    return worker;
  }

  private settle({ settled, stats }: FromWriter) {
    this.stats = stats;
    for (const [id, ok, value] of settled) {
      const waiter = this.waiting.get(id);
      if (!waiter) continue;
      this.waiting.delete(id);
      if (ok) waiter.resolve(value);
      else {
        const error = asError(value);
        this.failed(error);
        waiter.reject(error);
      }
    }
  }

  /** The thread is gone: nothing it held was committed as far as anyone knows, so all of it fails. */
  private lost(worker: Worker, error: Error) {
    if (this.worker !== worker) return;
    this.worker = null;
    if (this.closing) return;
    const failure = Object.assign(new Error(`store writer lost: ${error.message}`), {
      code: 'SQLITE_IOERR_WRITER',
    });
    this.failed(failure);
    for (const waiter of this.waiting.values()) waiter.reject(failure);
    this.waiting.clear();
    clearImmediate(this.posting);
    this.outgoing = [];
  }
}

function asError(wire: WireError): Error {
  return Object.assign(new Error(wire.message), wire.code ? { code: wire.code } : {});
}
