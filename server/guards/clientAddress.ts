import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/** Decides whether an address in the path is a trusted proxy: express's own compiled `trust proxy`. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The client's address for a request that express did not see (WebSocket upgrades, socket.io
 * handshakes), with the same `trust proxy` rule as express, so every limit keys on the same address.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  try {
    return proxyAddr(req as Parameters<typeof proxyAddr>[0], trust);
  } catch {
    return req.socket.remoteAddress ?? 'unknown';
  }
}
