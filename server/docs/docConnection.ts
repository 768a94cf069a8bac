import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { DOC_CLOSE, type DocAccess, LIMITS, type Seat } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { corkForThisTurn, tcpSocketOf } from '../net/turnCork.ts';
import { type DocPeer, fromClient, type LiveDoc } from './liveDoc.ts';
import { addsNothing } from './updateChecks.ts';
import {
  awarenessFrame,
  filterAwareness,
  isEmptyUpdate,
  MESSAGE,
  permissionDeniedFrame,
  syncStep1Frame,
  syncStep2Frame,
} from './wire.ts';

const KEEPALIVE_MS = 30_000;
/** After the server closes a connection, how long the client gets to answer before it is cut. */
const CLOSE_GRACE_MS = 1_000;
/** Frames a connection may queue while its document loads. */
const MAX_QUEUED = 256;
/** A connection is answered "who is here?" at most this often; more questions share one answer. */
const AWARENESS_QUERY_INTERVAL_MS = 2_000;

/** What every document connection shares: logging, counters, and the per-connection frame budget. */
export interface DocConnectionDeps {
  log: Logger;
  metrics: Metrics;
  /** Frames per connection per window (D12); keyed by connection. */
  frames: RateLimiterMemory;
  /** Unsent bytes past which a connection that stopped reading is cut (D14). */
  maxBufferedBytes: number;
}

let nextConnectionId = 0;

/** What the connection's seat may do now; asked again when the document has loaded (D1). */
export type AccessCheck = () => Promise<DocAccess | 'revoked' | 'gone'>;

/**
 * A connection's life: `loading` (frames wait), `open`, then `closing` once the server refused it
 * (every later frame is dropped) or `closed`. A tagged state rather than flags that can disagree.
 */
type Phase = 'loading' | 'open' | 'closing' | 'closed';

/**
 * One y-websocket connection to one document, for one seat. Nothing is answered before the document
 * has loaded and access was checked again; frames are handled one at a time, in order; a write the
 * seat may not make is refused before it touches the document (D2–D9).
 */
export class DocConnection implements DocPeer {
  /** Awareness client ids this connection speaks for; cleared when it closes. */
  readonly awarenessClients = new Set<number>();
  private readonly id = `doc-connection-${++nextConnectionId}`;
  private readonly origin = fromClient(this);
  private readonly log: Logger;
  private phase: Phase = 'loading';
  private inbox: Promise<void>;
  /** The updates handed to the document and not yet answered (stored or refused). */
  private accepting: Promise<void> = Promise.resolve();
  private queued = 0;
  private alive = true;
  private readonly keepalive: NodeJS.Timeout;
  private lastAwarenessAnswer = 0;
  private awarenessAnswer: NodeJS.Timeout | undefined;
  /** The TCP socket under `ws`, corked for the turn when a frame is sent (S23). */
  private readonly tcp: Duplex | undefined;

