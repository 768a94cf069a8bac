import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { type ClientToServerEvents, LIMITS, type ServerToClientEvents } from '../../shared/index.ts';
import { eventually } from '../support/eventually.ts';
import type { SeatClient } from '../support/seatClient.ts';
import { withServer } from '../support/session.ts';
import { track } from '../support/track.ts';

const ctx = withServer();

async function practiceRoom() {
  const room = await ctx.server.createRoom('practice');
  const a = await ctx.join(room.token('A'));
  const b = await ctx.join(room.token('B'));
  return { room, a, b };
}

function emitRaw(client: SeatClient, payload: unknown) {
  return client.socket.timeout(10_000).emitWithAck('command', payload);
}

describe('malformed input over the socket', () => {
  it('S5 every malformed command gets a typed error and changes nothing', async () => {
    const { a } = await practiceRoom();
    const before = a.lastSeq;
    const cases: [unknown, string, string?][] = [
      ['just a string', 'bad_request'],
      [42, 'bad_request'],
      [null, 'bad_request'],
      [[1, 2], 'bad_request'],
      [{ command: { type: 'pause' } }, 'bad_request', 'id'],
      [{ id: 'short', command: { type: 'pause' } }, 'bad_request', 'id'],
      [{ id: 'valid-id-1', command: { text: 'no type' } }, 'bad_request', 'command.type'],
      [{ id: 'valid-id-2', command: { type: 'launchRockets' } }, 'unknown_command'],
      [{ id: 'valid-id-3', command: { type: 'requestFloor', topic: 42 } }, 'bad_request', 'command.topic'],
      [{ id: 'valid-id-4', command: { type: 'requestFloor', topic: 'x', extra: 1 } }, 'bad_request'],
      [{ id: 'valid-id-5', command: { type: 'setTimer', seconds: 1 } }, 'bad_request', 'command.seconds'],
      [{ id: 'valid-id-6', command: { type: 'requestFloor', topic: '   ' } }, 'bad_request', 'command.topic'],
      [{ id: 'valid-id-7', command: { type: 'uTurn', part: { name: 'p', kind: 'villain' } } }, 'bad_request'],
      [
        { id: 'valid-id-8', command: { type: 'createRoom', roomId: 'x', mode: 'therapy' } },
        'unknown_command',
      ],
      [{ id: 'valid-id-9', command: { type: 'connectionLost', seat: 'B' } }, 'unknown_command'],
    ];
    for (const [payload, code, path] of cases) {
      const ack = await emitRaw(a, payload);
      expect(ack, JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code, ...(path ? { path } : {}) },
      });
      expect(typeof ack.error.message).toBe('string');
    }
    expect(a.lastSeq).toBe(before);
    expect(a.events).toEqual([]);
  });

  it('S5 over-long text is refused with the limit in the message', async () => {
    const { a, b } = await practiceRoom();
    await a.ok({ type: 'agreeContract' });
    await b.ok({ type: 'agreeContract' });
    await a.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await b.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await a.ok({ type: 'requestFloor', topic: 'chores' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({ type: 'uTurn', part: { name: 'the tired one', kind: 'not_sure' } });
    // T38: a piece keeps to the room's own limit, shorter than the text cap.
    const piece = await a.send({ type: 'speak', text: 'x'.repeat(LIMITS.pieceLimitDefault + 1) });
    expect(piece).toMatchObject({ ok: false, error: { code: 'too_long' } });
    expect(piece.ok ? '' : piece.error.message).toContain(String(LIMITS.pieceLimitDefault));
    await a.ok({ type: 'speak', text: 'x'.repeat(LIMITS.pieceLimitDefault) });
    const ack = await b.send({ type: 'reflect', text: 'x'.repeat(LIMITS.pieceChars + 1) });
    expect(ack).toMatchObject({ ok: false, error: { code: 'too_long', path: 'command.text' } });
    expect(ack.ok ? '' : ack.error.message).toContain(String(LIMITS.pieceChars));
    // Exactly at the limit is fine.
    expect(await b.send({ type: 'reflect', text: 'y'.repeat(LIMITS.pieceChars) })).toMatchObject({
      ok: true,
    });
  });

  it('S5 text that hides itself is refused with a message naming the character, and changes nothing', async () => {
    const { a, b } = await practiceRoom();
    /** Sends a command that would be accepted but for its text; the refusal must change nothing. */
    async function refused(command: Record<string, unknown>, code: string, path: string, message: string) {
      const before = a.lastSeq;
      const ack = await a.send(command);
      expect(ack, JSON.stringify(command)).toEqual({ ok: false, error: { code, path, message } });
      // Whatever arrives next has the very next seq: the refusal used none (T31).
      await b.ok({ type: 'setTimer', seconds: 60 });
      await a.caughtUp((before ?? 0) + 1);
      expect(a.events.at(-1)).toMatchObject({ type: 'timerSet', seq: (before ?? 0) + 1 });
    }
    const bidi = (what: string, char: string) =>
      `${what} contains a hidden direction-changing character (${char}); remove it.`;

    await refused(
      { type: 'agreeContract', safeWord: '\u202Eesuohthgil' },
      'bad_request',
      'command.safeWord',
      bidi('The safe word', 'U+202E'),
    );
    await refused(
      { type: 'agreeContract', safeWord: 'light\u0007house' },
      'bad_request',
      'command.safeWord',
      'The safe word contains an invisible control character (U+0007); remove it.',
    );
    await a.ok({ type: 'agreeContract' });
    await b.ok({ type: 'agreeContract' });
    await refused(
      { type: 'checkIn', checkIn: { parts: ['calm', '\u2066a hidden part\u2069'] }, visibility: 'room' },
      'bad_request',
      'command.checkIn.parts.1',
      bidi('A part', 'U+2066'),
    );
    await a.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await b.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    await refused(
      { type: 'requestFloor', topic: '\u200B\u200C\u200D\u2060\uFEFF \u200B' },
      'bad_request',
      'command.topic',
      'The topic is empty.',
    );
    await refused(
      { type: 'requestFloor', topic: 'chores\n## Not a heading' },
      'bad_request',
      'command.topic',
      'The topic must be on one line; remove the line break.',
    );
    await refused(
      { type: 'requestFloor', topic: `${'e\u0301'.repeat(LIMITS.labelChars)}!` },
      'too_long',
      'command.topic',
      `The topic can be at most ${LIMITS.labelChars} characters.`,
    );
    await a.ok({ type: 'requestFloor', topic: 'chores' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({ type: 'uTurn', part: { name: 'the tired one', kind: 'not_sure' } });
    await refused(
      { type: 'speak', text: 'I never said \u202Ethat\u202C.' },
      'bad_request',
      'command.text',
      bidi('A piece', 'U+202E'),
    );
    await refused(
      { type: 'speak', text: 'A part of me\u0000 hides' },
      'bad_request',
      'command.text',
      'A piece contains an invisible control character (U+0000); remove it.',
    );
    // The same piece, cleanly written and on two lines, is taken — normalised to NFC.
    const seq = await a.ok({ type: 'speak', text: 'A part of me is tire\u0301d.\r\nAnd quiet.' });
    await a.caughtUp(seq);
    expect(a.events.at(-1)).toMatchObject({ type: 'spoke', text: 'A part of me is tiréd.\nAnd quiet.' });
  });

  it('S5 an oversized envelope is refused before parsing; a giant frame only closes that socket', async () => {
    const { room, a } = await practiceRoom();
    const big = {
      id: 'valid-id-big',
      command: { type: 'requestFloor', topic: 'z'.repeat(LIMITS.envelopeBytes) },
    };
    expect(await emitRaw(a, big)).toMatchObject({ ok: false, error: { code: 'too_large' } });

    const giant = ctx.open(room.token('B'));
    await giant.connected();
    giant.socket.emit(
      'command',
      { id: 'valid-id-giant', command: { type: 'pause', pad: 'g'.repeat(2_000_000) } },
      () => {},
    );
    await eventually(() => expect(giant.socket.connected).toBe(false));
    // The server and everyone else carry on.
    expect((await fetch(`${ctx.server.url}/healthz`)).status).toBe(200);
    expect(await a.send({ type: 'agreeContract' })).toMatchObject({ ok: true });
  });

  it('S5 unknown socket events and commands without an acknowledgement get a protocolError', async () => {
    const { a } = await practiceRoom();
    a.offProtocol.emit('hack', { anything: true });
    a.offProtocol.emit('command', { id: 'valid-id-noack', command: { type: 'pause' } });
    await eventually(() =>
      expect(a.protocolErrors.map((e) => e.code).sort()).toEqual(['bad_request', 'unknown_command']),
    );
    expect(a.events).toEqual([]);
  });

  it('S5 a handshake without the auth object is refused with bad_request', async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = track(
      io(ctx.server.url, { transports: ['websocket'], reconnection: false, forceNew: true }),
      (open) => open.close(),
    );
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve) =>
      socket.on('connect_error', resolve),
    );
    expect(error.data?.code).toBe('bad_request');
  });
});

