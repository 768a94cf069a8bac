/**
 * The bare socket.io relay the room's command path is compared with: one socket.io room per room,
 * every `command` relayed as an `event` (its envelope, tagged `relayed`) to the room's other sockets and acknowledged. No store, no
 * checks — the floor this server's command path stands on.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { announce, answerDriver } from './ipc.ts';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false });
let seq = 0;
io.on('connection', (socket) => {
  const room = String(socket.handshake.auth.room);
  void socket.join(room);
  socket.on('command', (envelope: unknown, ack?: (answer: object) => void) => {
    seq += 1;
    socket.to(room).emit('event', { seq, type: 'relayed', envelope });
    ack?.({ ok: true, seq });
  });
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  answerDriver();
  announce((http.address() as { port: number }).port);
});
