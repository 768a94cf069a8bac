import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docAuthFrame } from '../../shared/index.ts';
import { eventually } from './eventually.ts';

/** Every frame and close a client socket saw, for tests that must prove what never arrived. */
export interface Wiretap {
  /** Every address the client connected to (no credential may appear in one, D11). */
  urls: string[];
  frames: Uint8Array[];
  closes: { code: number; reason: string }[];
  refusals: number[];
}

/**
 * `ws` as the stock client's WebSocket, sending the auth message first (D11) — registered before the
 * provider's own `onopen`, so it always precedes sync step 1 — and recording what it saw.
 */
function tappedWebSocket(tap: Wiretap, token: string) {
  return class TappedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      tap.urls.push(url);
      this.on('open', () => this.send(docAuthFrame(token)));
      this.on('message', (data: Buffer) => tap.frames.push(new Uint8Array(data)));
      this.on('close', (code: number, reason: Buffer) =>
        tap.closes.push({ code, reason: reason.toString() }),
      );
      this.on('unexpected-response', (_req, res) => {
        tap.refusals.push(res.statusCode ?? 0);
        this.terminate();
      });
    }
  };
}

/**
 * The stock y-websocket client in Node: `ws` as its WebSocket, BroadcastChannel off (Node 20 has one,
 * and two providers in one process would sync through it even with the server down).
 */
export class DocClient {
  readonly doc = new Y.Doc();
  readonly tap: Wiretap = { urls: [], frames: [], closes: [], refusals: [] };
  readonly provider: WebsocketProvider;

  constructor(httpUrl: string, name: string, token: string, options: { connect?: boolean } = {}) {
    this.provider = new WebsocketProvider(`${httpUrl.replace(/^http/, 'ws')}/yjs`, name, this.doc, {
      WebSocketPolyfill: tappedWebSocket(this.tap, token) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 300,
      connect: options.connect ?? true,
    });
  }

  async synced(): Promise<void> {
    await eventually(() => {
      if (!this.provider.synced) throw new Error('not synced yet');
    });
  }

  text(name = 'text'): Y.Text {
    return this.doc.getText(name);
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

/**
 * How the server answered a connection to a document: the HTTP status of an upgrade refused outright
 * (unknown address, too many attempts), 101 when the document answered the auth message, or the close
 * code it was refused with after the auth message (4401, 4403, 4404, 4410…), with the close reason.
 */
export interface Answer {
  outcome: number;
  reason: string;
}

/** A raw socket to a document with the auth message sent (or `auth: null` for none). */
export function rawDocSocket(httpUrl: string, name: string, token: string | null): WebSocket {
  const ws = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/yjs/${name}`);
  ws.on('open', () => {
    if (token !== null) ws.send(docAuthFrame(token));
  });
  ws.on('error', () => undefined);
  return ws;
}

/**
 * Opens a document with a token and reports how the server answered (see `Answer`). The socket is
 * closed by the time it resolves, so a probe never outlives its answer.
 */
export function tryUpgrade(httpUrl: string, name: string, token: string): Promise<Answer> {
  return new Promise((resolve) => {
    const ws = rawDocSocket(httpUrl, name, token);
    ws.on('message', () => {
      ws.close();
      resolve({ outcome: 101, reason: '' });
    });
    ws.on('close', (code: number, reason: Buffer) => resolve({ outcome: code, reason: reason.toString() }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => {
        ws.terminate();
        resolve({ outcome: res.statusCode ?? 0, reason: body });
      });
    });
  });
}