describe('malformed input over HTTP', () => {
  it('S5 bad bodies, unknown modes and routes get JSON errors', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${ctx.server.url}/api/rooms`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [Promise<Response>, number, string][] = [
      [post('{not json'), 400, 'bad_request'],
      [post(JSON.stringify({ mode: 'group' })), 400, 'bad_request'],
      [post(JSON.stringify({ mode: 'therapy', extra: 1 })), 400, 'bad_request'],
      [post(JSON.stringify({ mode: 'therapy', pad: 'p'.repeat(100_000) })), 413, 'too_large'],
      [fetch(`${ctx.server.url}/api/nothing-here`), 404, 'not_found'],
      [fetch(`${ctx.server.url}/api/rooms/x/seats/A/reissue`, { method: 'POST' }), 401, 'unauthorized'],
    ];
    for (const [request, status, code] of cases) {
      const res = await request;
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });
});

describe('error messages', () => {
  it('S5 an unknown field is named in the path; an id error says what an id is', async () => {
    const { a } = await practiceRoom();
    expect(await emitRaw(a, { id: 'valid-id-x1', command: { type: 'pause' }, from: 'B' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', path: 'from', message: 'Unknown field "from".' },
    });
    expect(await emitRaw(a, { id: 'valid-id-x2', command: { type: 'pause', seat: 'B' } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', path: 'command.seat' },
    });
    expect(await emitRaw(a, { id: 'x', command: { type: 'pause' } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', path: 'id', message: 'A command id is 8–64 letters, digits, _ or -.' },
    });
  });
});
