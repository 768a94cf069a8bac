import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { makeInvite } from './accounts/invites.ts';
import { hashPassword } from './accounts/passwords.ts';
import { Email, Name, Password } from './accounts/routes.ts';
import { shownRedisUrl } from './cluster/openShared.ts';
import { type Config, loadConfig } from './config.ts';
import { DataDirInUseError, StoreOpenError } from './store/openError.ts';
import { RedisStore } from './store/redis/store.ts';
import { SqliteStore } from './store/sqlite.ts';
import type { Store } from './store/types.ts';
import { StoreUnavailable } from './store/unavailable.ts';

/**
 * `npm run admin -- <command>`: the operator's way to make accounts (M11), the only one with
 * SIGNUP=closed. It opens DATA_DIR itself, so the server must not be running on it.
 *
 *   create-therapist <email> [--name "Dr Name"] [--password-stdin]
 *   invite
 */

const USAGE = `Usage:
  npm run admin -- create-therapist you@example.org [--name "Your Name"] [--password-stdin]
  npm run admin -- invite

create-therapist asks for the password twice on a terminal; with --password-stdin it reads one line
from standard input instead. invite prints a one-time sign-up link, good for 7 days.
DATA_DIR and PUBLIC_URL are read from the environment, as for npm start.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) throw new UsageError('');
  const config = loadConfig();
  if (command === 'create-therapist') {
    const [emailArg] = rest;
    if (!emailArg || rest.length > 1) throw new UsageError('create-therapist needs one email address.');
    const email = check(Email, emailArg, 'email');
    const name = check(Name, values.name ?? emailArg.split('@')[0] ?? '', 'name');
    const password = check(
      Password,
      values['password-stdin'] ? await passwordFromStdin() : await passwordFromTerminal(),
      'password',
    );
    const passwordHash = await hashPassword(password);
    await withStore(config, async (store) => {
      const made = await store.accounts.createTherapist({
        therapistId: randomUUID(),
        email,
        name,
        passwordHash,
        totpSecret: null,
        createdAt: Date.now(),
      });
      if (made === 'email_taken') throw new Failure(`An account with the email ${email} exists already.`);
    });
    process.stdout.write(`Account made for ${email}. Sign in at ${publicUrlOf(config)}/signin\n`);
    return;
  }
  if (command === 'invite') {
    if (rest.length > 0) throw new UsageError('invite takes no arguments.');
    const invite = await withStore(config, (store) =>
      makeInvite(store.accounts, null, publicUrlOf(config), Date.now()),
    );
    process.stdout.write(`${invite.link}\n`);
    process.stderr.write(`One account, until ${invite.expiresAt}. Send it to the therapist only.\n`);
    return;
  }
  throw new UsageError(`Unknown command: ${command}`);
}

class Failure extends Error {}

function publicUrlOf(config: ReturnType<typeof loadConfig>): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');
}

/** The same rules as sign-up (M1), so an account made here could have been made on the page. */
function check<T>(schema: z.ZodType<T>, value: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Failure(`The ${what}: ${parsed.error.issues[0]?.message ?? 'not valid.'}`);
  return parsed.data;
}

/**
 * Opens the store: on Redis (REDIS_URL) while the servers run — it is shared anyway; SQLite without
 * waiting for the lock, since a running server holds it, and would keep holding it.
 */
async function withStore<T>(
  config: Config,
  work: (store: Pick<Store, 'accounts'>) => Promise<T>,
): Promise<T> {
  let store: Store;
  try {
    store = config.redisUrl
      ? await RedisStore.open(config.redisUrl)
      : new SqliteStore(config.dataDir, { lockWaitMs: 0 });
  } catch (error) {
    if (error instanceof DataDirInUseError)
      throw new Failure(
        `${error.message}\nThe server is running on this data directory: stop the server first, or invite from the account page (/account) while it runs.`,
      );
    if (error instanceof StoreUnavailable)
      throw new Failure(
        `Redis at ${shownRedisUrl(config.redisUrl ?? '')} did not answer: start it, or correct REDIS_URL.`,
      );
    throw error;
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
}

async function passwordFromTerminal(): Promise<string> {
  if (!process.stdin.isTTY)
    throw new UsageError('No terminal to ask for the password on: pass it with --password-stdin.');
  const terminal = hiddenLines(process.stdin);
  try {
    const first = await terminal.ask('Password (at least 10 characters): ');
    const second = await terminal.ask('The same password again: ');
    if (first !== second) throw new Failure('The two passwords are not the same. Nothing was changed.');
    return first;
  } finally {
    terminal.close();
  }
}

/**
 * Lines typed on the terminal, not echoed (raw mode). What was typed ahead of a prompt is kept for
 * it, not lost; Ctrl-C stops without changing anything.
 */
function hiddenLines(input: NodeJS.ReadStream) {
  let typed = '';
  let lines: string[] = [];
  let waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | null = null;
  let stopped = false;
  let afterCarriageReturn = false;
  const settle = () => {
    if (!waiting) return;
    const { resolve, reject } = waiting;
    if (stopped) {
      waiting = null;
      reject(new Failure('Stopped. Nothing was changed.'));
    } else if (lines.length > 0) {
      waiting = null;
      const [line = '', ...rest] = lines;
      lines = rest;
      resolve(line);
    }
  };
  const onData = (text: string) => {
    for (const char of text) {
      // "\r\n" is one Enter, not an empty second line.
      const secondHalf = char === '\n' && afterCarriageReturn;
      afterCarriageReturn = char === '\r';
      if (secondHalf) continue;
      if (char === '\r' || char === '\n') {
        lines.push(typed);
        typed = '';
      } else if (char === '\u0003') stopped = true;
      else if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
      else typed += char;
    }
    settle();
  };
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.on('data', onData);
  input.resume();
  return {
    ask(prompt: string): Promise<string> {
      process.stderr.write(prompt);
      return new Promise<string>((resolve, reject) => {
        waiting = { resolve, reject };
        settle();
      }).finally(() => process.stderr.write('\n'));
    },
    close() {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
    },
  };
}

// Files this command creates (a first database) are the server user's alone, as with npm start (S11).
process.umask(0o077);
main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(USAGE);
      process.exit(2);
    }
    // Failure, StoreOpenError and a bad configuration are one plain line each; anything else is a bug.
    console.error(error instanceof Failure || error instanceof StoreOpenError ? error.message : error);
    process.exit(1);
  },
);
