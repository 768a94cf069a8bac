import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  type ClientCommand,
  type ClientToServerEvents,
  type CommandAck,
  type ErrorBody,
  type Following,
  follow,
  PROTOCOL_VERSION,
  type Presence,
  type RoomEvent,
  type RoomMessage,
  type RoomState,
  type ServerToClientEvents,
  startFollowing,
  type Welcome,
} from '../../shared/index.ts';
import { eventually } from './eventually.ts';

/**
 * A real socket.io client for one seat, as a third-party client would be written from
 * docs/PROTOCOL.md: it follows the room with the shared follower (`shared/follower/follow.ts`), as
 * the web client does. Unlike the web client it never resyncs: a gap or a message it cannot follow
 * means the server under test broke S4, so it fails the test (thrown from the socket's listener, and
 * at once from `connected` and `caughtUp`).
 */
export class SeatClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly frames: { event: string; args: unknown[] }[] = [];
  /** Every event folded, in order. */
  readonly events: RoomEvent[] = [];
  readonly protocolErrors: ErrorBody[] = [];
  readonly alerts: unknown[] = [];
  presence: Presence | null = null;
  closing: ErrorBody | null = null;
  connectError: { message: string; data?: { code?: string } } | null = null;
  private following: Following;

  constructor(
    readonly url: string,
    public token: string,
    options: {
      lastSeq?: number;
      /** What the client had folded before, as a real client keeps it across reloads. */
      state?: RoomState | null;
      protocolVersion?: number;
      /** Sent as the handshake's auth instead of the client's own (to test refusals). */
      auth?: object;
      reconnect?: boolean;
    } = {},
  ) {
    this.following = startFollowing({
      state: options.state ?? null,
      ...(options.lastSeq === undefined ? {} : { lastSeq: options.lastSeq }),
    });
    this.socket = io(url, {
      transports: ['websocket'],
      reconnection: options.reconnect ?? false,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      forceNew: true,
      auth: (cb) =>
        cb(
          options.auth ?? {
            token: this.token,
            protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION,
            ...(this.lastSeq === undefined ? {} : { lastSeq: this.lastSeq }),
          },
        ),
    });
    // Listeners go on at creation: an event can arrive before any later once().
    this.socket.onAny((event: string, ...args: unknown[]) => this.frames.push({ event, args }));
    this.socket.on('welcome', (payload) => this.receive({ name: 'welcome', payload }));
    this.socket.on('sync', (payload) => this.receive({ name: 'sync', payload }));
    this.socket.on('event', (payload) => this.receive({ name: 'event', payload }));
    this.socket.on('presence', (presence) => {
      this.presence = presence;
    });
    this.socket.on('protocolError', (error) => this.protocolErrors.push(error));
    this.socket.on('safetyAlert', (alert) => this.alerts.push(alert));
    this.socket.on('closing', (error) => {
      this.closing = error;
    });
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      this.connectError = { message: error.message, ...(error.data ? { data: error.data } : {}) };
    });
  }

  /** The room as this seat sees it, folded from everything received. */
  get state(): RoomState | null {
    return this.following.state;
  }

  get lastSeq(): number | undefined {
    return this.following.lastSeq;
  }

  get welcome(): Welcome | null {
    return this.following.welcome;
  }

  /** The same socket without the wire's event maps: for tests that send what the protocol does not allow. */
  get offProtocol(): Socket {
    return this.socket;
  }

  private receive(message: RoomMessage) {
    this.following = follow(this.following, message);
    this.events.push(...this.following.folded);
    const failure = this.failure();
    if (failure) throw failure;
  }

  /** Why this client could not follow the room, if it could not. */
  private failure(): Error | null {
    const { error, needsResync, lastSeq } = this.following;
    if (error) return Object.assign(new Error(`cannot follow: ${JSON.stringify(error)}`), { final: true });
    if (needsResync) return Object.assign(new Error(`gap after seq ${lastSeq}`), { final: true });
    return null;
  }

  /**
   * Sends a command and resolves with its acknowledgement. (socket.io-client types the answer of a
   * `timeout()` emit as `any`; the event map's ack type is restated in the return type.)
   */
  send(command: ClientCommand | Record<string, unknown>, id: string = randomUUID()): Promise<CommandAck> {
    return this.socket.timeout(10_000).emitWithAck('command', { id, command });
  }

  /** Sends and insists on acceptance. */
  async ok(command: ClientCommand): Promise<number> {
    const ack = await this.send(command);
    if (!ack.ok) throw new Error(`${command.type} rejected: ${ack.error.code} ${ack.error.message}`);
    return ack.seq;
  }

  /** Waits until this client has folded everything up to `seq`. */
  async caughtUp(seq: number): Promise<void> {
    await eventually(() => {
      const failure = this.failure();
      if (failure) throw failure;
      if ((this.lastSeq ?? 0) < seq) throw new Error(`at ${this.lastSeq}, waiting for ${seq}`);
    });
  }

  async connected(): Promise<void> {
    await eventually(() => {
      if (this.connectError) throw Object.assign(new Error(this.connectError.message), { final: true });
      const failure = this.failure();
      if (failure) throw failure;
      if (!this.welcome) throw new Error('no welcome yet');
    });
  }

  async refused(): Promise<{ message: string; data?: { code?: string } }> {
    return eventually(() => {
      if (!this.connectError) throw new Error('not refused yet');
      return this.connectError;
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}
