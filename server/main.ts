import { startServer } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { StoreOpenError } from './store/openError.ts';

/** How long past SHUTDOWN_MS a stop may run before the process gives up on it (a stop that hangs is a bug). */
const STOP_OVERRUN_MS = 2000;

/**
 * `npm start`: configuration from the environment, SQLite in DATA_DIR, a bounded stop on
 * SIGINT/SIGTERM (S14).
 */
async function main() {
  // Everything this process creates (database, WAL, token secret) is the server user's alone (S11).
  process.umask(0o077);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const log = createLogger(config.logLevel);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ config, log });
  } catch (error) {
    // A data directory or database that cannot be used: one line saying which and what to do,
    // not a stack trace (S10, S15).
    if (!(error instanceof StoreOpenError)) throw error;
    log.fatal(error.message);
    console.error(error.message);
    process.exit(1);
  }
  // The log is JSON lines on stdout; a person at a terminal also gets the address in plain words.
  if (process.stderr.isTTY) process.stderr.write(`\nDialogue Room is running at ${server.url}\n\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // Everything acknowledged is already on disk; what a second signal skips is the waiting.
      log.warn({ signal }, 'second signal: stopping now, without waiting');
      process.exit(1);
    }
    stopping = true;
    const { shutdownMs } = config;
    log.info({ signal, shutdownMs }, 'stopping');
    setTimeout(() => {
      log.error({ shutdownMs }, 'the stop overran SHUTDOWN_MS: exiting without it');
      process.exit(1);
    }, shutdownMs + STOP_OVERRUN_MS).unref();
    server.close({ deadline: Date.now() + shutdownMs }).then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'the stop failed');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a second signal must reach `stop` too (as PID 1 in a container, a signal
  // without a handler is ignored, not fatal).
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
