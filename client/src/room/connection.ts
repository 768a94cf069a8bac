import { io, type Socket } from 'socket.io-client';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  type ClientCommand,
  type CommandAck,
  type ErrorBody,
  errorBody,
  exhaustive,
  PROTOCOL_VERSION,
  type Presence,
  type RoomState,
  type Welcome,
} from '../../../shared/index.ts';
import type { SeatLink } from '../token.ts';
import { closedSentence, type DocHealth, UNKNOWN_HEALTH, watchDocSize } from './docHealth.ts';
import { authenticatedWebSocket } from './docSocket.ts';
import { Follower } from './follow.ts';

/**
 * `closed`: the room ended this connection for good (link replaced, expired…). `outdated`: this copy
 * of the app can no longer follow the room (an event it cannot read); only a reload helps.
 */
export type ConnectionStatus =
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'offline'
  | 'closed'
  | 'outdated';

/** What a person reads when the app stops following the room (`outdated`). */
export const OUTDATED_MESSAGE = 'This room was updated. Please reload the page.';

/** Everything the screens read; replaced (never mutated) on every change, for useSyncExternalStore. */
export interface RoomView {
  status: ConnectionStatus;
  /** Why the room closed this connection for good (link replaced, expired…), as a plain sentence. */
  closedReason: string | null;
  welcome: Welcome | null;
  state: RoomState | null;
  presence: Presence | null;
  /** Server clock minus this device's clock, from the last welcome: timers count on the server's time. */
  clockOffsetMs: number;
  /** How each open document is doing: how full, and whether the server closed it for good. */
  docs: Partial<Record<DocName, DocHealth>>;
}

/** Handshake refusals that reconnecting cannot fix. */
const FINAL = new Set([
  'unauthorized',
  'token_expired',
  'token_revoked',
  'room_not_found',
  'protocol_version',
]);

export type DocName = 'record' | 'notes' | 'therapist-notes' | 'draft/A' | 'draft/B';

/**
 * The one owner of a seat's connections: the socket.io client for the turn protocol and
 * the y-websocket providers for the documents. Screens read its view through hooks; they never see
 * a socket.
 */
export class RoomConnection {
  private view: RoomView = {
    status: 'connecting',
    closedReason: null,
    welcome: null,
    state: null,
    presence: null,
    clockOffsetMs: 0,
    docs: {},
  };
  private readonly listeners = new Set<() => void>();
  private readonly socket: Socket;
  private readonly docs = new Map<
    DocName,
    {
      doc: Y.Doc;
      provider: WebsocketProvider;
      local?: IndexeddbPersistence;
      size: ReturnType<typeof watchDocSize>;
    }
  >();
  private readonly follower = new Follower();
  private readonly onOnline = () => this.setStatus(this.socket.connected ? 'connected' : 'reconnecting');
  private readonly onOffline = () => this.setStatus('offline');

