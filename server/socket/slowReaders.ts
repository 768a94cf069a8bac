import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { RoomServer, RoomSocket } from './io.ts';

const SWEEP_MS = 1_000;

/** What a socket has queued and not yet handed to the network: engine.io's buffer and the WebSocket's. */
function unsentBytes(socket: RoomSocket): number {
  const conn = socket.conn as unknown as {
    writeBuffer?: { data?: unknown }[];
    transport?: { socket?: { bufferedAmount?: number } };
  };
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    bytes += typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 16;
  }
  return bytes;
}

/**
 * A client that stopped reading makes the server hold everything sent to it until its ping times out.
 * Once a second, any socket whose unsent data passes the bound is cut at once — terminated, not
 * closed, since a close would wait for a client that is not reading (D14, S8).
 */
export function cutSlowReaders(io: RoomServer, maxBytes: number, log: Logger, metrics: Metrics): () => void {
  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      if (unsentBytes(socket) <= maxBytes) continue;
      const { roomId, seat } = socket.data;
      log.warn({ roomId, seat }, 'socket not reading; cut');
      metrics.slowReadersCut.inc({ endpoint: 'socket.io' });
      const transport = (socket.conn as unknown as { transport?: { socket?: { terminate?: () => void } } })
        .transport;
      if (transport?.socket?.terminate) transport.socket.terminate();
      else socket.conn.close();
    }
  }, SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
