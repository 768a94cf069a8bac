import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import {
  type DocAccess,
  docAccess,
  ERROR_MESSAGES,
  type ErrorCode,
  LIMITS,
  parseDocName,
} from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { RoomRegistry } from '../room/registry.ts';
import type { Store } from '../store/types.ts';
import type { SeatTokens } from '../tokens.ts';
import type { DocHub } from './docHub.ts';

export const DOC_PATH = '/yjs/';

const STATUS: Partial<Record<ErrorCode, [number, string]>> = {
  unauthorized: [401, 'Unauthorized'],
  token_expired: [401, 'Unauthorized'],
  token_revoked: [401, 'Unauthorized'],
  not_allowed: [403, 'Forbidden'],
  not_admitted: [403, 'Forbidden'],
  not_found: [404, 'Not Found'],
  bad_request: [400, 'Bad Request'],
  room_not_found: [404, 'Not Found'],
  internal: [500, 'Internal Server Error'],
};

/** Answers an upgrade with a plain HTTP error: nothing of any document is sent (D1). */
function refuse(socket: Duplex, code: ErrorCode, message: string = ERROR_MESSAGES[code]) {
  const [status, text] = STATUS[code] ?? [400, 'Bad Request'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The y-websocket endpoint on the same HTTP server as socket.io: `/yjs/<document>?token=<seat token>`.
 * The token, the room, the seat's version and admission, and the seat's access to that document are
 * all checked before the WebSocket handshake completes.
 */
export function attachDocUpgrades(
  http: HttpServer,
  deps: {
    hub: DocHub;
    tokens: SeatTokens;
    store: Store;
    registry: RoomRegistry;
    log: Logger;
    /** Nothing more holds the room after a refused upgrade: it may be unloaded. */
    roomReleased: (roomId: string) => void;
  },
): { wss: WebSocketServer; stop(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.docFrameBytes });
  let stopping = false;
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let path: string;
    let token: string;
    try {
      // Whatever the request line holds, a bad one is a 400, never an exception in this listener.
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/socket.io/')) return; // socket.io answers its own
      path = url.pathname;
      token = url.searchParams.get('token') ?? '';
      if (path.startsWith(DOC_PATH)) path = decodeURIComponent(path.slice(DOC_PATH.length));
      else return refuse(socket, 'not_found', 'There is nothing to connect to here.');
    } catch {
      return refuse(socket, 'bad_request', 'That address could not be read.');
    }
    if (stopping) return refuse(socket, 'internal', 'The server is restarting; try again in a moment.');
    void accept(path, token, req, socket, head).catch((error) => {
      deps.log.error({ err: error }, 'doc upgrade failed');
      refuse(socket, 'internal');
    });
  });

  async function accept(path: string, token: string, req: IncomingMessage, socket: Duplex, head: Buffer) {
    const ref = parseDocName(path);
    if (!ref) return refuse(socket, 'not_found', 'No such document.');
    const verified = await deps.tokens.verify(token);
    if (!verified.ok) return refuse(socket, verified.code);
    const { roomId, seat, version } = verified.claims;
    if (roomId !== ref.roomId) return refuse(socket, 'not_allowed', 'This link is for another room.');
    /** Access as of now: the seat's version in the store, then the room's state. */
    const check = async (): Promise<DocAccess | 'revoked' | 'missing'> => {
      const room = await deps.registry.get(roomId);
      const stored = await deps.store.getRoom(roomId);
      if (!room || !stored) return 'missing';
      if (stored.seatVersions[seat] !== version) return 'revoked';
      return docAccess(ref, seat, room.state);
    };
    const access = await check();
    if (access !== 'read' && access !== 'write') {
      if (!deps.hub.holdsRoom(roomId)) deps.roomReleased(roomId);
      if (access === 'missing') return refuse(socket, 'room_not_found');
      if (access === 'revoked') return refuse(socket, 'token_revoked');
      deps.log.info({ roomId, seat, doc: ref.kind }, 'doc access refused');
      return refuse(socket, 'not_allowed', 'Your seat cannot open this document.');
    }
    // Checked again once the document has loaded: a re-issue or a change of access may come between.
    const recheck = async () => {
      const now = await check();
      return now === 'missing' ? 'none' : now;
    };
    wss.handleUpgrade(req, socket, head, (ws) => {
      deps.hub.connect(ws, ref, seat, access, recheck);
      deps.log.info({ roomId, seat, doc: ref.kind, access }, 'doc connected');
    });
  }

  return {
    wss,
    stop() {
      stopping = true;
    },
  };
}
