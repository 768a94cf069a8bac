import { describe, expect, it } from 'vitest';
import { ClinicalRecordJson, viewState } from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { addCouple, asTherapistFetch } from '../support/couples.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

const ctx = withServer();

describe('listening inside over real sockets (issue 11 part A)', () => {
  it('I1 I3 I5 I6 I7 I8 I9 a session round with each move: what each seat receives, and the record', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(url, therapist, {
      A: { name: 'Sam', pronouns: 'she/her' },
      B: { name: 'Alex' },
    });
    const session = await (
      await as(`/api/couples/${couple.id}/sessions`, 'POST', { talk: 'written' })
    ).json();
    const console = openSeat(url, session.seats.therapist.token);
    const a = openSeat(url, session.seats.A.token);
    const b = openSeat(url, session.seats.B.token);
    await Promise.all([console.connected(), a.connected(), b.connected()]);
    await console.ok({ type: 'admit', seat: 'A' });
    await console.ok({ type: 'admit', seat: 'B' });
    await eventually(() => expect(b.state?.admitted).toEqual({ A: true, B: true }));
    await a.ok({ type: 'agreeContract' });
    await b.ok({ type: 'agreeContract' });

    // I7: the check at the start, before checking in.
    const startA = await a.ok({ type: 'checkSelf', moment: 'start', qualities: [], notYet: true });
    await b.ok({ type: 'checkSelf', moment: 'start', qualities: ['curious'], notYet: false });
    expect(
      await a.send({ type: 'checkSelf', moment: 'start', qualities: ['calm'], notYet: false }),
    ).toMatchObject({
      ok: false,
      error: { code: 'already_done' },
    });
    await a.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
    await b.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });

    // I1 I2 I3: the listener turns inside before listening.
    await a.ok({ type: 'requestFloor', topic: 'the car' });
    expect(await b.send({ type: 'nameListeningPart' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    const part = await b.ok({
      type: 'nameListeningPart',
      part: { name: 'the defender', kind: 'protector', feltWhere: 'fists', fears: 'being blamed again' },
    });
    const help = await b.ok({ type: 'askListeningHelp' });
    expect(await a.send({ type: 'askListeningHelp' })).toMatchObject({
      ok: false,
      error: { code: 'not_your_turn' },
    });
    await eventually(() => expect(console.state?.listeningInside).toHaveLength(2));
    expect(console.state).toMatchObject({ round: { step: 'listener_ready' } });
    await b.ok({ type: 'listenerReady' });

    // I5 I6: "how do you feel toward this part?" — not there yet, turn inside again, then speak.
    await a.ok({ type: 'uTurn', part: { name: 'the worrier', kind: 'exile' } });
    const notYet = await a.ok({ type: 'checkSelf', moment: 'u_turn', qualities: [], notYet: true });
    await a.ok({ type: 'uTurn', part: { name: 'the little one', kind: 'exile' } });
    await a.ok({ type: 'checkSelf', moment: 'u_turn', qualities: ['calm', 'compassionate'], notYet: false });
    await a.ok({ type: 'speak', text: 'A part of me feels small when the car breaks.' });
    await b.ok({ type: 'reflect', text: 'I heard a part of you feels small.' });

    await console.ok({ type: 'startClosing' });
    await b.ok({
      type: 'checkSelf',
      moment: 'end',
      qualities: ['calm', 'curious', 'connected'],
      notYet: false,
    });
    await console.ok({ type: 'requestEnd' });
    const end = await console.ok({ type: 'confirmEnd' });
    for (const client of [console, a, b]) await client.caughtUp(end);

    // I8: the speaker got the `private` stand-in for each of the listener's notes, and the other way round.
    const standIn = (seq: number) => ({ type: 'private', seq, at: expect.any(Number), actor: 'system' });
    expect(a.events.find((e) => e.seq === part)).toEqual(standIn(part));
    expect(a.events.find((e) => e.seq === help)).toEqual(standIn(help));
    expect(b.events.find((e) => e.seq === notYet)).toEqual(standIn(notYet));
    expect(b.events.find((e) => e.seq === startA)).toEqual(standIn(startA));
    expect(console.events.find((e) => e.seq === part)).toMatchObject({
      type: 'listeningPartNamed',
      part: { name: 'the defender', fears: 'being blamed again' },
    });
    expect(console.events.find((e) => e.seq === help)).toMatchObject({
      type: 'listeningHelpAsked',
      seat: 'B',
    });
    expect(JSON.stringify(a.frames)).not.toMatch(/the defender|blamed again|listeningHelpAsked/);
    expect(JSON.stringify(b.frames)).not.toMatch(/"notYet":true|"moment":"u_turn"|the worrier/);
    // A14: each seat's fold is its view of the full state.
    const full = console.state;
    if (!full) throw new Error('no state');
    expect(a.state).toEqual(viewState(full, 'A'));
    expect(b.state).toEqual(viewState(full, 'B'));
    expect(a.state?.selfChecks.map((c) => c.seat)).toEqual(['A', 'A', 'A']);
    expect(b.state?.listeningInside.map((n) => n.kind)).toEqual(['part', 'help']);

    // I9: the therapist's clinical record has it all, start and end side by side.
    const json = ClinicalRecordJson.parse(
      await (await as(`/api/sessions/${session.roomId}/record?format=json`)).json(),
    );
    expect(json.version).toBe(2);
    expect(json.summary.partsNamed.B).toMatchObject([{ source: 'listening', name: 'the defender' }]);
    expect(json.summary.listeningHelp?.B).toHaveLength(1);
    expect(json.summary.selfChecks?.A.map((c) => [c.moment, c.notYet])).toEqual([
      ['start', true],
      ['u_turn', true],
      ['u_turn', false],
    ]);
    const md = await (await as(`/api/sessions/${session.roomId}/record?format=md&tz=Europe/London`)).text();
    expect(md).toContain(
      'Alex, Self before and after: at the start curious; at the end calm, curious, connected.',
    );
    expect(md).toMatch(/Alex asked for help to listen: \d\d:\d\d \(round 1\)\./);
    // D2: the room's record, which every seat reads, holds none of it.
    // S6: nothing anyone wrote reaches the logs or the audit trail.
    const logs = ctx.server.logs.join('');
    const audit = JSON.stringify(await ctx.server.store.readAudit(session.roomId));
    expect(audit).toContain('command:checkSelf');
    for (const text of ['the defender', 'blamed again', 'fists', 'the little one']) {
      expect(logs).not.toContain(text);
      expect(audit).not.toContain(text);
    }
  });
});
