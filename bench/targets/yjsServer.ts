/**
 * The bare `@y/websocket-server` the room's document path is compared with: its own connection
 * handler, documents in memory, no persistence and no auth, one document per `/yjs/<name>`.
 */
import { createServer } from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { announce, answerDriver } from './ipc.ts';

const http = createServer();
const wss = new WebSocketServer({ server: http });
wss.on('connection', (conn, req) => {
  const docName = (req.url ?? '/').replace(/^\/yjs\//, '').replace(/^\//, '');
  setupWSConnection(conn, req, { docName, gc: true });
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  answerDriver();
  announce((http.address() as { port: number }).port);
});
