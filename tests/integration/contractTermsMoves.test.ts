import { describe, expect, it } from 'vitest';
import { ClinicalRecordJson, type RoomEvent } from '../../shared/index.ts';
import { addCouple, asTherapistFetch } from '../support/couples.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

const COUPLE_TEXT = 'COUPLE-TEXT: what you tell me alone, I may bring to our joint sessions.';

describe('the contract, for real, over real sockets (I40–I48)', () => {
  const ctx = withServer();

  it('I40 I41 I42 I44 I45 I46 I48 a couple’s session starts with their text; location and "safe to speak?" reach the therapist only', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(url, therapist);

    // I42: the couple's text, checked like any note, kept with the couple.
    const tooLong = await as(`/api/couples/${couple.id}`, 'PATCH', { confidentiality: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.path).toBe('confidentiality');
    const patched = await as(`/api/couples/${couple.id}`, 'PATCH', { confidentiality: COUPLE_TEXT });
    expect(patched.status).toBe(200);
    expect((await patched.json()).couple.confidentiality).toBe(COUPLE_TEXT);

    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const t = await ctx.join(session.seats.therapist.token);
    const a = await ctx.join(session.seats.A.token);
    const b = await ctx.join(session.seats.B.token);
    expect(t.state?.confidentiality).toMatchObject({ seq: 1, text: COUPLE_TEXT });
    await t.ok({ type: 'admit', seat: 'A' });
    await t.ok({ type: 'admit', seat: 'B' });
    await eventually(() => expect(b.state?.confidentiality?.text).toBe(COUPLE_TEXT));

    // I40: the therapist edits the room's text before anyone agrees; every seat reads the new one.
    const version = await t.ok({ type: 'setConfidentiality', text: 'ROOM-TEXT: version two.' });
    await eventually(() => expect(a.state?.confidentiality).toMatchObject({ seq: version }));
    await eventually(() => expect(b.state?.confidentiality).toMatchObject({ seq: version }));

    // I44 I45: A's location and answer; B answers too.
    const where = await a.ok({ type: 'confirmLocation', location: 'WHERE-A: home, the study' });
    const unsafe = await a.ok({ type: 'answerSafeToSpeak', answer: 'no' });
    const bSafe = await b.ok({ type: 'answerSafeToSpeak', answer: 'yes' });
    // I41: a stale version is refused; the one read is recorded.
    const stale = await a.send({ type: 'agreeContract', confidentialitySeq: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'invalid_target' } });
    await a.ok({ type: 'agreeContract', confidentialitySeq: version });
    const last = await b.ok({ type: 'agreeContract' });
    for (const seat of [t, a, b]) await seat.caughtUp(last);

    // I46: B receives the private stand-in for each of A's, and holds nothing of them.
    const seenBy = (events: RoomEvent[], seq: number) => events.find((e) => e.seq === seq);
    for (const seq of [where, unsafe]) {
      expect(seenBy(b.events, seq)).toEqual({
        type: 'private',
        seq,
        at: expect.any(Number),
        actor: 'system',
      });
    }
    expect(seenBy(a.events, bSafe)).toMatchObject({ type: 'private' });
    expect(b.state?.locations).toEqual({});
    expect(b.state?.safeToSpeak).toEqual({ B: expect.objectContaining({ answer: 'yes' }) });
    expect(JSON.stringify(b.frames)).not.toContain('WHERE-A');
    // The therapist reads both; A reads their own.
    expect(seenBy(t.events, unsafe)).toMatchObject({ type: 'safeToSpeakAnswered', seat: 'A', answer: 'no' });
    expect(t.state?.locations.A?.location).toBe('WHERE-A: home, the study');
    expect(t.state?.safeToSpeak).toMatchObject({ A: { answer: 'no' }, B: { answer: 'yes' } });
    expect(a.state?.safeToSpeak.A?.answer).toBe('no');
    expect(t.state?.contract).toMatchObject({
      A: { confidentialitySeq: version },
      B: { confidentialitySeq: version },
    });

    // I48: the therapist's record holds all of it; the server's log holds none of the words.
    const record = ClinicalRecordJson.parse(
      await (await as(`/api/sessions/${session.roomId}/record?format=json`)).json(),
    );
    expect(record.summary.contract).toMatchObject({
      confidentiality: { seq: version, text: 'ROOM-TEXT: version two.' },
      locations: { A: [{ location: 'WHERE-A: home, the study' }], B: [] },
      safeToSpeak: { A: [{ answer: 'no' }], B: [{ answer: 'yes' }] },
    });
    const logs = ctx.server.logs.join('\n');
    for (const words of ['COUPLE-TEXT', 'ROOM-TEXT', 'WHERE-A']) expect(logs).not.toContain(words);
  });

  it('I42 a session made before the couple had a text keeps none; cleared, the next one starts without', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(url, therapist);
    const before = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    await as(`/api/couples/${couple.id}`, 'PATCH', { confidentiality: COUPLE_TEXT });
    const t = await ctx.join(before.seats.therapist.token);
    expect(t.state?.confidentiality).toBeNull();
    const cleared = await as(`/api/couples/${couple.id}`, 'PATCH', { confidentiality: null });
    expect((await cleared.json()).couple.confidentiality).toBeNull();
    const after = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const t2 = await ctx.join(after.seats.therapist.token);
    expect(t2.state?.confidentiality).toBeNull();
  });
});
