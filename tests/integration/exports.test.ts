import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ClinicalRecordJson } from '../../shared/index.ts';
import { openDoc, openSeat } from '../support/clients.ts';
import { addCouple, asTherapistFetch, atHome } from '../support/couples.ts';
import { eventually } from '../support/eventually.ts';
import { homePractice } from '../support/homePractice.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

/** The archive's files by name, as text. */
async function unzipped(res: Response): Promise<Record<string, string>> {
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

describe('Export everything (K11)', () => {
  const ctx = withServer();

  async function setUp() {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(
      url,
      therapist,
      { A: { name: 'Sam', pronouns: 'she/her' }, B: { name: 'Alex' } },
      'Couple note kept by the therapist.',
    );
    await as(`/api/couples/${couple.id}/assignments`, 'POST', {
      topic: 'Sunday plans',
      firstSpeaker: 'A',
      rounds: 1,
    });
    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const console = openSeat(url, session.seats.therapist.token);
    await console.connected();
    const notes = openDoc(url, `${session.roomId}/therapist-notes`, session.seats.therapist.token);
    await notes.synced();
    notes.text().insert(0, 'private-therapist-note');
    await eventually(async () =>
      expect(
        (await (await as(`/api/sessions/${session.roomId}/record?format=json`)).json()).therapistNotes,
      ).toBe('private-therapist-note'),
    );
    await console.ok({ type: 'requestEnd' });
    await console.ok({ type: 'confirmEnd' });
    // A names a part in the U-turn and does not speak for it: B never saw it. B keeps a check-in private.
    const practice = await homePractice(url, couple, {
      part: { name: 'a-uturn-part', kind: 'protector', fears: 'a-fears-text' },
      checkInB: { parts: ['b-private-part'], visibility: 'self' },
      end: true,
    });
    return { url, therapist, as, couple, session, practice };
  }

  it("K11 R5 the therapist's zip holds the couple, assignments, parts, each session's record with private notes, and each practice as they may see it", async () => {
    const { as, couple, session, practice } = await setUp();
    const res = await as(`/api/couples/${couple.id}/export?tz=Europe/London`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="couple-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const files = await unzipped(res);
    const names = Object.keys(files).sort();
    const sessionBase = names
      .find((name) => name.startsWith('sessions/') && name.endsWith('.md'))
      ?.slice(0, -3);
    expect(sessionBase).toMatch(new RegExp(`^sessions/\\d{4}-\\d{2}-\\d{2}-${session.roomId}$`));
    expect(names).toHaveLength(7);
    expect(names).toEqual(
      expect.arrayContaining([
        'README.txt',
        'assignments.json',
        'couple.json',
        'parts.json',
        `${sessionBase}.json`,
        `${sessionBase}.md`,
        expect.stringMatching(new RegExp(`^practices/\\d{4}-\\d{2}-\\d{2}-${practice.roomId}\\.json$`)),
      ]),
    );
    expect(JSON.parse(files['couple.json'] ?? '').couple).toMatchObject({
      id: couple.id,
      note: 'Couple note kept by the therapist.',
      partners: { A: { name: 'Sam' }, B: { name: 'Alex' } },
    });
    expect(JSON.parse(files['assignments.json'] ?? '').assignments).toMatchObject([
      { topic: 'Sunday plans' },
    ]);
    expect(files[`${sessionBase}.md`]).toContain('private-therapist-note');
    const record = ClinicalRecordJson.parse(JSON.parse(files[`${sessionBase}.json`] ?? ''));
    expect(record).toMatchObject({ timeZone: 'Europe/London', therapistNotes: 'private-therapist-note' });
    const practiceFile = Object.entries(files).find(([name]) => name.startsWith('practices/'))?.[1] ?? '';
    expect(JSON.parse(practiceFile)).toMatchObject({ roomId: practice.roomId, shared: false, summary: null });
    expect(files['README.txt']).toContain('Europe/London');
    // Not shared: nothing of the practice's parts or check-ins reaches the therapist (K5).
    const all = Object.values(files).join('\n');
    for (const hidden of ['a-uturn-part', 'a-fears-text', 'b-private-part'])
      expect(all).not.toContain(hidden);

    const stranger = asTherapistFetch(ctx.server.url, await signUpTherapist(ctx.server.url));
    expect((await stranger(`/api/couples/${couple.id}/export`)).status).toBe(404);
    const badTz = await as(`/api/couples/${couple.id}/export?tz=Nowhere`);
    expect(badTz.status).toBe(400);
    expect((await badTz.json()).error.path).toBe('tz');
  });

  it("K11 A10 a partner's zip holds their own data and never the other partner's private parts, nor the therapist's notes", async () => {
    const { url, couple, practice } = await setUp();
    const a = await atHome(url, couple.homeLinks.A.token)('/export');
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('application/zip');
    expect(a.headers.get('content-disposition')).toMatch(
      /^attachment; filename="dialogue-room-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const mine = await unzipped(a);
    expect(Object.keys(mine).sort()).toEqual([
      'README.txt',
      'assignments.json',
      'me.json',
      'parts.json',
      expect.stringMatching(new RegExp(`^practices/\\d{4}-\\d{2}-\\d{2}-${practice.roomId}\\.json$`)),
    ]);
    expect(JSON.parse(mine['me.json'] ?? '')).toMatchObject({ me: 'A', name: 'Sam', pronouns: 'she/her' });
    expect(JSON.parse(mine['parts.json'] ?? '').parts).toMatchObject([
      { key: 'a-uturn-part', fearsNamed: 'a-fears-text' },
    ]);
    const allA = Object.values(mine).join('\n');
    expect(allA).toContain('a-uturn-part');
    for (const hidden of ['b-private-part', 'private-therapist-note', 'Couple note kept'])
      expect(allA).not.toContain(hidden);

    const theirs = await unzipped(await atHome(url, couple.homeLinks.B.token)('/export'));
    const allB = Object.values(theirs).join('\n');
    expect(allB).toContain('b-private-part');
    for (const hidden of ['a-uturn-part', 'a-fears-text', 'private-therapist-note', 'Couple note kept'])
      expect(allB).not.toContain(hidden);
    expect((await fetch(`${url}/api/home/export`)).status).toBe(401);
  });
});
