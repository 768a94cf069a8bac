import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { eventually } from './eventually.ts';

/** Every frame and close a client socket saw, for tests that must prove what never arrived. */
export interface Wiretap {
  frames: Uint8Array[];
  closes: { code: number; reason: string }[];
  refusals: number[];
}

function tappedWebSocket(tap: Wiretap) {
  return class TappedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
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
  readonly tap: Wiretap = { frames: [], closes: [], refusals: [] };
  readonly provider: WebsocketProvider;

  constructor(httpUrl: string, name: string, token: string, options: { connect?: boolean } = {}) {
    this.provider = new WebsocketProvider(`${httpUrl.replace(/^http/, 'ws')}/yjs`, name, this.doc, {
      params: { token },
      WebSocketPolyfill: tappedWebSocket(this.tap) as unknown as typeof globalThis.WebSocket,
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

/** Opens a raw WebSocket to a document URL and reports how the server answered the upgrade. */
export function tryUpgrade(
  httpUrl: string,
  name: string,
  token: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(
      `${httpUrl.replace(/^http/, 'ws')}/yjs/${name}?token=${encodeURIComponent(token)}`,
    );
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => undefined);
  });
}
