import { z } from 'zod';

/** An empty variable (`FOO=` in a compose file) means unset, not an empty value. */
const unsetIfBlank = (value: unknown) => (value === '' ? undefined : value);
const optionalText = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfBlank, schema.optional());

/** Every setting, from the environment. README.md lists them; keep the two in step. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** At least 32 characters. Unset: one is generated on first start and kept in DATA_DIR/token-secret. */
  TOKEN_SECRET: optionalText(z.string().min(32, { message: 'TOKEN_SECRET must be at least 32 characters.' })),
  TOKEN_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
  /** The address people open; invite links start with it. Default: http://localhost:PORT. */
  PUBLIC_URL: optionalText(z.url()),
  /** How long a dropped seat is held before a round pauses itself (T33). */
  SEAT_GRACE_MS: z.coerce.number().int().min(0).default(60_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Rooms one client address may create per hour (S7). */
  ROOMS_PER_HOUR: z.coerce.number().int().positive().default(30),
  /** Commands one connection may send per 10 seconds (S7). */
  COMMANDS_PER_10S: z.coerce.number().int().positive().default(40),
  /** Set when behind a proxy or load balancer, so rate limits see the client's address (express `trust proxy`). */
  TRUST_PROXY: optionalText(z.string()),
  REDIS_URL: optionalText(z.string()),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  tokenSecret: string | undefined;
  tokenTtlSeconds: number;
  publicUrl: string | undefined;
  seatGraceMs: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  roomsPerHour: number;
  commandsPer10s: number;
  trustProxy: string | undefined;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL) {
    // Fail loudly rather than run a single-instance store while the operator believes rooms are shared.
    throw new Error(
      'REDIS_URL is set, but this version has only the embedded SQLite store. Unset REDIS_URL.',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    tokenSecret: e.TOKEN_SECRET,
    tokenTtlSeconds: Math.round(e.TOKEN_TTL_HOURS * 3600),
    publicUrl: e.PUBLIC_URL,
    seatGraceMs: e.SEAT_GRACE_MS,
    logLevel: e.LOG_LEVEL,
    roomsPerHour: e.ROOMS_PER_HOUR,
    commandsPer10s: e.COMMANDS_PER_10S,
    trustProxy: e.TRUST_PROXY,
  };
}
