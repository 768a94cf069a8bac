import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { type DocAccess, LIMITS, type Seat } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { DocPeer, LiveDoc } from './liveDoc.ts';
import {
  awarenessFrame,
  CLOSE,
  checkUpdate,
  filterAwareness,
  isEmptyUpdate,
  MESSAGE,
  permissionDeniedFrame,
  syncStep1Frame,
  syncStep2Frame,
} from './wire.ts';

const KEEPALIVE_MS = 30_000;

/**
 * One y-websocket connection to one document, for one seat. Nothing is answered before the document
 * has loaded; frames are handled one at a time, in order; a write the seat may not make is refused
 * before it touches the document (D2–D7).
 */
export class DocConnection implements DocPeer {
  /** Awareness client ids this connection speaks for; cleared when it closes. */
  readonly awarenessClients = new Set<number>();
  private inbox: Promise<void>;
  private alive = true;
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    readonly ws: WebSocket,
    readonly live: LiveDoc,
    readonly seat: Seat,
    public access: Exclude<DocAccess, 'none'>,
    private readonly log: Logger,
    private readonly onClose: (connection: DocConnection) => void,
  ) {
    // Listeners first: a frame can arrive while the document is still loading; it waits in the inbox.
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      this.inbox = this.inbox.then(() => this.receive(toBytes(data)));
    });
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
      () => this.greet(),
      (error) => {
        log.error({ doc: live.ref.kind, roomId: live.ref.roomId, err: error }, 'doc failed to load');
        ws.close(1011, 'document unavailable');
      },
    );
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame);
  }

  /** Closes with a code the stock client understands; 44xx means "do not retry". */
  refuse(code: number, reason: string): void {
    this.log.warn(
      { doc: this.live.ref.kind, roomId: this.live.ref.roomId, seat: this.seat, reason },
      'doc frame refused',
    );
    if (code === CLOSE.forbidden) this.send(permissionDeniedFrame(reason));
    this.ws.close(code, reason);
  }

  private greet() {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.live.peers.add(this);
    this.send(syncStep1Frame(this.live.doc));
    const states = [...this.live.awareness.getStates().keys()];
    if (states.length > 0) this.send(awarenessFrame(this.live.awareness, states));
  }

  private receive(bytes: Uint8Array) {
    // No readyState check: a frame that arrived just before the close is still a change to keep.
    try {
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MESSAGE.sync:
          return this.receiveSync(decoder);
        case MESSAGE.awareness:
          return this.receiveAwareness(decoding.readVarUint8Array(decoder));
        case MESSAGE.queryAwareness:
          return this.send(awarenessFrame(this.live.awareness, [...this.live.awareness.getStates().keys()]));
        default:
          return this.refuse(CLOSE.badMessage, 'unknown message type');
      }
    } catch {
      return this.refuse(CLOSE.badMessage, 'malformed message');
    }
  }

  private receiveSync(decoder: decoding.Decoder) {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      this.send(syncStep2Frame(this.live.doc, decoding.readVarUint8Array(decoder)));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      return this.refuse(CLOSE.badMessage, 'unknown sync message');
    }
    const update = decoding.readVarUint8Array(decoder);
    if (update.length > LIMITS.docUpdateBytes) return this.refuse(CLOSE.tooLarge, 'update too large');
    checkUpdate(update);
    if (this.access !== 'write') {
      // A reader's sync step 2 is normally empty; anything else is a write it may not make.
      if (isEmptyUpdate(update)) return;
      return this.refuse(CLOSE.forbidden, 'This document is read-only for your seat.');
    }
    Y.applyUpdate(this.live.doc, update, this);
  }

  private receiveAwareness(update: Uint8Array) {
    const { awareness, peers } = this.live;
    const check = filterAwareness(
      update,
      this.seat,
      (clientID) => awareness.meta.get(clientID)?.clock,
      (clientID) =>
        [...peers].some(
          (peer) => peer !== this && peer instanceof DocConnection && peer.awarenessClients.has(clientID),
        ),
    );
    if (!check.ok) return this.refuse(CLOSE.forbidden, check.reason);
    if (check.update) awarenessProtocol.applyAwarenessUpdate(awareness, check.update, this);
    for (const clientID of check.claimed) this.awarenessClients.add(clientID);
    for (const clientID of check.released) this.awarenessClients.delete(clientID);
  }

  private closed() {
    clearInterval(this.keepalive);
    this.live.peers.delete(this);
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
