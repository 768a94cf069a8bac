import { z } from 'zod';
import { BREATHING, type CrisisResources, LIMITS } from '../shared/index.ts';
import { loadCrisisResources } from './crisisResources.ts';

/** Every setting, from the environment. README.md lists them; keep the two in step. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** At least 32 characters. Unset: one is generated on first start and kept in DATA_DIR/token-secret (in Redis with REDIS_URL). */
  TOKEN_SECRET: z.string().min(32, { message: 'TOKEN_SECRET must be at least 32 characters.' }).optional(),
  TOKEN_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
  /** The address people open; invite links start with it. Default: http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** How long a dropped seat is held before a round pauses itself (T33). */
  SEAT_GRACE_MS: z.coerce.number().int().min(0).default(60_000),
  /** How long a synced document nobody is connected to stays in memory (D8). */
  DOC_UNLOAD_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long a stop (SIGTERM/SIGINT) may take before open connections are cut (S14). */
  SHUTDOWN_MS: z.coerce.number().int().min(0).default(5000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Rooms one client address may create per hour (S7). */
  ROOMS_PER_HOUR: z.coerce.number().int().positive().default(30),
  /** Commands one room seat may send per 10 seconds, across its connections (S7). */
  COMMANDS_PER_10S: z.coerce.number().int().positive().default(40),
  /** Set when behind a proxy or load balancer, so rate limits see the client's address (express `trust proxy`). */
  TRUST_PROXY: z.string().optional(),
  /** Encoded bytes one synced document may hold (notes, a draft…); a write past it is refused (D12); sent to clients in `welcome.limits`. */
  DOC_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(4 * 1024 * 1024),
  /** Bytes all of a room's documents together may hold (D12). */
  ROOM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(16 * 1024 * 1024),
  /** Document updates (and awareness frames) one connection may send per 10 seconds (D12). */
  DOC_FRAMES_PER_10S: z.coerce.number().int().positive().default(300),
  /** Connection attempts (socket.io and documents) one client address may make per minute (S8). */
  HANDSHAKES_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Refused connection attempts (bad or old links) one client address may make per 10 minutes (S8). */
  FAILED_HANDSHAKES_PER_10MIN: z.coerce.number().int().positive().default(30),
  /** How long after the end a session stays readable (record, notes, one's own draft) for export (A15). */
  EXPORT_WINDOW_HOURS: z.coerce.number().positive().default(72),
  /** A couple's practice record neither partner shared is erased this many days after it was made (E3). */
  RETENTION_PRACTICE_DAYS: z.coerce.number().positive().default(90),
  /** How often retention looks for rooms to erase (E3). */
  RETENTION_SWEEP_MINUTES: z.coerce.number().positive().default(5),
  /** Serves Prometheus metrics at /metrics to `Authorization: Bearer <this>`; unset, there is no /metrics. */
  METRICS_TOKEN: z.string().min(16, { message: 'METRICS_TOKEN must be at least 16 characters.' }).optional(),
  /**
   * Who may frame the pages (CSP `frame-ancestors`): space-separated https origins and/or 'self', so
   * an operator's portal can show the room beside its video call. Default: 'self' only.
   */
  FRAME_ANCESTORS: z
    .string()
    .transform((value, ctx) => {
      const parsed = frameAncestors(value);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      return typeof parsed === 'string' ? z.NEVER : parsed;
    })
    .optional(),
  /** A JSON file of crisis lines by country, shown on the safety pause screen; unset: the default sentence only. */
  CRISIS_RESOURCES: z.string().optional(),
  /**
   * Set: this process is one of several instances sharing this Redis (issue 13); without TOKEN_SECRET
   * they share one generated into Redis. Unset: the embedded SQLite store in DATA_DIR, one process.
   */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, message: 'REDIS_URL must be a redis:// or rediss:// address.' })
    .optional(),
  /** The start of this instance's name in logs and metrics (a random part follows); default: host-pid. */
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { message: 'INSTANCE_ID: letters, digits, . _ - (at most 64).' })
    .optional(),
  /** Who may make a therapist account: anyone, only with an invite, or nobody (M2). */
  SIGNUP: z.enum(['open', 'invite', 'closed']).default('open'),
  /** Who may start a practice room: anyone from the home page, or only couples known to a therapist (K8). */
  PRACTICE_ROOMS: z.enum(['open', 'couples']).default('open'),
  /** With PRACTICE_ROOMS=open: practice rooms all anonymous visitors together may start per hour (K8). */
  PRACTICE_ROOMS_PER_HOUR: z.coerce.number().int().positive().default(600),
  /** How long a therapist stays signed in on one device (M3). */
  SESSION_DAYS: z.coerce.number().positive().max(90).default(14),
  /** How long a breathing pause lasts, in seconds (I11); tests run a short one. */
  BREATHING_SECONDS: z.coerce
    .number()
    .int()
    .min(BREATHING.minSeconds)
    .max(BREATHING.maxSeconds)
    .default(BREATHING.defaultSeconds),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  tokenSecret: string | undefined;
  tokenTtlSeconds: number;
  publicUrl: string | undefined;
  seatGraceMs: number;
  docUnloadMs: number;
  shutdownMs: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  roomsPerHour: number;
  commandsPer10s: number;
  /** The command-limit window; 10 s in production, longer in tests so a slow machine cannot refill it. */
  commandWindowSeconds: number;
  /** express `trust proxy`: a hop count, true/false, or addresses/subnets. */
  trustProxy: boolean | number | string | undefined;
  docMaxBytes: number;
  roomMaxBytes: number;
  docFramesPer10s: number;
  handshakesPerMinute: number;
  failedHandshakesPer10Min: number;
  exportWindowMs: number;
  /** RETENTION_PRACTICE_DAYS in milliseconds (E3). */
  retentionPracticeMs: number;
  /** RETENTION_SWEEP_MINUTES in milliseconds. */
  retentionSweepMs: number;
  metricsToken: string | undefined;
  /** CSP `frame-ancestors` sources: `'self'` and/or https origins (FRAME_ANCESTORS). */
  frameAncestors: string[];
  /** Sent in every welcome: the emergency sentence and the operator's crisis lines (CRISIS_RESOURCES). */
  crisisResources: CrisisResources;
  /** REDIS_URL: the shared store of several instances; undefined means SQLite in dataDir. */
  redisUrl: string | undefined;
  instanceId: string | undefined;
  /** How long a new document connection has to send its auth message (tests shorten it). */
  docAuthTimeoutMs: number;
  /** Unsent bytes past which a socket.io client that stopped reading is cut (tests shorten it). */
  socketMaxBufferedBytes: number;
  signup: 'open' | 'invite' | 'closed';
  practiceRooms: 'open' | 'couples';
  practiceRoomsPerHour: number;
  sessionTtlMs: number;
  /** BREATHING_SECONDS: every new room's breathing pause (I11). */
  breathingSeconds: number;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`FOO=` in a compose file) means unset, not an empty value — nor zero.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = Env.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    tokenSecret: e.TOKEN_SECRET,
    tokenTtlSeconds: Math.round(e.TOKEN_TTL_HOURS * 3600),
    publicUrl: e.PUBLIC_URL,
    seatGraceMs: e.SEAT_GRACE_MS,
    docUnloadMs: e.DOC_UNLOAD_MS,
    shutdownMs: e.SHUTDOWN_MS,
    logLevel: e.LOG_LEVEL,
    roomsPerHour: e.ROOMS_PER_HOUR,
    commandsPer10s: e.COMMANDS_PER_10S,
    commandWindowSeconds: 10,
    trustProxy: trustProxyValue(e.TRUST_PROXY),
    docMaxBytes: e.DOC_MAX_BYTES,
    roomMaxBytes: Math.max(e.ROOM_MAX_BYTES, e.DOC_MAX_BYTES),
    docFramesPer10s: e.DOC_FRAMES_PER_10S,
    handshakesPerMinute: e.HANDSHAKES_PER_MINUTE,
    failedHandshakesPer10Min: e.FAILED_HANDSHAKES_PER_10MIN,
    exportWindowMs: Math.round(e.EXPORT_WINDOW_HOURS * 3600 * 1000),
    retentionPracticeMs: Math.round(e.RETENTION_PRACTICE_DAYS * 24 * 3600 * 1000),
    retentionSweepMs: Math.round(e.RETENTION_SWEEP_MINUTES * 60 * 1000),
    metricsToken: e.METRICS_TOKEN,
    frameAncestors: e.FRAME_ANCESTORS ?? ["'self'"],
    crisisResources: loadCrisisResources(e.CRISIS_RESOURCES),
    redisUrl: e.REDIS_URL,
    instanceId: e.INSTANCE_ID,
    docAuthTimeoutMs: LIMITS.docAuthTimeoutMs,
    // Twice the largest document: a whole first sync fits; a reader holding more has stopped reading.
    socketMaxBufferedBytes: Math.max(2 * e.DOC_MAX_BYTES, 4 * 1024 * 1024),
    signup: e.SIGNUP,
    practiceRooms: e.PRACTICE_ROOMS,
    practiceRoomsPerHour: e.PRACTICE_ROOMS_PER_HOUR,
    sessionTtlMs: Math.round(e.SESSION_DAYS * 24 * 3600 * 1000),
    breathingSeconds: e.BREATHING_SECONDS,
  };
}

