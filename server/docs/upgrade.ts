import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import {
  DOC_CLOSE_FOR,
  type DocAccess,
  type DocRef,
  docAccess,
  ERROR_MESSAGES,
  type ErrorCode,
  LIMITS,
  parseDocName,
} from '../../shared/index.ts';
import { clientAddress, type TrustProxy } from '../guards/clientAddress.ts';
import type { HandshakeGuard } from '../guards/handshakes.ts';
import { HTTP_STATUS, statusLine } from '../http/status.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { SESSION_DELETED, wasDeleted } from '../room/deleted.ts';
import { pastExportWindow } from '../room/exportWindow.ts';
import type { RoomRegistry } from '../room/registry.ts';
import type { Store } from '../store/types.ts';
import { unavailableCode } from '../store/unavailable.ts';
import type { SeatTokens } from '../tokens.ts';
import { AuthGate } from './authGate.ts';
import type { DocHub } from './docHub.ts';

export const DOC_PATH = '/yjs/';

/** Answers an upgrade with a plain HTTP error (an unknown address, too many attempts, stopping). */
function refuseUpgrade(socket: Duplex, code: ErrorCode, message: string = ERROR_MESSAGES[code]) {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${statusLine(HTTP_STATUS[code])}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export interface DocUpgradeDeps {
  hub: DocHub;
  tokens: SeatTokens;
  store: Store;
  registry: RoomRegistry;
  log: Logger;
  metrics: Metrics;
  guard: HandshakeGuard;
  trustProxy: TrustProxy;
  exportWindowMs: number;
  authTimeoutMs: number;
  now: () => number;
  /** Nothing more holds the room after a refused connection: it may be unloaded. */
  roomReleased: (roomId: string) => void;
}

/**
 * The y-websocket endpoint on the same HTTP server as socket.io: `/yjs/<roomId>/<document>`, no
 * credential in the address (D11). An unknown address or a client over its attempt budget is
 * refused at the upgrade; otherwise the WebSocket opens and its first frame must be the auth message
 * with the seat token. The token, the room, the seat's version and admission, the export window and
 * the seat's access are all checked before anything of the document is sent (D1).
 */
export function attachDocUpgrades(
  http: HttpServer,
  deps: DocUpgradeDeps,
): { wss: WebSocketServer; stop(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.docFrameBytes });
  let stopping = false;
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let ref: DocRef | null;
    try {
      // Whatever the request line holds, a bad one is a 400, never an exception in this listener.
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/socket.io/')) return; // socket.io answers its own
      if (!url.pathname.startsWith(DOC_PATH))
        return refuseUpgrade(socket, 'not_found', 'There is nothing to connect to here.');
      ref = parseDocName(decodeURIComponent(url.pathname.slice(DOC_PATH.length)));
    } catch {
      return refuseUpgrade(socket, 'bad_request', 'That address could not be read.');
    }
    if (!ref) return refuseUpgrade(socket, 'not_found', 'No such document.');
    if (stopping) return refuseUpgrade(socket, 'unavailable');
    const address = clientAddress(req, deps.trustProxy);
    const target = ref;
    void deps.guard
      .admit(address)
      .then((admitted) => {
        if (!admitted) {
          deps.metrics.connectionsRefused.inc({ endpoint: 'yjs', reason: 'rate_limited' });
          return refuseUpgrade(
            socket,
            'rate_limited',
            'Too many connection attempts. Try again in a minute.',
          );
        }
        if (socket.destroyed) return;
        wss.handleUpgrade(req, socket, head, (ws) => {
          const gate = new AuthGate(ws, deps.authTimeoutMs);
          void authenticate(gate, target, address).catch((error) => {
            deps.log.error({ err: error }, 'doc connection failed');
            gate.refuse(DOC_CLOSE_FOR[unavailableCode(error)], 'Something went wrong; reconnecting.');
          });
        });
      })
      .catch((error) => {
        deps.log.error({ err: error }, 'doc upgrade failed');
        refuseUpgrade(socket, unavailableCode(error));
      });
  });

  async function authenticate(gate: AuthGate, ref: DocRef, address: string) {
    const token = await gate.token;
    if (token === null) {
      deps.metrics.connectionsRefused.inc({ endpoint: 'yjs', reason: 'no_auth' });
      return void deps.guard.failed(address, { doc: ref.kind }, 'doc connection without auth');
    }
    const refuse = (code: ErrorCode, message: string = ERROR_MESSAGES[code]) => {
      deps.metrics.connectionsRefused.inc({ endpoint: 'yjs', reason: code });
      void deps.guard.failed(address, { roomId: ref.roomId, doc: ref.kind, code }, 'doc connection refused');
      gate.refuse(DOC_CLOSE_FOR[code], message);
    };
    const verified = await deps.tokens.verify(token);
    if (!verified.ok) return refuse(verified.code);
    const { roomId, seat, version } = verified.claims;
    if (roomId !== ref.roomId) return refuse('not_allowed', 'This link is for another room.');
    /** Access as of now: the seat's version in the store, the export window, then the room's state. */
    const check = async (): Promise<DocAccess | 'revoked' | 'missing' | 'gone'> => {
      const room = await deps.registry.get(roomId);
      const stored = await deps.store.getRoom(roomId);
      if (!room || !stored) return 'missing';
      if (stored.seatVersions[seat] !== version) return 'revoked';
      if (pastExportWindow(room.state, deps.now(), deps.exportWindowMs)) return 'gone';
      return docAccess(ref, seat, room.state);
    };
    const access = await check();
    if (access !== 'read' && access !== 'write') {
      if (!deps.hub.holdsRoom(roomId)) deps.roomReleased(roomId);
      if (access === 'missing') {
        if (await wasDeleted(deps.store, roomId)) return refuse('session_ended', SESSION_DELETED);
        return refuse('room_not_found');
      }
      if (access === 'revoked') return refuse('token_revoked');
      if (access === 'gone')
        return refuse('session_ended', 'This session has ended and is no longer available.');
      return refuse('not_allowed', 'Your seat cannot open this document.');
    }
    const early = gate.handOver();
    // Checked again once the document has loaded: a re-issue or a change of access may come between.
    const recheck = async () => {
      const now = await check();
      return now === 'missing' ? 'none' : now;
    };
    if (early === null || !deps.hub.connect(gate.ws, ref, seat, version, access, recheck, early)) {
      if (!deps.hub.holdsRoom(roomId)) deps.roomReleased(roomId);
      return;
    }
    deps.log.info({ roomId, seat, doc: ref.kind, access }, 'doc connected');
  }

  return {
    wss,
    stop() {
      stopping = true;
    },
  };
}
