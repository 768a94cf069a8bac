/**
 * This server, as `npm start` runs it (configuration from the environment, SQLite in DATA_DIR), in
 * its own process so the load never shares its event loop, answering the driver over IPC.
 */
import { startServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log.ts';
import { announce, answerDriver } from './ipc.ts';

process.umask(0o077);
const config = loadConfig(process.env);
const server = await startServer({ config, log: createLogger(config.logLevel) });
answerDriver();
announce(Number(new URL(server.url).port));
