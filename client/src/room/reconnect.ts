import type { ManagerOptions, Socket } from 'socket.io-client';
import type { WebsocketProvider } from 'y-websocket';

/**
 * When a tab retries a dropped connection. Every tab of a room loses the server at the same moment
 * (a restart), so the waits must differ from tab to tab, or they all come back in the same
 * millisecond: "full jitter" — a uniformly random wait below a ceiling that doubles with each failed
 * try. Neither library does this. y-websocket 3.1 waits exactly 2^n × 100 ms (capped), the same in
 * every tab; socket.io-client's jitter (±randomizationFactor around the doubled delay) is cut off by
 * `reconnectionDelayMax`, so after a few failures nearly every tab waits exactly the maximum and
 * they retry in step again. So both channels retry on this schedule instead.
 *
 * The ceiling stays low (`shortMaxMs`) through the first tries, the length of a restart or a
 * deploy: it bounds how long after the server is back a tab can still be waiting. After that the
 * outage is a long one (usually this device's network, where `online` brings an immediate try),
 * and tries thin out to `longMaxMs`.
 */
export const RECONNECT = {
  firstMs: 250,
  shortMaxMs: 1000,
  /** Tries before the ceiling rises: about 15 s of an outage at the short ceiling's average wait. */
  shortAttempts: 30,
  longMaxMs: 10_000,
} as const;

/** The wait before try number `attempt` (0 after a connection that worked). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const cap = attempt < RECONNECT.shortAttempts ? RECONNECT.shortMaxMs : RECONNECT.longMaxMs;
  const ceiling = Math.min(cap, RECONNECT.firstMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** One channel's retries: a failure schedules the next try, a success starts the schedule over. */
export class Retrier {
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly connect: () => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** A try failed or a connection dropped: try again after this tab's own wait. */
  failed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.connect();
      },
      reconnectDelay(this.attempt++, this.random),
    );
  }

  /** The connection works: a later drop starts from the shortest waits. */
  succeeded(): void {
    this.attempt = 0;
    this.stop();
  }

  /** The network is back: try at once rather than wait out a ceiling that grew while it was gone. */
  now(): void {
    this.stop();
    this.connect();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The socket.io client retries on `Retrier`'s schedule, not its own (see RECONNECT). */
export const SOCKET_RECONNECT: Partial<ManagerOptions> = { reconnection: false };

/**
 * Retries a socket.io client after a drop or a refused handshake, while `wanted()` — never after it
 * was closed on purpose, by this tab or by the server (`closing`, a refusal reconnecting cannot fix).
 * (socket.io-client never retries a refused handshake by itself, so a transient refusal — too many
 * attempts, a server error — used to leave the tab disconnected.)
 */
export function retrySocket(socket: Socket, wanted: () => boolean): Retrier {
  const retry = new Retrier(() => {
    if (wanted() && socket.disconnected) socket.connect();
  });
  socket.on('connect', () => retry.succeeded());
  socket.on('connect_error', () => {
    if (wanted()) retry.failed();
  });
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect' && reason !== 'io server disconnect' && wanted()) retry.failed();
  });
  return retry;
}

/** A close the server means for good (44xx: full, refused, access changed); y-websocket's own rule. */
export function finalDocClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** The provider hands every close by the server to `keepReconnecting` instead of retrying itself. */
export function docReconnectOptions(): { shouldReconnect: () => boolean } {
  return { shouldReconnect: () => false };
}

/**
 * Retries a y-websocket provider made with `docReconnectOptions()` on `Retrier`'s schedule after a
 * close by the server that is not final, while `wanted()` (the provider still belongs to the tab).
 */
export function keepReconnecting(provider: WebsocketProvider, wanted: () => boolean): Retrier {
  const retry = new Retrier(() => {
    if (wanted()) provider.connect();
  });
  provider.on('sync', (synced: boolean) => {
    if (synced) retry.succeeded();
  });
  provider.on('closed', ({ code }: { code: number }) => {
    if (!finalDocClose(code) && wanted()) retry.failed();
  });
  return retry;
}
