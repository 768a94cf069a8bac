import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  type ClientCommand,
  type CommandAck,
  type ErrorBody,
  evolve,
  PROTOCOL_VERSION,
  type Presence,
  RoomEvent,
  type RoomState,
  type Welcome,
} from '../../shared/index.ts';
import { eventually } from './eventually.ts';

/**
 * A real socket.io client for one seat, as a third-party client would be written from
 * docs/PROTOCOL.md: it folds what it receives with the shared engine and remembers the last seq.
 */
export class SeatClient {
  readonly socket: Socket;
  readonly frames: { event: string; args: unknown[] }[] = [];
  readonly events: RoomEvent[] = [];
  readonly protocolErrors: ErrorBody[] = [];
  readonly alerts: unknown[] = [];
  state: RoomState | null = null;
  welcome: Welcome | null = null;
  presence: Presence | null = null;
  closing: ErrorBody | null = null;
  connectError: { message: string; data?: { code?: string } } | null = null;
  lastSeq: number | undefined;

  constructor(
    readonly url: string,
    public token: string,
    options: {
      lastSeq?: number;
      /** What the client had folded before, as a real client keeps it across reloads. */
      state?: RoomState | null;
      protocolVersion?: number;
      auth?: unknown;
      reconnect?: boolean;
    } = {},
  ) {
    this.lastSeq = options.lastSeq;
    this.state = options.state ?? null;
    this.socket = io(url, {
      transports: ['websocket'],
      reconnection: options.reconnect ?? false,
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
      forceNew: true,
      auth: (cb) =>
        cb(
          (options.auth as object) ?? {
            token: this.token,
            protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION,
            ...(this.lastSeq === undefined ? {} : { lastSeq: this.lastSeq }),
          },
        ),
    });
    // Listeners go on at creation: an event can arrive before any later once().
    this.socket.onAny((event: string, ...args: unknown[]) => this.frames.push({ event, args }));
    this.socket.on('welcome', (welcome: Welcome) => {
      this.welcome = welcome;
    });
    this.socket.on('sync', (sync: { kind: string; state?: RoomState; events?: unknown[]; seq: number }) => {
      if (sync.kind === 'snapshot') {
        this.state = sync.state as RoomState;
      } else {
        for (const raw of sync.events ?? []) this.receive(raw);
      }
      this.lastSeq = sync.seq;
    });
    this.socket.on('event', (raw: unknown) => this.receive(raw));
    this.socket.on('presence', (presence: Presence) => {
      this.presence = presence;
    });
    this.socket.on('protocolError', (error: ErrorBody) => this.protocolErrors.push(error));
    this.socket.on('safetyAlert', (alert: unknown) => this.alerts.push(alert));
    this.socket.on('closing', (error: ErrorBody) => {
      this.closing = error;
    });
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      this.connectError = { message: error.message, ...(error.data ? { data: error.data } : {}) };
    });
  }

  private receive(raw: unknown) {
    const event = RoomEvent.parse(raw);
    if (this.lastSeq !== undefined && event.seq !== this.lastSeq + 1) {
      throw new Error(`gap: got seq ${event.seq} after ${this.lastSeq}`);
    }
    this.events.push(event);
    this.state = evolve(this.state, event);
    this.lastSeq = event.seq;
  }

  /** Sends a command and resolves with its acknowledgement. */
  send(command: ClientCommand | Record<string, unknown>, id: string = randomUUID()): Promise<CommandAck> {
    return this.socket.timeout(10_000).emitWithAck('command', { id, command }) as Promise<CommandAck>;
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
      if ((this.lastSeq ?? 0) < seq) throw new Error(`at ${this.lastSeq}, waiting for ${seq}`);
    });
  }

  async connected(): Promise<void> {
    await eventually(() => {
      if (this.connectError) throw Object.assign(new Error(this.connectError.message), { final: true });
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
