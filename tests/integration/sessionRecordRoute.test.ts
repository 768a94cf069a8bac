import { describe, expect, it } from 'vitest';
import { ClinicalRecordJson } from '../../shared/index.ts';
import { addCouple, asTherapistFetch } from '../support/couples.ts';
import { endedSessionWithNotes } from '../support/endedSession.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

describe('GET /api/sessions/:roomId/record (R3, R5, K1)', () => {
  const ctx = withServer();

  it("R3 R5 the therapist's copy comes as a dated Markdown file and as the JSON document, private notes in both", async () => {
    const url = ctx.server.url;
    const { as, roomId } = await endedSessionWithNotes(url, 'Watch the # defender.');

    const md = await as(`/api/sessions/${roomId}/record?format=md&tz=Europe/London`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('cache-control')).toBe('no-store');
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(Date.now());
    expect(md.headers.get('content-disposition')).toBe(`attachment; filename="session-${day}.md"`);
    const text = await md.text();
    expect(text).toMatch(/^# Therapy session — /);
    expect(text).toContain("Therapist's private notes");
    expect(text).toContain('Watch the \\# defender.');
    expect(text).toContain('Europe/London');

    const res = await as(`/api/sessions/${roomId}/record?format=json`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const json = ClinicalRecordJson.parse(await res.json());
    expect(json.timeZone).toBe('UTC');
    expect(json.summary.roomId).toBe(roomId);
    expect(json.summary.endedAt).not.toBeNull();
    expect(json.therapistNotes).toBe('Watch the # defender.');
  });

  it('R3 K1 a bad time zone or format is 400 with its path; another therapist’s session, or none, is 404', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(url, therapist);
    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const badTz = await as(`/api/sessions/${session.roomId}/record?format=md&tz=Mars/Olympus`);
    expect(badTz.status).toBe(400);
    expect((await badTz.json()).error).toMatchObject({ code: 'bad_request', path: 'tz' });
    const badFormat = await as(`/api/sessions/${session.roomId}/record?format=pdf`);
    expect(badFormat.status).toBe(400);
    expect((await badFormat.json()).error).toMatchObject({ code: 'bad_request', path: 'format' });
    const stranger = asTherapistFetch(url, await signUpTherapist(url));
    expect((await stranger(`/api/sessions/${session.roomId}/record?format=json`)).status).toBe(404);
    expect((await as('/api/sessions/no-such-room/record?format=json')).status).toBe(404);
    expect((await fetch(`${url}/api/sessions/${session.roomId}/record?format=json`)).status).toBe(401);
  });
});