  constructor(
    readonly ws: WebSocket,
    readonly live: LiveDoc,
    readonly seat: Seat,
    /** The seat version of the token it connected with: a re-issue closes the older ones (A5). */
    readonly version: number,
    private access: Exclude<DocAccess, 'none'>,
    recheck: AccessCheck,
    private readonly deps: DocConnectionDeps,
    private readonly onClose: (connection: DocConnection) => void,
    /** Frames that arrived after the auth message, before this connection took over the socket. */
    early: Uint8Array[] = [],
  ) {
    this.log = deps.log;
    this.tcp = tcpSocketOf(ws);
    const log = deps.log;
    // Registered at once, so access changes during the load reach this connection too (D4, A5).
    live.peers.add(this);
    const enqueue = (bytes: Uint8Array) => {
      if (++this.queued > MAX_QUEUED) return this.refuse(DOC_CLOSE.tooLarge, 'Too many messages at once.');
      this.inbox = this.inbox.then(() => {
        this.queued -= 1;
        return this.receive(bytes);
      });
    };
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => enqueue(toBytes(data)));
    // After the frames that arrived before the close have been handled, never before.
    ws.on('close', () => {
      this.inbox = this.inbox.then(() => this.closed());
    });
    ws.on('error', () => ws.terminate());
    ws.on('pong', () => {
      this.alive = true;
    });
    this.keepalive = setInterval(() => {
      if (!this.alive) return ws.terminate();
      this.alive = false;
      ws.ping();
    }, KEEPALIVE_MS);
    this.keepalive.unref();
    this.inbox = live.ready.then(
      () => this.greet(recheck),
      (error) => {
        log.error({ doc: live.ref.kind, roomId: live.ref.roomId, err: error }, 'doc failed to load');
        this.refuse(DOC_CLOSE.internal, 'This document is unavailable right now.');
      },
    );
    for (const bytes of early) enqueue(bytes);
  }

  /**
   * Only an open connection is sent anything: a loading one gets the whole document when it opens. A
   * reader whose unsent data passes the bound has stopped reading: it is cut, not buffered for (D14).
   */
  send(frame: Uint8Array): void {
    if (this.phase !== 'open' || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount + frame.length > this.deps.maxBufferedBytes) {
      this.log.warn(
        { doc: this.live.ref.kind, roomId: this.live.ref.roomId, seat: this.seat },
        'doc reader not reading; cut',
      );
      this.deps.metrics.slowReadersCut.inc({ endpoint: 'yjs' });
      this.phase = 'closing';
      this.ws.terminate();
      return;
    }
    if (this.tcp) corkForThisTurn(this.tcp);
    this.ws.send(frame);
  }

  /** Closes with a code the stock client understands; 44xx means "do not retry". Later frames are dropped. */
  refuse(code: number, reason: string): void {
    if (this.phase === 'closing' || this.phase === 'closed') return;
    this.log.warn(
      { doc: this.live.ref.kind, roomId: this.live.ref.roomId, seat: this.seat, reason },
      'doc frame refused',
    );
    if (code === DOC_CLOSE.forbidden) this.send(permissionDeniedFrame(reason));
    this.phase = 'closing';
    this.ws.close(code, reason);
    // A client that never answers the close frame is cut rather than left half-open.
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /**
   * Access was narrowed from write to read (the session ended, D10): later changes from this
   * connection are refused like any reader's; what it reads goes on.
   */
  readOnly(): void {
    this.access = 'read';
  }

  /** Resolves when every frame received so far has been handled. */
  drained(): Promise<void> {
    return this.inbox.then(() => this.accepting);
  }

  private async greet(recheck: AccessCheck) {
    if (this.phase !== 'loading') return;
    const access = await recheck();
    if (this.phase !== 'loading') return;
    if (access === 'revoked') return this.refuse(DOC_CLOSE.unauthorized, 'This link was replaced.');
    if (access === 'gone')
      return this.refuse(DOC_CLOSE.gone, 'This session has ended and is no longer available.');
    if (access === 'none')
      return this.refuse(DOC_CLOSE.unauthorized, 'Your access to this document has changed.');
    this.access = access;
    this.phase = 'open';
    this.send(syncStep1Frame(this.live.doc));
    const states = [...this.live.awareness.getStates().keys()];
    if (states.length > 0) this.send(awarenessFrame(this.live.awareness, states));
  }

  private async receive(bytes: Uint8Array) {
    // Frames a client sent before it closed are still handled; nothing after the server refused it.
    if (this.phase !== 'open') return;
    try {
      await this.deps.frames.consume(this.id);
    } catch {
      this.deps.metrics.docWritesRefused.inc({ reason: 'rate' });
      // 1013: the stock client reconnects after a moment and sends what it still has (nothing is lost).
      return this.refuse(DOC_CLOSE.tryAgainLater, 'Writing too fast; reconnecting in a moment.');
    }
    if (this.phase !== 'open') return;
    try {
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE.sync:
          return await this.receiveSync(decoder);
        case MESSAGE.awareness:
          return this.receiveAwareness(decoding.readVarUint8Array(decoder));
        case MESSAGE.queryAwareness:
          return this.answerAwarenessQuery();
        default:
          return this.refuse(DOC_CLOSE.badMessage, 'unknown message type');
      }
    } catch {
      return this.refuse(DOC_CLOSE.badMessage, 'malformed message');
    }
  }

  /** "Who is here?" costs the whole awareness state: answered at most every 2 s, extra asks coalesced (D14). */
  private answerAwarenessQuery() {
    if (this.awarenessAnswer) return;
    const answer = () => {
      this.awarenessAnswer = undefined;
      this.lastAwarenessAnswer = Date.now();
      const clients = [...this.live.awareness.getStates().keys()];
      this.send(awarenessFrame(this.live.awareness, clients));
    };
    const wait = this.lastAwarenessAnswer + AWARENESS_QUERY_INTERVAL_MS - Date.now();
    if (wait <= 0) return answer();
    this.awarenessAnswer = setTimeout(answer, wait);
    this.awarenessAnswer.unref();
  }

  private async receiveSync(decoder: decoding.Decoder) {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      this.send(syncStep2Frame(this.live.doc, decoding.readVarUint8Array(decoder)));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      return this.refuse(DOC_CLOSE.badMessage, 'unknown sync message');
    }
    const update = decoding.readVarUint8Array(decoder);
    if (update.length > LIMITS.docUpdateBytes)
      return this.refuse(DOC_CLOSE.tooLarge, 'This change is too large to save at once.');
    // A reply that repeats what the document holds (every reconnect sends one) is neither stored nor refused.
    if (syncType === syncProtocol.messageYjsSyncStep2 && addsNothing(this.live.doc, update)) return;
    if (this.access !== 'write') {
      if (isEmptyUpdate(update)) return;
      // A reader's sync step 2 is its reply to the server, carrying what it holds that the server
      // lacks: dropped, and the client told. An update message is an edit: refused and closed.
      if (syncType === syncProtocol.messageYjsSyncStep2) {
        this.log.warn(
          { doc: this.live.ref.kind, roomId: this.live.ref.roomId, seat: this.seat },
          'read-only sync reply dropped',
        );
        return this.send(permissionDeniedFrame('This document is read-only for your seat.'));
      }
      return this.refuse(DOC_CLOSE.forbidden, 'This document is read-only for your seat.');
    }
    // Tried, checked against the caps, stored, and only then applied and relayed (D8, D12, D13). A
    // refusal changes nothing; the client keeps its change (and sends it again after a 1011). Not
    // waited for here: the next frame goes to the document while this one is stored, so a burst is
    // stored in one write (S19); the document keeps the order, and drops what follows a refusal.
    const accepted = this.live.accept(update, this.origin).then((verdict) => {
      if (!verdict.ok) this.refuse(verdict.code, verdict.reason);
    });
    // The document answers in the order it was handed updates: waiting for the last waits for all.
    this.accepting = accepted;
  }

  private receiveAwareness(update: Uint8Array) {
    const { awareness, awarenessOwners } = this.live;
    const check = filterAwareness(update, this.seat, awareness, awarenessOwners, this.awarenessClients);
    if (!check.ok) return this.refuse(DOC_CLOSE.forbidden, check.reason);
    // Owned before applied: the change goes to other instances with the seat that owns it (S29).
    for (const clientID of check.claimed) {
      this.awarenessClients.add(clientID);
      awarenessOwners.set(clientID, { seat: this.seat, connection: this });
    }
    if (check.update) awarenessProtocol.applyAwarenessUpdate(awareness, check.update, this);
    for (const clientID of check.released) this.awarenessClients.delete(clientID);
  }

  private closed() {
    this.phase = 'closed';
    clearInterval(this.keepalive);
    clearTimeout(this.awarenessAnswer);
    void this.deps.frames.delete(this.id);
    this.live.peers.delete(this);
    for (const clientID of this.awarenessClients) {
      const owner = this.live.awarenessOwners.get(clientID);
      if (owner?.connection === this) owner.connection = null;
    }
    // Presence ends with the connection (D7).
    awarenessProtocol.removeAwarenessStates(this.live.awareness, [...this.awarenessClients], this);
    this.onClose(this);
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
