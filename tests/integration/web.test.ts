import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../server/config.ts';
import { openSeat } from '../support/clients.ts';
import { tryUpgrade } from '../support/docClient.ts';
import { postRoom } from '../support/roomApi.ts';
import { withServer } from '../support/session.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { track } from '../support/track.ts';

const SECRET = 'web-test-secret-0123456789abcdef0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** A server a test starts itself (its own clock or public address), stopped when the test finishes. */
async function serverWith(overrides: Partial<Config>, now?: () => number): Promise<TestServer> {
  return track(await startTestServer(overrides, undefined, undefined, now), (server) => server.stop());
}

/** What an answer must never show: a stack trace, a path of this machine, the package tree. */
function expectNothingOfTheMachine(body: string) {
  expect(body).not.toMatch(/\bat .+:\d+:\d+/); // a stack frame
  expect(body).not.toContain('node_modules');
  expect(body).not.toContain('/work');
  expect(body).not.toContain(process.cwd());
  expect(body).not.toMatch(/URIError|Failed to decode|SyntaxError/);
}

const ctx = withServer({ tokenSecret: SECRET });

describe('answers to malformed requests', () => {
  it('S5 a malformed percent-encoding in an address is a plain 400, never a stack trace, whatever NODE_ENV says', async () => {
    expect(process.env.NODE_ENV).not.toBe('production'); // express prints stacks unless production
    for (const path of ['/%E0%A4%A', '/join/%E0%A4%A', '/assets/%E0%A4%A.js']) {
      const res = await fetch(`${ctx.server.url}${path}`);
      expectNothingOfTheMachine(await res.text());
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/plain/);
    }
  });

  it('S5 an /api address with a malformed encoding and a malformed JSON body get a 400 with a JSON error, no stack', async () => {
    const room = await ctx.server.createRoom('practice');
    const badAddress = await fetch(`${ctx.server.url}/api/rooms/%E0%A4%A/seats/A/reissue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${room.token('A')}` },
    });
    const addressBody = await badAddress.text();
    expect(badAddress.status).toBe(400);
    expect(JSON.parse(addressBody)).toEqual({
      error: { code: 'bad_request', message: 'That address could not be read.' },
    });
    expectNothingOfTheMachine(addressBody);

    const badJson = await fetch(`${ctx.server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"mode": "practice",',
    });
    const jsonBody = await badJson.text();
    expect(badJson.status).toBe(400);
    expect(JSON.parse(jsonBody)).toEqual({
      error: { code: 'bad_request', message: 'The request body is not valid JSON.' },
    });
    expectNothingOfTheMachine(jsonBody);
  });
});

describe('security headers', () => {
  /** The answers that are not pages: the API (created and refused), health, an unknown address. */
  async function answers(url: string) {
    const created = await postRoom(url, 'practice');
    expect(created.status).toBe(201);
    const refused = await fetch(`${url}/api/rooms/nope/seats/A/reissue`, { method: 'POST' });
    expect(refused.status).toBe(401);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const missing = await fetch(`${url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    return { created, refused, health, missing };
  }

  it('S9 every answer — /api (201 and errors) and /healthz, not only pages — carries CSP, nosniff and no framing', async () => {
    for (const [name, res] of Object.entries(await answers(ctx.server.url))) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, name).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
      const frameOptions = res.headers.get('x-frame-options');
      expect(
        frameOptions === 'SAMEORIGIN' || frameOptions === 'DENY' || /frame-ancestors/.test(csp),
        name,
      ).toBe(true);
      expect(res.headers.get('referrer-policy'), name).toBe('no-referrer');
    }
  });

  it("S9 the CSP lets the page connect back to its own origin only: connect-src 'self', no ws: or wss: source", async () => {
    // The page (the built app, or the notice when it is not built) and an answer that is not a page.
    for (const path of ['/', '/healthz']) {
      const csp = (await fetch(`${ctx.server.url}${path}`)).headers.get('content-security-policy') ?? '';
      const directives = csp.split(';').map((d) => d.trim());
      expect(
        directives.filter((d) => d.startsWith('connect-src')),
        path,
      ).toEqual(["connect-src 'self'"]);
      expect(csp, path).not.toMatch(/\bwss?:/);
    }
  });

  it('S9 HSTS is sent when the public address is https, and not when it is http', async () => {
    const secure = await serverWith({ publicUrl: 'https://room.example.org' });
    for (const res of Object.values(await answers(secure.url))) {
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    }
    const plain = await serverWith({ publicUrl: 'http://localhost:3000' });
    for (const res of Object.values(await answers(plain.url))) {
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('S9 no source map is ever served, including the ones a build makes', async () => {
    // With the client built (CI builds it), the page names its bundle: its .map lies next to it.
    const page = await (await fetch(`${ctx.server.url}/`)).text();
    const bundles = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    for (const path of [
      '/assets/whatever.js.map',
      '/index.js.map',
      '/assets/x.css.map',
      ...bundles.map((b) => `${b}.map`),
    ]) {
      const res = await fetch(`${ctx.server.url}${path}`);
      const body = await res.text();
      expect(res.status, path).toBe(404);
      expect(body, path).not.toContain('"sources"');
      expect(body, path).not.toContain('<html');
    }
  });
});

describe('seat tokens', () => {
  const key = new TextEncoder().encode(SECRET);

  /** A token signed with the server's own secret, in its format, leaving out what `omit` names. */
  function tokenWithout(omit: 'exp' | 'iat' | 'sub', roomId: string): Promise<string> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    let jwt = new SignJWT({ room: roomId, v: 1 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dialogue-room')
      .setAudience('dialogue-room:seat');
    if (omit !== 'sub') jwt = jwt.setSubject('A');
    if (omit !== 'iat') jwt = jwt.setIssuedAt(nowSeconds);
    if (omit !== 'exp') jwt = jwt.setExpirationTime(nowSeconds + 3600);
    return jwt.sign(key);
  }

  it.each(['exp', 'iat', 'sub'] as const)(
    'A1 A2 D11 S9 a token signed with the right secret but without %s is refused by socket.io and by the documents',
    async (omit) => {
      const room = await ctx.server.createRoom('practice');
      // The same format, complete, works: the refusal below is about the missing claim alone.
      const whole = await new SignJWT({ room: room.roomId, v: 1 })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('dialogue-room')
        .setAudience('dialogue-room:seat')
        .setSubject('A')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);
      const ok = await ctx.join(whole);
      expect(ok.welcome).toMatchObject({ roomId: room.roomId, seat: 'A' });
      expect((await tryUpgrade(ctx.server.url, `${room.roomId}/notes`, whole)).outcome).toBe(101);

      const partial = await tokenWithout(omit, room.roomId);
      const client = ctx.open(partial);
      expect((await client.refused()).data?.code).toBe('unauthorized');
      expect(client.frames).toEqual([]);
      expect((await tryUpgrade(ctx.server.url, `${room.roomId}/notes`, partial)).outcome).toBe(4401);
    },
  );
});

describe('the server clock', () => {
  it("T28 S9 welcome.serverTime is the server's injected clock, not the machine's", async () => {
    const farFuture = Date.UTC(2101, 0, 1, 12, 0, 0);
    const server = await serverWith({}, () => farFuture);
    const room = await server.createRoom('practice');
    const client = openSeat(server.url, room.token('A'));
    await client.connected();
    expect(client.welcome?.serverTime).toBe(farFuture);
  });
});

describe('/metrics', () => {
  it('S6 S9 without a metrics token configured there is no /metrics', async () => {
    const res = await fetch(`${ctx.server.url}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('dialogue_room_');
  });

  it('S6 S9 with a metrics token, /metrics answers only its bearer: Prometheus text without room ids', async () => {
    const server = await serverWith({ metricsToken: METRICS_TOKEN });
    const room = await server.createRoom('practice');
    // Something to count that belongs to a room: a refused document connection and a live one.
    expect((await tryUpgrade(server.url, `${room.roomId}/notes`, 'not-a-token')).outcome).toBe(4401);
    expect((await tryUpgrade(server.url, `${room.roomId}/notes`, room.token('A'))).outcome).toBe(101);
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdef', METRICS_TOKEN]) {
      const res = await fetch(`${server.url}/metrics`, authorization ? { headers: { authorization } } : {});
      expect(res.status, String(authorization)).toBe(404);
      expect(await res.text()).not.toContain('dialogue_room_');
    }
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('dialogue_room_doc_updates_set_aside_total');
    // Every series also names the instance (S28).
    expect(text).toMatch(
      /dialogue_room_connections_refused_total\{endpoint="yjs",reason="unauthorized",instance="[^"]+"\} 1/,
    );
    expect(text).not.toContain(room.roomId);
  });
});
