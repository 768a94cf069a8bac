import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { keepReconnecting, retrySocket } from '../../client/src/room/reconnect.ts';
import { docAuthFrame, PROTOCOL_VERSION } from '../../shared/index.ts';
import { WEB_CLIENT_PROVIDER, WEB_CLIENT_SOCKET } from './clientOptions.ts';

/** Where a client reports a failure while a window is measured (bench/load/room.ts `sink`). */
export const failures = { report: (_kind: string) => {} };

/** A room event as the load needs it: its seq and type (the follower's checks are the tests' job). */
export interface SeenEvent {
  seq: number;
  type: string;
}

/**
 * A cheap socket.io client for one seat: it keeps only the last seq it saw and sends it on every
 * (re)connect, as the web client does (S4), so thousands fit in one load process. Against the bare
 * relay `auth` is just the room's name.
 */
export class LoadSeat {
  readonly socket: Socket;
  lastSeq: number | undefined;
  /** When the last welcome came (Date.now()), and whether a sync followed it. */
  welcomedAt = 0;
  syncedAt = 0;
  admitted = false;
  onEvent: ((event: SeenEvent) => void) | null = null;

  constructor(url: string, auth: { token: string } | { room: string }) {
    this.socket = io(url, {
      ...WEB_CLIENT_SOCKET,
      transports: ['websocket'],
      forceNew: true,
      auth: (cb) =>
        cb(
          'token' in auth
            ? {
                token: auth.token,
                protocolVersion: PROTOCOL_VERSION,
                ...(this.lastSeq === undefined ? {} : { lastSeq: this.lastSeq }),
              }
            : auth,
        ),
    });
    // The web client's own retries (client/src/room/reconnect.ts), until this seat is closed.
    retrySocket(this.socket, () => !this.closed);
    this.socket.on('welcome', (welcome: { admitted: boolean }) => {
      this.welcomedAt = Date.now();
      this.admitted = welcome.admitted;
    });
    this.socket.on('sync', (sync: { seq: number; events?: SeenEvent[] }) => {
      this.admitted = true;
      this.seen(sync.seq);
      this.syncedAt = Date.now();
    });
    this.socket.on('event', (event: SeenEvent) => {
      this.seen(event.seq);
      this.onEvent?.(event);
    });
    this.socket.on('connect_error', (error) => failures.report(`socket.io connect_error: ${error.message}`));
    this.socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') failures.report(`socket.io disconnect: ${reason}`);
    });
  }

  private seen(seq: number) {
    if (this.lastSeq === undefined || seq > this.lastSeq) this.lastSeq = seq;
  }

  send(
    command: object,
    timeoutMs = 10_000,
  ): Promise<{ ok: boolean; seq?: number; error?: { code: string } }> {
    return this.socket.timeout(timeoutMs).emitWithAck('command', { id: crypto.randomUUID(), command });
  }

  private closed = false;

  close(): void {
    this.closed = true;
    this.socket.disconnect();
  }
}

/** `ws` sending the auth message first (D11), before the provider's own first message. */
function authenticatedWebSocket(token: string) {
  return class AuthenticatedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('open', () => this.send(docAuthFrame(token)));
    }
  };
}

/**
 * The stock y-websocket provider for one seat's copy of a document: `ws` as its WebSocket, no
 * BroadcastChannel (in one process the providers would sync through it and hide the server), the
 * web client's backoff. `token` null: the bare server, which has no auth.
 */
export class LoadDoc {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly text: Y.Text;
  /** When the provider last reported itself synced (Date.now()). */
  syncedAt = 0;

  constructor(wsUrl: string, name: string, token: string | null, seat: string) {
    this.text = this.doc.getText('text');
    this.provider = new WebsocketProvider(wsUrl, name, this.doc, {
      ...WEB_CLIENT_PROVIDER,
      WebSocketPolyfill: (token === null
        ? WebSocket
        : authenticatedWebSocket(token)) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    keepReconnecting(this.provider, () => !this.destroyed);
    this.provider.awareness.setLocalState({ seat });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.syncedAt = Date.now();
    });
    this.provider.on('connection-close', (event: { code?: number } | null) => {
      // No code: the provider closed it itself after 30 s without a message from the server.
      if (!this.destroyed) failures.report(`document closed: ${event?.code ?? 'silent for 30 s'}`);
    });
  }

  private destroyed = false;

  destroy(): void {
    this.destroyed = true;
    this.provider.destroy();
    this.doc.destroy();
  }
}
