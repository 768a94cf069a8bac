import { io, type Socket } from 'socket.io-client';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  type ClientCommand,
  type ClientToServerEvents,
  type CommandAck,
  errorBody,
  type Following,
  follow,
  PROTOCOL_VERSION,
  type Presence,
  type RoomMessage,
  type RoomState,
  resyncing,
  type ServerToClientEvents,
  startFollowing,
  type Welcome,
} from '../../../shared/index.ts';
import type { SeatLink } from '../token.ts';
import { closedSentence, type DocHealth, UNKNOWN_HEALTH, watchDocSize } from './docHealth.ts';
import { authenticatedWebSocket } from './docSocket.ts';
import {
  docReconnectOptions,
  finalDocClose,
  keepReconnecting,
  type Retrier,
  retrySocket,
  SOCKET_RECONNECT,
} from './reconnect.ts';

/**
 * This tab's link to the room (a seat's presence as others see it is `PresenceStatus`). `closed`: the
 * room ended this connection for good (link replaced, expired…). `outdated`: this copy of the app can
 * no longer follow the room (a message it cannot read or fold, or a gap a resync did not fill); only
 * a reload helps.
 */
export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed' | 'outdated';

/** What a person reads when the app stops following the room (`outdated`). */
export const OUTDATED_MESSAGE = 'This room was updated. Please reload the page.';

/** Everything the screens read; replaced (never mutated) on every change, for useSyncExternalStore. */
export interface RoomView {
  status: LinkStatus;
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

/** When the server's store is out of reach, the same command is sent again after these waits. */
const UNAVAILABLE_RETRIES_MS = [1000, 2000, 4000];

/** Handshake refusals that reconnecting cannot fix. */
const FINAL = new Set([
  'unauthorized',
  'token_expired',
  'token_revoked',
  'room_not_found',
  // A deleted room's links (E1): "This session was deleted."
  'session_ended',
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
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly docs = new Map<
    DocName,
    {
      doc: Y.Doc;
      provider: WebsocketProvider;
      local?: IndexeddbPersistence;
      size: ReturnType<typeof watchDocSize>;
      retry: Retrier;
    }
  >();
  private readonly retry: Retrier;
  /** What has been folded of the room, by the follower every client shares (`shared/follower/follow.ts`). */
  private following: Following = startFollowing();
  private readonly onOnline = () => {
    if (this.socket.connected) return this.setStatus('connected');
    this.setStatus('reconnecting');
    // The network is back: try now, rather than wait out a back-off that grew while it was gone.
    if (this.final()) return;
    this.socket.disconnect().connect();
    for (const { retry } of this.docs.values()) retry.now();
  };
  private readonly onOffline = () => this.setStatus('offline');

  constructor(readonly link: SeatLink) {
    this.socket = io({
      // The last seq this tab has folded, so a reconnect gets exactly what it missed (S4).
      auth: (cb) => cb({ token: link.token, protocolVersion: PROTOCOL_VERSION, ...this.lastSeq() }),
      transports: ['websocket'],
      ...SOCKET_RECONNECT,
    });
    this.retry = retrySocket(this.socket, () => !this.final());
    this.socket.on('connect', () => this.setStatus('connected'));
    this.socket.on('disconnect', () => this.setStatus(navigator.onLine ? 'reconnecting' : 'offline'));
    this.socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string } }) => {
      const code = error.data?.code;
      if (code && FINAL.has(code)) return this.close(error.data?.message ?? error.message);
      this.setStatus(navigator.onLine ? 'reconnecting' : 'offline');
    });
    this.socket.on('welcome', (payload) => this.receive({ name: 'welcome', payload }));
    this.socket.on('sync', (payload) => this.receive({ name: 'sync', payload }));
    this.socket.on('event', (payload) => this.receive({ name: 'event', payload }));
    this.socket.on('presence', (presence) => this.patch({ presence }));
    this.socket.on('closing', (error) => this.close(error.message));
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
    let unavailable = 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // socket.io-client types a `timeout()` emit's answer as `any`: the return type restates the ack's.
        const ack: CommandAck = await this.socket.timeout(15_000).emitWithAck('command', envelope);
        // The store was out of reach: the command may still have been stored, so it is sent again
        // with the same id (applied at most once, A4) a few times before the person is told.
        if (
          ack.ok ||
          ack.error.code !== 'temporarily_unavailable' ||
          unavailable >= UNAVAILABLE_RETRIES_MS.length
        )
          return ack;
        await new Promise((resolve) => setTimeout(resolve, UNAVAILABLE_RETRIES_MS[unavailable]));
        unavailable += 1;
        attempt -= 1;
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
      ...docReconnectOptions(),
    });
    // Retried while this provider is still the tab's (destroy() forgets it) and the room is not closed.
    const retry = keepReconnecting(
      provider,
      () => !this.final() && this.docs.get(name)?.provider === provider,
    );
    provider.awareness.setLocalState({ seat: this.link.seat });
    // Every close by the server comes here (docReconnectOptions); one with 44xx (full, refused, access
    // changed) is for good: no retry, and the editor shows why and stops taking typing nobody will receive.
    provider.on('closed', ({ code, reason }) => {
      if (finalDocClose(code)) this.patchDoc(name, { closedReason: closedSentence(name, code, reason) });
    });
    const size = watchDocSize(doc, (bytes) => {
      const cap = this.view.welcome?.limits?.docBytes;
      if (cap) this.patchDoc(name, { usedPercent: Math.floor((bytes / cap) * 100) });
    });
    const entry = { doc, provider, size, retry, ...(local ? { local } : {}) };
    this.docs.set(name, entry);
    return entry;
  }

  destroy(): void {
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.retry.stop();
    this.socket.disconnect();
    for (const { doc, provider, local, size, retry } of this.docs.values()) {
      retry.stop();
      size.stop();
      provider.destroy();
      void local?.destroy();
      doc.destroy();
    }
    this.docs.clear();
  }

  private lastSeq(): { lastSeq?: number } {
    const { lastSeq } = this.following;
    return lastSeq === undefined ? {} : { lastSeq };
  }

  /**
   * Every welcome, sync and event goes through the shared follower (SPEC S16). A gap gets one
   * reconnect, with the last seq folded; what the follower cannot follow stops this tab.
   */
  private receive(message: RoomMessage) {
    if (this.final()) return;
    const before = this.following;
    const after = follow(before, message);
    this.following = after;
    if (after.error) {
      // The documents stay connected, so what someone is typing still reaches the room.
      this.patch({ status: 'outdated' });
      this.socket.disconnect();
      return;
    }
    if (after.folded.some((event) => event.type === 'ended'))
      void this.docs.get(`draft/${this.link.seat}` as DocName)?.local?.clearData();
    if (after.welcome !== before.welcome && after.welcome) this.welcomed(after.welcome, after.state);
    else if (after.state !== before.state) this.patch({ state: after.state });
    if (after.needsResync) {
      this.following = resyncing(after);
      this.socket.disconnect().connect();
    }
  }

  private welcomed(welcome: Welcome, state: RoomState | null) {
    this.patch({ welcome, state, clockOffsetMs: welcome.serverTime - Date.now() });
    // The caps are known now: measure what is already open.
    for (const { size } of this.docs.values()) size.measure();
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

  private setStatus(status: LinkStatus) {
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
