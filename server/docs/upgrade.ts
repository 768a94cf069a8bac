import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { docAccess, ERROR_MESSAGES, type ErrorCode, LIMITS, parseDocName } from '../../shared/index.ts';
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
  deps: { hub: DocHub; tokens: SeatTokens; store: Store; registry: RoomRegistry; log: Logger },
): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.docFrameBytes });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/socket.io/')) return; // socket.io answers its own
    socket.on('error', () => socket.destroy());
    if (!url.pathname.startsWith(DOC_PATH))
      return refuse(socket, 'not_found', 'There is nothing to connect to here.');
    void accept(url, req, socket, head).catch((error) => {
      deps.log.error({ err: error }, 'doc upgrade failed');
      refuse(socket, 'internal');
    });
  });

  async function accept(url: URL, req: IncomingMessage, socket: Duplex, head: Buffer) {
    const ref = parseDocName(decodeURIComponent(url.pathname.slice(DOC_PATH.length)));
    if (!ref) return refuse(socket, 'not_found', 'No such document.');
    const verified = await deps.tokens.verify(url.searchParams.get('token') ?? '');
    if (!verified.ok) return refuse(socket, verified.code);
    const { roomId, seat, version } = verified.claims;
    if (roomId !== ref.roomId) return refuse(socket, 'not_allowed', 'This link is for another room.');
    const stored = await deps.store.getRoom(roomId);
    if (!stored) return refuse(socket, 'room_not_found');
    if (stored.seatVersions[seat] !== version) return refuse(socket, 'token_revoked');
    const room = await deps.registry.get(roomId);
    if (!room) return refuse(socket, 'room_not_found');
    const access = docAccess(ref, seat, room.state);
    if (access === 'none') {
      deps.log.info({ roomId, seat, doc: ref.kind }, 'doc access refused');
      return refuse(socket, 'not_allowed', 'Your seat cannot open this document.');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      deps.hub.connect(ws, ref, seat, access);
      deps.log.info({ roomId, seat, doc: ref.kind, access }, 'doc connected');
    });
  }

  return wss;
}
