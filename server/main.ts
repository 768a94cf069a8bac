import { startServer } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { StoreOpenError } from './store/openError.ts';

/** `npm start`: configuration from the environment, SQLite in DATA_DIR, graceful stop on SIGINT/SIGTERM. */
async function main() {
  // Everything this process creates (database, WAL, token secret) is the server user's alone (S9).
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
    // not a stack trace (S8, S13).
    if (!(error instanceof StoreOpenError)) throw error;
    log.fatal(error.message);
    console.error(error.message);
    process.exit(1);
  }
  // The log is JSON lines on stdout; a person at a terminal also gets the address in plain words.
  if (process.stderr.isTTY) process.stderr.write(`\nDialogue Room is running at ${server.url}\n\n`);

  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
