import { describe, expect, it } from 'vitest';
import { ClinicalRecordJson, type RoomEvent } from '../../shared/index.ts';
import { openSeat } from '../support/clients.ts';
import { addCouple, asTherapistFetch } from '../support/couples.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

const ctx = withServer();

/** The event types a seat received from `from` on, in order. */
const typesFrom = (events: RoomEvent[], from: number) =>
  events.filter((event) => event.seq >= from).map((event) => event.type);

describe("the therapist's moves over real sockets (part C)", () => {
  it('I20 I21 I22 I24 I27 I28 I29 one round with each move: what each seat receives, and the clinical record', async () => {
    const url = ctx.server.url;
    const therapistAccount = await signUpTherapist(url);
    const as = asTherapistFetch(url, therapistAccount);
    const couple = await addCouple(url, therapistAccount); // Sam (she/her) and Alex
    const session = await (await as(`/api/couples/${couple.id}/sessions`, 'POST', {})).json();
    const therapist = openSeat(url, session.seats.therapist.token);
    const a = openSeat(url, session.seats.A.token);
    const b = openSeat(url, session.seats.B.token);
    await Promise.all([therapist.connected(), a.connected(), b.connected()]);

    await therapist.ok({ type: 'admit', seat: 'A' });
    await therapist.ok({ type: 'admit', seat: 'B' });
    await therapist.ok({ type: 'setTalk', talk: 'written' });
    await a.ok({ type: 'agreeContract', safeWord: 'lighthouse' });
    await b.ok({ type: 'agreeContract' });
    await therapist.ok({ type: 'skipStep' });
    await a.ok({ type: 'requestFloor', topic: 'Sunday plans' });
    await b.ok({ type: 'listenerReady' });
    await a.ok({ type: 'uTurn', part: { name: 'the planner', kind: 'protector' } });
    await a.ok({ type: 'speak', text: 'A part of me gets tense when plans change late.' });

    // I20, I21: asked, "not now" — Sam and the therapist see it; Alex receives only stand-ins.
    const asked = await therapist.ok({ type: 'askDirectAccess', seat: 'A' });
    await a.caughtUp(asked);
    expect(a.state?.directAccessAsk).toMatchObject({ seat: 'A' });
    const declined = await a.ok({ type: 'answerDirectAccess', yes: false });
    await Promise.all([therapist.caughtUp(declined), b.caughtUp(declined)]);
    expect(therapist.state?.directAccessDeclined).toMatchObject({ seat: 'A' });
    expect(typesFrom(b.events, asked)).toEqual(['private', 'private']);
    expect(b.state?.directAccessAsk).toBeNull();
    expect(b.state?.directAccessDeclined).toBeNull();
    expect(typesFrom(therapist.events, asked)).toEqual(['directAccessAsked', 'directAccessDeclined']);

    // Asked again: yes. Alex witnesses, then says what they noticed; the round waits for it.
    await therapist.ok({ type: 'askDirectAccess', seat: 'A' });
    const started = await a.ok({ type: 'answerDirectAccess', yes: true });
    await b.caughtUp(started);
    expect(b.state?.directAccess).toEqual({ seat: 'A', witness: 'B' });
    await therapist.ok({ type: 'directSay', text: 'What does the planner want Alex to know?' });
    await a.ok({ type: 'directSay', text: 'That it is tired of holding everything.' });
    const ended = await therapist.ok({ type: 'endDirectAccess' });
    await b.caughtUp(ended);
    expect(b.state?.witnessTurn).toMatchObject({ seat: 'B' });
    expect(await b.send({ type: 'reflect', text: 'I heard…' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_step' },
    });
    const noticed = await b.ok({ type: 'witnessSay', text: 'I noticed how tired it sounds.' });
    await a.caughtUp(noticed);
    expect(a.events.at(-1)).toMatchObject({
      type: 'witnessSaid',
      seat: 'B',
      text: 'I noticed how tired it sounds.',
    });

    // I24: contempt in the reflection, the whole guided move; both partners follow each step.
    await b.ok({ type: 'reflect', text: 'Here we go again with your plans.' });
    const stopped = await therapist.ok({ type: 'stopContempt', seat: 'B' });
    for (const step of ['name', 'recall', 'hurt'] as const)
      await therapist.ok({ type: 'contemptStep', step });
    const recallSeen = await therapist.ok({ type: 'contemptStep', step: 'u_turn' });
    for (const client of [a, b]) {
      await client.caughtUp(recallSeen);
      expect(typesFrom(client.events, stopped)).toEqual([
        'contemptStopped',
        'contemptStepTaken',
        'contemptStepTaken',
        'contemptStepTaken',
        'contemptStepTaken',
        'uTurnRequested',
      ]);
      expect(client.state?.contempt).toBeNull();
    }
    await b.ok({ type: 'uTurn', part: { name: 'the eye-roller', kind: 'protector' } });
    await b.ok({ type: 'reflect', text: 'A part of you gets tense when plans change late.' });
    await a.ok({ type: 'confirm', more: false });

    // I27, I28: "from the heart", chosen before the summary is confirmed.
    await therapist.ok({ type: 'chooseResponse', response: 'heart' });
    await b.ok({ type: 'summarize', text: 'Late changes make a part of you tense.' });
    await a.ok({ type: 'confirm' });
    const heart = await b.ok({ type: 'respondFromHeart', text: 'I want to help carry the planning.' });
    await a.caughtUp(heart);
    const round = a.state?.stage === 'round' ? a.state.round : null;
    expect(round).toMatchObject({ step: 'landing', responding: 'heart' });
    await a.ok({ type: 'land', text: 'It landed.' });

    // I29: the therapist's clinical record over REST holds every move, with the witness's words.
    await therapist.ok({ type: 'requestEnd' });
    await therapist.ok({ type: 'confirmEnd' });
    const res = await as(`/api/sessions/${session.roomId}/record?format=json`);
    const record = ClinicalRecordJson.parse(await res.json());
    const kinds = record.summary.interventions.map((move) => move.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'direct_access_asked',
        'direct_access_declined',
        'direct_access_started',
        'direct_access_ended',
        'witness_said',
        'contempt_stopped',
        'contempt_step',
        'u_turn_asked',
        'response_chosen',
        'responded_from_heart',
      ]),
    );
    expect(kinds.filter((kind) => kind === 'contempt_step')).toHaveLength(4);
    expect(record.summary.interventions.find((move) => move.kind === 'witness_said')).toMatchObject({
      seat: 'B',
      words: 'I noticed how tired it sounds.',
    });
    const md = await (await as(`/api/sessions/${session.roomId}/record?format=md&tz=UTC`)).text();
    expect(md).toContain('Sam said not now to direct access.');
    expect(md).toContain('Stop contempt, recalled the contract.');
  });
});