  constructor(readonly link: SeatLink) {
    this.socket = io({
      // The last seq this tab has folded, so a reconnect gets exactly what it missed (S4).
      auth: (cb) => cb({ token: link.token, protocolVersion: PROTOCOL_VERSION, ...this.lastSeq() }),
      transports: ['websocket'],
      reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => this.setStatus('connected'));
    this.socket.on('disconnect', () => this.setStatus(navigator.onLine ? 'reconnecting' : 'offline'));
    this.socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string } }) => {
      const code = error.data?.code;
      if (code && FINAL.has(code)) return this.close(error.data?.message ?? error.message);
      this.setStatus(navigator.onLine ? 'reconnecting' : 'offline');
    });
    this.socket.on('welcome', (welcome: Welcome) => {
      this.patch({
        welcome,
        clockOffsetMs: welcome.serverTime - Date.now(),
        ...(welcome.admitted ? {} : { state: null }),
      });
      // The caps are known now: measure what is already open.
      for (const { size } of this.docs.values()) size.measure();
    });
    this.socket.on('sync', (sync: { kind: 'events' | 'snapshot'; state?: RoomState; events?: unknown[] }) => {
      if (sync.kind === 'snapshot') {
        this.follower.reset();
        return this.patch({ state: sync.state ?? null });
      }
      for (const raw of sync.events ?? []) this.fold(raw);
    });
    this.socket.on('event', (raw: unknown) => this.fold(raw));
    this.socket.on('presence', (presence: Presence) => this.patch({ presence }));
    this.socket.on('closing', (error: ErrorBody) => this.close(error.message));
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): RoomView => this.view;

  /**
   * Sends a command and resolves with its acknowledgement. The id makes a retry safe (A4): when the
   * first try gets no answer, the same command is sent again once the connection is back.
   */
  async send(command: ClientCommand): Promise<CommandAck> {
    const envelope = { id: crypto.randomUUID(), command };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return (await this.socket.timeout(15_000).emitWithAck('command', envelope)) as CommandAck;
      } catch {
        // No answer in time: fall through and try once more with the same id.
      }
    }
    return {
      ok: false,
      error: errorBody(
        'internal',
        'The room did not answer. Check your connection; nothing you typed is lost.',
      ),
    };
  }

  /**
   * A synced document of this room. The seat's own draft is also kept in this browser, so offline
   * typing survives; nobody else's words are stored on this device, and the copy is cleared at the end.
   */
  doc(name: DocName): { doc: Y.Doc; provider: WebsocketProvider } {
    const existing = this.docs.get(name);
    if (existing) return existing;
    const doc = new Y.Doc();
    const fullName = `${this.link.roomId}/${name}`;
    const local =
      name === `draft/${this.link.seat}`
        ? new IndexeddbPersistence(`dialogue-room:${fullName}:${this.link.seat}`, doc)
        : undefined;
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}/yjs`, fullName, doc, {
      WebSocketPolyfill: authenticatedWebSocket(this.link.token),
    });
    provider.awareness.setLocalState({ seat: this.link.seat });
    // The server closes a document for good with 44xx (full, refused, access changed); y-websocket
    // then stops reconnecting. The editor shows why and stops taking typing nobody will receive.
    provider.on('closed', ({ code, reason }) =>
      this.patchDoc(name, { closedReason: closedSentence(name, code, reason) }),
    );
    const size = watchDocSize(doc, (bytes) => {
      const cap = this.view.welcome?.limits?.docBytes;
      if (cap) this.patchDoc(name, { usedPercent: Math.floor((bytes / cap) * 100) });
    });
    const entry = { doc, provider, size, ...(local ? { local } : {}) };
    this.docs.set(name, entry);
    return entry;
  }

  destroy(): void {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.socket.disconnect();
    for (const { doc, provider, local, size } of this.docs.values()) {
      size.stop();
      provider.destroy();
      void local?.destroy();
      doc.destroy();
    }
    this.docs.clear();
  }

  private lastSeq(): { lastSeq?: number } {
    return this.view.state ? { lastSeq: this.view.state.seq } : {};
  }

  /** Every event, live or replayed, goes through the one follow policy (`follow.ts`). */
  private fold(raw: unknown) {
    if (this.final()) return;
    const step = this.follower.next(this.view.state, raw);
    switch (step.kind) {
      case 'skip':
        return;
      case 'resync':
        this.socket.disconnect().connect();
        return;
      case 'stop':
        // The documents stay connected, so what someone is typing still reaches the room.
        this.patch({ status: 'outdated' });
        this.socket.disconnect();
        return;
      case 'fold':
        if (step.event.type === 'ended')
          void this.docs.get(`draft/${this.link.seat}` as DocName)?.local?.clearData();
        this.patch({ state: step.state });
        return;
      default:
        exhaustive(step, 'follow step');
    }
  }

  private close(reason: string) {
    this.patch({ status: 'closed', closedReason: reason });
    this.socket.disconnect();
    for (const { provider } of this.docs.values()) provider.disconnect();
  }

  /** Closed and outdated are final: no later socket or network event may bring the room back. */
  private final(): boolean {
    return this.view.status === 'closed' || this.view.status === 'outdated';
  }

  private setStatus(status: ConnectionStatus) {
    if (!this.final()) this.patch({ status });
  }

  private patchDoc(name: DocName, change: Partial<DocHealth>) {
    const current = this.view.docs[name] ?? UNKNOWN_HEALTH;
    const next = { ...current, ...change };
    if (next.usedPercent === current.usedPercent && next.closedReason === current.closedReason) return;
    this.patch({ docs: { ...this.view.docs, [name]: next } });
  }

  private patch(change: Partial<RoomView>) {
    this.view = { ...this.view, ...change };
    for (const listener of this.listeners) listener();
  }
}
