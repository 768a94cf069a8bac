import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { connectionPragmas } from '../openDatabase.ts';
import { GroupCommit, type Outcome } from './groupCommit.ts';
import { type HotWrite, hotWriter } from './hotWrites.ts';

/**
 * The writer thread (S19): its own connection to the database, on which the hot-path writes run in
 * groups. The commit's fsync (and SQLite's automatic checkpoints) wait here, not on the server's
 * event loop, and whatever arrives while a commit waits forms the next group.
 *
 * Messages in: `{ writes: [{ id, write, lazy }…] }` (what the server asked for in one turn), or
 * `{ close: true }`. Out: after each commit, one message
 * `{ settled: [id, ok, value | error][], stats }`.
 */

export type Settled = [id: number, ok: true, value: unknown] | [id: number, ok: false, error: WireError];
export interface WireError {
  message: string;
  code?: string;
}
export interface FromWriter {
  settled: Settled[];
  stats: { commits: number; writes: number };
}
export type ToWriter = { writes: { id: number; write: HotWrite; lazy: boolean }[] } | { close: true };

const port = parentPort;
if (!port) throw new Error('writerThread.ts runs as a worker thread');
const db = new Database((workerData as { file: string }).file);
connectionPragmas(db);
const write = hotWriter(db);
let settled: Settled[] = [];
const group = new GroupCommit(db, () => {
  const message: FromWriter = { settled, stats: group.stats };
  settled = [];
  port.postMessage(message);
});

function wireError(error: unknown): WireError {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

port.on('message', (message: ToWriter) => {
  if ('close' in message) {
    group.flush();
    db.close();
    port.close();
    return;
  }
  for (const { id, write: asked, lazy } of message.writes) {
    group.add(
      () => write(asked),
      !lazy,
      (outcome: Outcome) =>
        settled.push(outcome.ok ? [id, true, outcome.value] : [id, false, wireError(outcome.error)]),
    );
  }
});