/** `1` means one proxy hop (not the address 0.0.0.1), `true`/`false` are booleans, the rest addresses. */
function trustProxyValue(value: string | undefined): Config['trustProxy'] {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/**
 * FRAME_ANCESTORS as CSP sources, or what is wrong with it. Only `'self'` (or `self`: shells and
 * compose files eat the quotes) and exact https origins: no http (a framing page that could be
 * tampered with on the way), no wildcards, no paths — the operator names the portals they run.
 */
export function frameAncestors(value: string): string[] | string {
  const tokens = value.split(/\s+/).filter((token) => token.length > 0);
  if (tokens.length === 0) return "name 'self' or https origins, separated by spaces.";
  if (tokens.length > 20) return 'at most 20 origins.';
  const sources: string[] = [];
  for (const token of tokens) {
    const source = token === "'self'" || token === 'self' ? "'self'" : httpsOrigin(token);
    if (source === null) {
      return `"${token}" is not 'self' or an https origin (https://host or https://host:port, no path, no wildcard).`;
    }
    if (!sources.includes(source)) sources.push(source);
  }
  return sources;
}

function httpsOrigin(token: string): string | null {
  if (/[*?#@]/.test(token)) return null;
  let url: URL;
  try {
    url = new URL(token);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.hostname === '') return null;
  return url.origin;
}
