import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../server/http/status.ts';
import { ERROR_MESSAGES, type ErrorCode } from '../../shared/index.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';

const ctx = withServer();
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

interface Answer {
  status: number;
  code: string;
}

/** The status of an answer and the code in its JSON error body. */
function answer(status: number, body: string): Answer {
  return { status, code: (JSON.parse(body) as { error: { code: string } }).error.code };
}

/** Every answer's status is the table's status for the code in its body. */
function expectTableStatus(answers: Answer[]) {
  for (const { status, code } of answers) expect(status, code).toBe(HTTP_STATUS[code as ErrorCode]);
}

/** A raw TCP connection to the test server, collecting everything it answers. */
async function rawConnection(): Promise<{ socket: Socket; received: () => string }> {
  const socket = connect(ctx.server.port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => undefined);
  let received = '';
  socket.on('data', (chunk) => {
    received += String(chunk);
  });
  await once(socket, 'connect');
  return { socket, received: () => received };
}

const upgradeRequest = (target: string) =>
  `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
  'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';

/** The last HTTP answer in `raw`: its status and the code of its JSON error body. */
function lastAnswer(raw: string): Answer {
  const at = raw.lastIndexOf('HTTP/1.1 ');
  const status = Number(raw.slice(at + 9, at + 12));
  return answer(status, raw.slice(raw.indexOf('\r\n\r\n', at) + 4));
}

async function refusedUpgrade(target: string): Promise<Answer> {
  const { socket, received } = await rawConnection();
  socket.write(upgradeRequest(target));
  await once(socket, 'close');
  return lastAnswer(received());
}

describe('S9 one HTTP status per error code, for REST answers and refused upgrades alike', () => {
  it('S9 every REST error answers with the status the table gives its code', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${ctx.server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [Promise<Response>, ErrorCode][] = [
      [post('{not json'), 'bad_request'],
      [post(JSON.stringify({ mode: 'group' })), 'bad_request'],
      [post(JSON.stringify({ mode: 'therapy', pad: 'p'.repeat(100_000) })), 'too_large'],
      [
        post(JSON.stringify({ mode: 'practice' }), 'application/json; charset=latin1'),
        'unsupported_media_type',
      ],
      [fetch(`${ctx.server.url}/api/nothing-here`), 'not_found'],
      [fetch(`${ctx.server.url}/api/rooms/x/seats/A/reissue`, { method: 'POST' }), 'unauthorized'],
    ];
    const answers: Answer[] = [];
    for (const [request, code] of cases) {
      const res = await request;
      const got = answer(res.status, await res.text());
      expect(got.code).toBe(code);
      answers.push(got);
    }
    expectTableStatus(answers);
  });

  it('S9 refused document upgrades answer with the status the table gives their code', async () => {
    const unknownPath = await refusedUpgrade('/elsewhere');
    const unreadable = await refusedUpgrade('/yjs/%E0%A4%A');
    expect([unknownPath.code, unreadable.code]).toEqual(['not_found', 'bad_request']);
    expectTableStatus([unknownPath, unreadable]);
  });

  it('S9 S14 an upgrade while the server stops is refused as unavailable (503), the table status of that code', async () => {
    const room = await ctx.server.createRoom('practice');
    // A request in progress keeps its connection through the stop, so an upgrade can follow on it.
    const { socket, received } = await rawConnection();
    socket.write(
      'POST /api/rooms HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 19\r\nExpect: 100-continue\r\n\r\n',
    );
    await eventually(() => expect(received()).toContain('100 Continue'));
    const stopped = ctx.server.stop();
    socket.write('{"mode":"practice"}');
    socket.write(upgradeRequest(`/yjs/${room.roomId}/notes`));
    await once(socket, 'close');
    const refused = lastAnswer(received());
    expect(refused).toEqual({ status: 503, code: 'unavailable' });
    expectTableStatus([refused]);
    await stopped;
  });
});

describe('S9 docs/PROTOCOL.md states the table as it is', () => {
  it('S9 the status table of PROTOCOL §2.1 lists every code with the status server/http/status.ts gives it', () => {
    const protocol = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
    const section = protocol.slice(protocol.indexOf('### 2.1 Error shape'), protocol.indexOf('### 2.2'));
    const documented: Record<string, number> = {};
    for (const [, status, codes] of section.matchAll(/^\| (\d{3}) \| (.+) \|$/gm)) {
      for (const [, code] of (codes ?? '').matchAll(/`([a-z_]+)`/g)) documented[code ?? ''] = Number(status);
    }
    expect(documented).toEqual(HTTP_STATUS);
    expect(Object.keys(HTTP_STATUS).sort()).toEqual(Object.keys(ERROR_MESSAGES).sort());
  });
});
