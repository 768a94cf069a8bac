import { describe, expect, it } from 'vitest';
import { ClinicalRecordJson, type RoomEvent, viewState } from '../../shared/index.ts';
import { addCouple, asTherapistFetch } from '../support/couples.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

const ctx = withServer();

/** Words that only some seats may read; the logs and the audit trail never hold any of them (S6). */
const WRITTEN = {
  markNote: 'they turned toward each other',
  bHidden: 'the judge',
  unnamed: 'the withdrawer',
  apology: 'Sorry I rolled my eyes',
};

describe('Part E over the wire: repair and the cycle (issue 11 §6)', () => {
  it('I30 I31 I33 I34 I35 I36 I37 one round with every move: what each seat receives, the logs, and the clinical record', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapist);
    const couple = await addCouple(url, therapist);
    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const t = await ctx.join(session.seats.therapist.token);
    await t.ok({ type: 'admit', seat: 'A' });
    await t.ok({ type: 'admit', seat: 'B' });
    const a = await ctx.join(session.seats.A.token);
    const b = await ctx.join(session.seats.B.token);
    await a.ok({ type: 'agreeContract' });
    await b.ok({ type: 'agreeContract' });
    // Sam (A) shares "the pleaser" with the room; Alex (B) names "the judge" to the therapist only.
    await a.ok({ type: 'checkIn', checkIn: { parts: ['the pleaser'] }, visibility: 'room' });
    await b.ok({ type: 'checkIn', checkIn: { parts: [WRITTEN.bHidden] }, visibility: 'therapist' });
    await a.ok({ type: 'requestFloor', topic: 'the weekend' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({ type: 'uTurn', part: { name: 'the critic', kind: 'protector' } });
    await a.ok({ type: 'speak', text: 'A part of me gets sharp when plans slip.' }); // carries "the critic"

    // I30, I31: Alex offers a repair mid-round; Sam answers it. The round stays at reflect.
    const offer = await b.ok({ type: 'offerRepair', repair: { apology: WRITTEN.apology } });
    const answer = await a.ok({ type: 'answerRepairOffer', offerSeq: offer, accepted: true });
    expect(await a.send({ type: 'answerRepairOffer', offerSeq: offer, accepted: false })).toMatchObject({
      ok: false,
      error: { code: 'already_done' },
    });
    expect(await b.send({ type: 'answerRepairOffer', offerSeq: offer, accepted: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_target' },
    });
    // I33: the therapist's mark.
    const mark = await t.ok({ type: 'markMoment', kind: 'repair', note: WRITTEN.markNote });
    // I34–I36: two links; the second is about a part Alex never named.
    const shared = await t.ok({
      type: 'linkParts',
      from: { seat: 'A', part: 'the critic' },
      to: { seat: 'B', part: WRITTEN.bHidden },
    });
    const hunch = await t.ok({
      type: 'linkParts',
      from: { seat: 'B', part: WRITTEN.unnamed },
      to: { seat: 'A', part: 'the pleaser' },
    });
    const unlinked = await t.ok({ type: 'unlinkParts', linkSeq: hunch });
    for (const client of [a, b, t]) await client.caughtUp(unlinked);

    const full = t.state;
    if (full?.stage !== 'round') throw new Error('not in a round');
    expect(full.round.step).toBe('reflect');
    // A14 live: each partner's fold equals the view of the full state for them.
    expect(a.state).toEqual(viewState(full, 'A'));
    expect(b.state).toEqual(viewState(full, 'B'));
    // Every seat read the offer and its answer.
    for (const client of [a, b, t]) {
      expect(client.state?.repairOffers).toEqual([
        {
          seq: offer,
          at: expect.any(Number),
          seat: 'B',
          repair: { apology: WRITTEN.apology },
          answer: { seq: answer, at: expect.any(Number), accepted: true },
        },
      ]);
    }
    // I33: partners receive the stand-in for the mark.
    const seen = (events: RoomEvent[], seq: number) => events.find((e) => e.seq === seq);
    for (const partner of [a, b]) {
      expect(seen(partner.events, mark)).toEqual({
        type: 'private',
        seq: mark,
        at: expect.any(Number),
        actor: 'system',
      });
      expect(partner.state?.moments).toEqual([]);
    }
    expect(seen(t.events, mark)).toMatchObject({
      type: 'momentMarked',
      kind: 'repair',
      note: WRITTEN.markNote,
    });
    // I35, I36: Sam sees the first link with Alex's part unnamed, and the hunch about "the pleaser"
    // (Sam named it) until it was taken back; Alex sees the first link with "the critic", never the hunch.
    expect(seen(a.events, shared)).toMatchObject({
      type: 'partsLinked',
      from: { seat: 'A', part: 'the critic' },
      to: { seat: 'B', named: true, shown: false },
    });
    expect(seen(a.events, shared)).not.toHaveProperty('to.part');
    expect(seen(b.events, shared)).toMatchObject({
      from: { seat: 'A', part: 'the critic', shown: true },
      to: { seat: 'B', part: WRITTEN.bHidden },
    });
    expect(seen(a.events, hunch)).toMatchObject({ type: 'partsLinked', to: { part: 'the pleaser' } });
    expect(seen(b.events, hunch)?.type).toBe('private');
    expect(seen(a.events, unlinked)).toMatchObject({ type: 'partsUnlinked', linkSeq: hunch, seenBy: ['A'] });
    expect(seen(b.events, unlinked)?.type).toBe('private');
    expect(a.state?.cycleMap).toHaveLength(1);
    expect(t.state?.cycleMap).toHaveLength(1);
    const aFrames = JSON.stringify(a.frames);
    const bFrames = JSON.stringify(b.frames);
    for (const words of [WRITTEN.markNote, WRITTEN.bHidden, WRITTEN.unnamed])
      expect(aFrames).not.toContain(words);
    for (const words of [WRITTEN.markNote, WRITTEN.unnamed]) expect(bFrames).not.toContain(words);

    // S6: nothing anyone wrote reaches the logs or the audit trail.
    const logs = ctx.server.logs.join('');
    const audit = JSON.stringify(await ctx.server.store.readAudit(session.roomId));
    expect(audit).toContain('command:linkParts');
    for (const words of Object.values(WRITTEN)) {
      expect(logs).not.toContain(words);
      expect(audit).not.toContain(words);
    }

    // I37: the therapist's clinical record holds the offer, the mark and the map.
    await t.ok({ type: 'requestEnd' });
    await t.ok({ type: 'confirmEnd' });
    const json = ClinicalRecordJson.parse(
      await (await as(`/api/sessions/${session.roomId}/record?format=json`)).json(),
    );
    expect(json.summary.repairOffers).toMatchObject([
      { seat: 'B', apology: WRITTEN.apology, answer: { accepted: true } },
    ]);
    expect(json.summary.moments).toMatchObject([{ kind: 'repair', note: WRITTEN.markNote }]);
    expect(json.summary.cycleMap).toMatchObject([
      { from: { seat: 'A', part: 'the critic' }, to: { seat: 'B', part: WRITTEN.bHidden } },
    ]);
    const md = await (await as(`/api/sessions/${session.roomId}/record?format=md`)).text();
    expect(md).toContain('## The cycle map');
    expect(md).toContain(`the critic (Sam) → sets off → ${WRITTEN.bHidden} (Alex)`);
    expect(md).toContain('A moment of repair: they turned toward each other');
  });
});
