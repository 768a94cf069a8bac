import { describe, expect, it } from 'vitest';
import { ClinicalRecordJson, type RoomEvent } from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { addCouple, asTherapistFetch } from '../support/couples.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

// A one-second breathing pause, so the session sees it end by itself (I11, I12).
const ctx = withServer({ breathingSeconds: 1 });

/** What someone wrote that only some seats may read; none of it may reach the logs or the audit (S6). */
const PRIVATE = {
  terms: 'What one of you tells me alone stays with me; I must report a risk of serious harm.',
  whereA: 'at my sister’s flat',
  whereB: 'in the car outside work',
  listeningPart: 'the skeptic',
  markNote: 'the little one was held by both',
};

const typesOf = (events: RoomEvent[]) => events.map((event) => event.type);

describe('a whole therapy session with every IFIO move of issue 11, over real sockets', () => {
  it('I1 I3 I5 I10 I12 I15 I20 I22 I24 I27 I30 I33 I34 I40 I44 I45 every move in one session: the room goes on, each seat reads only its own, and the clinical record holds them all', async () => {
    const url = ctx.server.url;
    const account = await signUpTherapist(url);
    const as = asTherapistFetch(url, account);
    const couple = await addCouple(url, account); // Sam (A) and Alex (B)
    // I42: the couple's confidentiality text is carried into each new session.
    expect((await as(`/api/couples/${couple.id}`, 'PATCH', { confidentiality: PRIVATE.terms })).status).toBe(
      200,
    );
    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const t = openSeat(url, session.seats.therapist.token);
    const a = openSeat(url, session.seats.A.token);
    const b = openSeat(url, session.seats.B.token);
    await Promise.all([t.connected(), a.connected(), b.connected()]);
    await t.ok({ type: 'admit', seat: 'A' });
    await t.ok({ type: 'admit', seat: 'B' });
    await t.ok({ type: 'setTalk', talk: 'written' });

    // §8: where each is today, whether it is safe to speak openly, and the contract with its terms.
    await a.ok({ type: 'confirmLocation', location: PRIVATE.whereA });
    await b.ok({ type: 'confirmLocation', location: PRIVATE.whereB });
    await a.ok({ type: 'answerSafeToSpeak', answer: 'yes' });
    await b.ok({ type: 'answerSafeToSpeak', answer: 'not_sure' });
    const terms = t.state?.confidentiality;
    expect(terms?.text).toBe(PRIVATE.terms);
    await a.ok({ type: 'agreeContract', confidentialitySeq: terms?.seq });
    await b.ok({ type: 'agreeContract', confidentialitySeq: terms?.seq });

    // §2: the light Self check at the start; then the check-in.
    await a.ok({ type: 'checkSelf', moment: 'start', qualities: ['curious'], notYet: false });
    await b.ok({ type: 'checkSelf', moment: 'start', qualities: [], notYet: true });
    await a.ok({ type: 'checkIn', checkIn: { parts: ['the planner'] }, visibility: 'room' });
    await b.ok({ type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });

    // §1: Alex turns inside before listening.
    await a.ok({ type: 'requestFloor', topic: 'Sunday plans' });
    await b.ok({ type: 'nameListeningPart', part: { name: PRIVATE.listeningPart, kind: 'protector' } });
    await b.ok({ type: 'askListeningHelp' });
    await b.ok({ type: 'listenerReady' });
    // §2: Sam names the part, checks how they feel toward it, and speaks for it.
    await a.ok({ type: 'uTurn', part: { name: 'the planner', kind: 'protector', fears: 'chaos' } });
    await a.ok({ type: 'checkSelf', moment: 'u_turn', qualities: ['calm', 'compassionate'], notYet: false });
    await a.ok({ type: 'speak', text: 'A part of me gets tense when plans change late.' });

    // §5: a breathing minute that ends by itself, at the same step; then a flooding break, resumed.
    const breath = await b.ok({ type: 'breathe' });
    await eventually(() =>
      expect(typesOf(t.events.filter((e) => e.seq > breath))).toContain('breathingEnded'),
    );
    expect(t.state?.pause).toBeNull();
    await b.ok({ type: 'takeBreak', minutes: 20 });
    expect(await a.send({ type: 'reflect', text: 'too soon' })).toMatchObject({ ok: false });
    await t.ok({ type: 'resume' });

    // §3: direct access asked, declined, asked again, agreed; then the witness's turn.
    await t.ok({ type: 'askDirectAccess', seat: 'A' });
    await a.ok({ type: 'answerDirectAccess', yes: false });
    await t.ok({ type: 'askDirectAccess', seat: 'A' });
    await a.ok({ type: 'answerDirectAccess', yes: true });
    await t.ok({ type: 'directSay', text: 'What does the planner want Alex to know?' });
    await a.ok({ type: 'directSay', text: 'That it is tired of holding everything.' });
    await t.ok({ type: 'endDirectAccess' });
    await b.ok({ type: 'witnessSay', text: 'I noticed how tired it sounds.' });

    // §4: contempt, the whole move.
    await b.ok({ type: 'reflect', text: 'Here we go again with your plans.' });
    await t.ok({ type: 'stopContempt', seat: 'B' });
    for (const step of ['name', 'recall', 'hurt', 'u_turn'] as const)
      await t.ok({ type: 'contemptStep', step });
    await b.ok({ type: 'uTurn', part: { name: 'the eye-roller', kind: 'protector' } });
    await b.ok({ type: 'reflect', text: 'A part of you gets tense when plans change late.' });
    await a.ok({ type: 'confirm', more: false });

    // §6: a repair offered mid-round and answered; the therapist's mark; one link of the cycle.
    const offer = await b.ok({ type: 'offerRepair', repair: { apology: 'Sorry I rolled my eyes.' } });
    await a.ok({ type: 'answerRepairOffer', offerSeq: offer, accepted: true });
    await t.ok({ type: 'markMoment', kind: 'unburdening', note: PRIVATE.markNote });
    await t.ok({
      type: 'linkParts',
      from: { seat: 'A', part: 'the planner' },
      to: { seat: 'B', part: 'the eye-roller' },
    });

    // §7: the listener responds from the heart, then the landing.
    await t.ok({ type: 'chooseResponse', response: 'heart' });
    await b.ok({ type: 'summarize', text: 'Late changes make a part of you tense.' });
    await a.ok({ type: 'confirm' });
    await b.ok({ type: 'respondFromHeart', text: 'I want to help carry the planning.' });
    await a.ok({ type: 'land', text: 'It landed.' });

    // The close, with the Self check at the end.
    await t.ok({ type: 'startClosing' });
    await a.ok({ type: 'checkSelf', moment: 'end', qualities: ['calm', 'connected'], notYet: false });
    await b.ok({ type: 'checkSelf', moment: 'end', qualities: ['curious'], notYet: false });
    await a.ok({ type: 'closingReflection', nextTime: 'Ask before changing plans.' });
    await b.ok({ type: 'closingReflection', nextTime: 'Notice the eye-roller sooner.' });
    await t.ok({ type: 'requestEnd' });
    const end = await t.ok({ type: 'confirmEnd' });
    await Promise.all([a.caughtUp(end), b.caughtUp(end)]);

    // Privacy: what is private to one partner (and the therapist) never reached the other's socket;
    // the therapist's mark reached neither.
    const aFrames = JSON.stringify(a.frames);
    const bFrames = JSON.stringify(b.frames);
    for (const words of [PRIVATE.whereB, PRIVATE.listeningPart, PRIVATE.markNote, 'not_sure'])
      expect(aFrames).not.toContain(words);
    for (const words of [PRIVATE.whereA, PRIVATE.markNote]) expect(bFrames).not.toContain(words);

    // The therapist's clinical record holds every move.
    const res = await as(`/api/sessions/${session.roomId}/record?format=json`);
    expect(res.status).toBe(200);
    const { summary } = ClinicalRecordJson.parse(await res.json());
    expect(summary.listeningHelp?.B).toHaveLength(1);
    expect(summary.selfChecks?.A.map((check) => check.moment)).toEqual(['start', 'u_turn', 'end']);
    expect(summary.selfChecks?.B.map((check) => check.moment)).toEqual(['start', 'end']);
    expect(summary.partsNamed.B.map((part) => part.name)).toContain(PRIVATE.listeningPart);
    expect(summary.slowingDown.map((slow) => slow.kind)).toEqual(['breathing', 'break']);
    expect(summary.interventions.map((move) => move.kind)).toEqual(
      expect.arrayContaining([
        'direct_access_declined',
        'direct_access_started',
        'witness_said',
        'contempt_step',
        'responded_from_heart',
      ]),
    );
    expect(summary.repairOffers).toHaveLength(1);
    expect(summary.repairOffers[0]?.answer?.accepted).toBe(true);
    expect(summary.moments).toEqual([
      expect.objectContaining({ kind: 'unburdening', note: PRIVATE.markNote }),
    ]);
    expect(summary.cycleMap).toHaveLength(1);
    expect(summary.contract.confidentiality?.text).toBe(PRIVATE.terms);
    expect(summary.contract.locations.B.map((entry) => entry.location)).toEqual([PRIVATE.whereB]);
    expect(summary.contract.safeToSpeak.B.map((entry) => entry.answer)).toEqual(['not_sure']);

    // S6: nothing anyone wrote reaches the logs or the audit trail.
    const logs = ctx.server.logs.join('');
    const audit = JSON.stringify(await ctx.server.store.readAudit(session.roomId));
    for (const words of Object.values(PRIVATE)) {
      expect(logs).not.toContain(words);
      expect(audit).not.toContain(words);
    }
  });
});
