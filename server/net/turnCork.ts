import type { Duplex, Writable } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * Frames sent to one connection during one turn of the event loop leave it in one write (one
 * system call) instead of one write per frame (S23). The socket is corked at the first frame of
 * the turn and uncorked once the turn's I/O callbacks have run (`setImmediate`: the check phase of
 * the same loop iteration, so no frame waits for a later event). In a quiet room a turn sends one
 * frame per connection and nothing changes; under load a group of stored updates (S19) or a
 * backlog of events goes out together, which is where a write per frame cost the most (issue 12:
 * `writev` was a quarter of the server's time at 1,000 rooms). Corked bytes count in the socket's
 * buffered amount, so a reader that stopped reading is still cut (D14).
 */
const corked = new Set<Writable>();

export function corkForThisTurn(socket: Writable): void {
  if (corked.has(socket) || socket.destroyed) return;
  socket.cork();
  corked.add(socket);
  if (corked.size === 1) setImmediate(uncorkAll);
}

function uncorkAll(): void {
  // Taken first: a frame sent while these are written belongs to the next turn.
  const sockets = [...corked];
  corked.clear();
  for (const socket of sockets) socket.uncork();
}

/**
 * The TCP socket under a `ws` WebSocket. ws keeps it in `_socket` and has no public accessor; when
 * it is missing (a later ws, a closed socket) frames are simply written one by one, as before.
 */
export function tcpSocketOf(ws: WebSocket): Duplex | undefined {
  const socket = (ws as unknown as { _socket?: Duplex })._socket;
  return socket && typeof socket.cork === 'function' ? socket : undefined;
}

/** What `corkSocketIoPackets` needs of engine.io: its connections, their packets and transport. */
interface EngineServer {
  on(event: 'connection', listener: (conn: EngineConnection) => void): unknown;
}
interface EngineConnection {
  on(event: 'flush', listener: () => void): unknown;
  transport: { name: string; socket?: unknown };
}

/**
 * socket.io's side of S23: engine.io announces every write of its buffered packets (`flush`) just
 * before it makes it — a packet sent now, or the packets that queued while the last write was on its
 * way — so the connection's TCP socket is corked for the turn first. Only the WebSocket transport (the
 * web client's only one) holds a `ws` socket to cork; long-polling answers one HTTP response.
 */
export function corkSocketIoPackets(engine: EngineServer): void {
  engine.on('connection', (conn) => {
    conn.on('flush', () => {
      if (conn.transport.name !== 'websocket') return;
      const socket = tcpSocketOf(conn.transport.socket as WebSocket);
      if (socket) corkForThisTurn(socket);
    });
  });
}
