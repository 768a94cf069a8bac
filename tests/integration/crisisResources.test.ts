import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMERGENCY_SENTENCE } from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { eventually } from '../support/eventually.ts';
import { createRoom } from '../support/roomApi.ts';
import { exitOf, spawnServerProcess, startServerProcess, tempDir } from '../support/serverProcess.ts';
import { withServer } from '../support/session.ts';

/**
 * S17: the crisis resources an operator sets (`CRISIS_RESOURCES`) reach every seat in its welcome —
 * waiting, admitted, reconnecting during a safety pause — and a file that cannot be used stops the
 * start. Servers as child processes where the setting comes from the environment, as an operator's does.
 */

const LINES = {
  emergency: 'If you are in danger now, call 999 (UK) or 911 (US).',
  countries: {
    GB: [
      { name: 'Samaritans', phone: '116 123', hours: '24/7', url: 'https://www.samaritans.org' },
      { name: 'Shout', sms: '85258', note: 'Text SHOUT.' },
    ],
    US: [{ name: '988 Suicide & Crisis Lifeline', phone: '988', sms: '988' }],
  },
};

function fileWith(dir: string, content: string): string {
  const path = join(dir, 'crisis.json');
  writeFileSync(path, content);
  return path;
}

describe('S17 crisis resources with no CRISIS_RESOURCES set', () => {
  const ctx = withServer();

  it('S17 every seat, the waiting room too, gets the default sentence and no lines', async () => {
    const room = await ctx.server.createRoom('therapy');
    for (const seat of ['therapist', 'A', 'B'] as const) {
      const client = await ctx.join(room.token(seat));
      expect(client.welcome?.crisisResources, seat).toEqual({
        emergency: DEFAULT_EMERGENCY_SENTENCE,
        countries: {},
      });
    }
    expect(DEFAULT_EMERGENCY_SENTENCE).toBe(
      'If you or anyone is in danger, call your local emergency number now.',
    );
  });
});

describe('S17 crisis resources from an operator file', () => {
  it('S17 every seat gets the file’s lines: waiting, admitted, in a practice room, and connecting during a safety pause', async () => {
    const dir = tempDir();
    const server = await startServerProcess(join(dir, 'data'), {
      CRISIS_RESOURCES: fileWith(dir, JSON.stringify(LINES)),
    });

    const therapy = await createRoom(server.url, 'therapy');
    const therapist = openSeat(server.url, therapy.token('therapist'));
    const a = openSeat(server.url, therapy.token('A'));
    const b = openSeat(server.url, therapy.token('B'));
    for (const client of [therapist, a, b]) await client.connected();
    // Waiting partners (A3) get their status and the crisis resources, nothing of the room.
    expect(a.welcome).toMatchObject({ admitted: false, crisisResources: LINES });
    expect(b.welcome).toMatchObject({ admitted: false, crisisResources: LINES });
    expect(therapist.welcome?.crisisResources).toEqual(LINES);

    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    await eventually(() => expect(a.welcome?.admitted).toBe(true));
    expect(a.welcome?.crisisResources).toEqual(LINES);

    // During a safety pause a partner whose connection dropped comes back to them at once.
    await a.ok({ type: 'safetyPause' });
    await eventually(() => expect(b.state?.pause).toMatchObject({ kind: 'safety' }));
    b.close();
    const bAgain = openSeat(server.url, therapy.token('B'));
    await bAgain.connected();
    expect(bAgain.welcome).toMatchObject({ admitted: true, crisisResources: LINES });
    await eventually(() => expect(bAgain.state?.pause).toMatchObject({ kind: 'safety' }));

    const practice = await createRoom(server.url, 'practice');
    for (const seat of ['A', 'B'] as const) {
      const partner = openSeat(server.url, practice.token(seat));
      await partner.connected();
      expect(partner.welcome?.crisisResources, seat).toEqual(LINES);
    }
  });

  it('S17 a file without its own sentence gets the default one above its lines', async () => {
    const dir = tempDir();
    const server = await startServerProcess(join(dir, 'data'), {
      CRISIS_RESOURCES: fileWith(dir, JSON.stringify({ countries: LINES.countries })),
    });
    const room = await createRoom(server.url, 'practice');
    const a = openSeat(server.url, room.token('A'));
    await a.connected();
    expect(a.welcome?.crisisResources).toEqual({
      emergency: DEFAULT_EMERGENCY_SENTENCE,
      countries: LINES.countries,
    });
  });

  it.each([
    ['a file that is not there', null, 'cannot be read (ENOENT)'],
    ['a file that is not JSON', '{ "countries": ', 'is not valid JSON'],
    [
      'a line whose link is not https',
      JSON.stringify({ countries: { GB: [{ name: 'Samaritans', url: 'javascript:alert(1)' }] } }),
      'countries.GB.0.url: a url must be https://',
    ],
  ])(
    'S17 %s stops the start: exit code 2, one line naming the file and the problem',
    async (_name, content, problem) => {
      const dir = tempDir();
      const path = content === null ? join(dir, 'missing.json') : fileWith(dir, content);
      const server = spawnServerProcess(join(dir, 'data'), { CRISIS_RESOURCES: path });
      const { code } = await exitOf(server);
      const stderr = server.stderr();
      expect(code, stderr).toBe(2);
      const lines = stderr.trim().split('\n');
      expect(lines, stderr).toHaveLength(1);
      expect(lines[0]).toBe(`Invalid configuration: CRISIS_RESOURCES ${path}: ${problem}`);
      // It never got as far as listening.
      expect(server.logs.some((line) => typeof line.port === 'number')).toBe(false);
    },
  );
});
