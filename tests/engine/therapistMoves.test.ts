import { describe, expect, it } from 'vitest';
import {
  buildRecord,
  ClientCommand,
  clinicalRecordMarkdown,
  entriesToAnswer,
  evolve,
  type RoomEvent,
  type RoomState,
  type Round,
  summarizeSession,
} from '../../shared/index.ts';
import { replay, roomAtStep } from '../support/engineRoom.ts';

/** Part C of issue 11: the therapist's moves (shared/SPEC.md I20–I29). */

describe('direct access with consent', () => {
  it('I20 the therapist asks; "not now" is recorded and changes nothing else; asked again, "yes" starts it', () => {
    const room = roomAtStep('therapy', 'speak');
    expect(room.ok('therapist', { type: 'askDirectAccess', seat: 'A' })).toMatchObject([
      { type: 'directAccessAsked', seat: 'A', actor: 'therapist' },
    ]);
    expect(room.state.directAccessAsk).toMatchObject({ seat: 'A' });
    expect(room.state.directAccess).toBeNull();
    const before = room.state;
    expect(room.ok('A', { type: 'answerDirectAccess', yes: false })).toMatchObject([
      { type: 'directAccessDeclined', seat: 'A', actor: 'A' },
    ]);
    // Nothing else happens: same step, nobody locked, no witness.
    const { seq: _a, directAccessAsk: _b, directAccessDeclined: _e, ...rest } = room.state;
    const { seq: _c, directAccessAsk: _d, directAccessDeclined: _f, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(room.state.directAccessAsk).toBeNull();
    // The console can say "Partner A said not now" until the next ask; B never learns of it.
    expect(room.state.directAccessDeclined).toEqual({ seat: 'A', at: room.now });
    expect(room.viewOf('B').directAccessDeclined).toBeNull();
    room.ok('A', { type: 'speak', text: 'Still me.' });
    room.rejects('A', { type: 'answerDirectAccess', yes: true }, 'invalid_target');
    // Respected, and the therapist may ask again later.
    room.ok('therapist', { type: 'askDirectAccess', seat: 'A' });
    expect(room.ok('A', { type: 'answerDirectAccess', yes: true })).toMatchObject([
      { type: 'directAccessStarted', seat: 'A', witness: 'B', actor: 'A' },
    ]);
    expect(room.state.directAccess).toEqual({ seat: 'A', witness: 'B' });
    expect(room.state.directAccessAsk).toBeNull();
    room.rejects('B', { type: 'reflect', text: 'x' }, 'witness_locked');
  });

  it('I20 one ask at a time; only the asked partner answers; the therapist may withdraw it', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'askDirectAccess', seat: 'B' });
    room.rejects('therapist', { type: 'askDirectAccess', seat: 'A' }, 'already_done');
    room.rejects('A', { type: 'answerDirectAccess', yes: true }, 'invalid_target');
    room.rejects('A', { type: 'askDirectAccess', seat: 'A' }, 'not_allowed');
    room.rejects('therapist', { type: 'answerDirectAccess', yes: true }, 'not_allowed');
    expect(room.ok('therapist', { type: 'withdrawDirectAccess' })).toMatchObject([
      { type: 'directAccessWithdrawn', seat: 'B' },
    ]);
    expect(room.state.directAccessAsk).toBeNull();
    room.rejects('B', { type: 'answerDirectAccess', yes: true }, 'invalid_target');
    room.rejects('therapist', { type: 'withdrawDirectAccess' }, 'invalid_target');
    // While the ask waits, the round goes on.
    room.ok('B', { type: 'reflect', text: 'I heard a part of you feels alone.' });
  });

  it('I20 a partner who is asked can answer while the room is paused or they are asked for a U-turn', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'requestUTurn', seat: 'A' });
    room.ok('therapist', { type: 'pause' });
    room.ok('therapist', { type: 'askDirectAccess', seat: 'A' });
    room.ok('A', { type: 'answerDirectAccess', yes: true });
    expect(room.state.directAccess).toEqual({ seat: 'A', witness: 'B' });
  });

  it('I20 T29 v5 has no startDirectAccess; a v4 log that holds its event still folds', () => {
    expect(ClientCommand.safeParse({ type: 'startDirectAccess', seat: 'A' }).success).toBe(false);
    const room = roomAtStep('therapy', 'speak');
    const at = room.now;
    const seq = room.state.seq;
    const v4: RoomEvent[] = [
      { type: 'directAccessStarted', seat: 'A', witness: 'B', seq: seq + 1, at, actor: 'therapist' },
      { type: 'directAccessEnded', seq: seq + 2, at, actor: 'therapist' },
    ];
    const folded = v4.reduce<RoomState>((state, event) => evolve(state, event), room.state);
    // A v4 end names no witness: no witness's turn opens, so an old room goes on as it did.
    expect(folded.witnessTurn).toBeNull();
    expect(folded.directAccess).toBeNull();
  });

  it('I20 T29 direct access is a therapy move: a practice room has none of it', () => {
    const room = roomAtStep('practice', 'speak');
    room.rejects('A', { type: 'askDirectAccess', seat: 'B' }, 'not_allowed');
    room.rejects('A', { type: 'answerDirectAccess', yes: true }, 'not_allowed');
    room.rejects('A', { type: 'witnessSay', text: 'x' }, 'not_allowed');
    room.rejects('A', { type: 'skipWitness' }, 'not_allowed');
  });

  it('I21 the ask and a "not now" reach only that partner and the therapist; the other gets the private stand-in', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'askDirectAccess', seat: 'A' });
    expect(room.viewOf('B').directAccessAsk).toBeNull();
    expect(room.viewOf('A').directAccessAsk).toMatchObject({ seat: 'A' });
    expect(room.viewOf('therapist').directAccessAsk).toMatchObject({ seat: 'A' });
    room.ok('A', { type: 'answerDirectAccess', yes: false });
    const seenByB = room.eventsSeenBy('B').slice(-2);
    expect(seenByB.map((e) => e.type)).toEqual(['private', 'private']);
    expect(seenByB.every((e) => e.actor === 'system')).toBe(true);
    expect(
      room
        .eventsSeenBy('A')
        .slice(-2)
        .map((e) => e.type),
    ).toEqual(['directAccessAsked', 'directAccessDeclined']);
    expect(
      room
        .eventsSeenBy('therapist')
        .slice(-2)
        .map((e) => e.type),
    ).toEqual(['directAccessAsked', 'directAccessDeclined']);
    // A14: the snapshot is the fold of what B received.
    expect(replay(room.eventsSeenBy('B'))).toEqual(room.viewOf('B'));
    // The shared record never holds the ask nor the answer.
    const types = buildRecord(room.events).map((e) => e.type);
    expect(types).not.toContain('directAccessAsked');
    expect(types).not.toContain('directAccessDeclined');
  });
});

describe("the witness's turn", () => {
  it('I22 I23 when direct access ends the witness says what they noticed; round steps wait until then', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.directAccess('A');
    room.ok('therapist', { type: 'directSay', text: 'What does the part want B to know?' });
    room.ok('A', { type: 'directSay', text: 'That it is tired.' });
    expect(room.ok('therapist', { type: 'endDirectAccess' })).toMatchObject([
      { type: 'directAccessEnded', witness: 'B' },
    ]);
    expect(room.state.witnessTurn).toEqual({ seat: 'B', at: room.now });
    room.rejects('B', { type: 'reflect', text: 'I heard…' }, 'wrong_step');
    room.rejects('A', { type: 'confirm' }, 'wrong_step');
    expect(room.send('B', { type: 'reflect', text: 'I heard…' })).toMatchObject({
      ok: false,
      rejection: { message: 'First say what you noticed, or skip it; then the round goes on.' },
    });
    room.rejects('A', { type: 'witnessSay', text: 'Me?' }, 'not_your_turn');
    room.rejects('A', { type: 'skipWitness' }, 'not_your_turn');
    // The safety pause still works, and an urge to speak interrupts nothing.
    room.ok('B', { type: 'urgeToSpeak' });
    expect(room.ok('B', { type: 'witnessSay', text: 'I noticed how tired it is.' })).toMatchObject([
      { type: 'witnessSaid', seat: 'B', text: 'I noticed how tired it is.' },
    ]);
    expect(room.state.witnessTurn).toBeNull();
    expect(room.step).toBe('reflect');
    room.ok('B', { type: 'reflect', text: 'I heard a part of you feels alone.' });
    room.rejects('B', { type: 'witnessSay', text: 'Again' }, 'wrong_step');
  });

  it('I22 T37 written: the witness writes a line or skips; spoken: "I said it" needs no words', () => {
    const written = roomAtStep('therapy', 'speak');
    written.ok('therapist', { type: 'setTalk', talk: 'written' });
    written.directAccess('A');
    written.ok('therapist', { type: 'endDirectAccess' });
    written.rejects('B', { type: 'witnessSay' }, 'bad_request');
    written.rejects('B', { type: 'witnessSay', text: 'x'.repeat(301) }, 'too_long');
    written.ok('B', { type: 'skipWitness' });
    expect(written.events.at(-1)).toMatchObject({ type: 'witnessSkipped', seat: 'B', actor: 'B' });

    const spoken = roomAtStep('therapy', 'speak'); // a therapy room is spoken unless chosen otherwise (T37)
    expect(spoken.state.talk).toBe('spoken');
    spoken.directAccess('A');
    spoken.ok('therapist', { type: 'endDirectAccess' });
    expect(spoken.ok('B', { type: 'witnessSay' })).toMatchObject([{ type: 'witnessSaid', seat: 'B' }]);
    expect(buildRecord(spoken.events).at(-1)).toMatchObject({ type: 'witnessSaid', saidAloud: true });
  });

  it("I22 the therapist may skip the witness's turn; a new ask waits until the turn is done", () => {
    const room = roomAtStep('therapy', 'speak');
    room.directAccess('B');
    room.ok('therapist', { type: 'endDirectAccess' });
    room.rejects('therapist', { type: 'askDirectAccess', seat: 'B' }, 'invalid_target');
    expect(room.ok('therapist', { type: 'skipWitness' })).toMatchObject([
      { type: 'witnessSkipped', seat: 'A', actor: 'therapist' },
    ]);
    room.ok('A', { type: 'speak', text: 'On we go.' });
  });
});

describe('stop contempt, the whole move', () => {
  it('I24 I25 stop → name → recall → hurt → u_turn, one step at a time; the round waits; the U-turn ends it', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('B', { type: 'reflect', text: 'You are so dramatic.' });
    expect(room.ok('therapist', { type: 'stopContempt', seat: 'B' })).toMatchObject([
      { type: 'contemptStopped', seat: 'B', guided: true, step: 'reflect' },
    ]);
    // T26: set aside at once; the U-turn waits for the sequence's last step.
    expect(room.entries.at(-1)?.setAside).toBe('contempt');
    expect(room.state.contempt).toEqual({ seat: 'B', step: 'stop', at: room.now });
    expect(room.state.uTurnRequests.B).toBeUndefined();
    room.rejects('B', { type: 'reflect', text: 'Fine.' }, 'wrong_step');
    room.rejects('therapist', { type: 'stopContempt', seat: 'A' }, 'already_done');
    for (const step of ['name', 'recall', 'hurt'] as const) {
      expect(room.ok('therapist', { type: 'contemptStep', step })).toMatchObject([
        { type: 'contemptStepTaken', seat: 'B', step },
      ]);
      expect(room.state.contempt?.step).toBe(step);
    }
    room.rejects('therapist', { type: 'contemptStep', step: 'recall' }, 'invalid_target');
    expect(room.ok('therapist', { type: 'contemptStep', step: 'u_turn' })).toMatchObject([
      { type: 'contemptStepTaken', seat: 'B', step: 'u_turn' },
      { type: 'uTurnRequested', seat: 'B' },
    ]);
    expect(room.state.contempt).toBeNull();
    room.rejects('B', { type: 'reflect', text: 'Fine.' }, 'in_u_turn');
    room.ok('B', { type: 'uTurn', part: { name: 'the eye-roller', kind: 'protector' } });
    room.ok('B', { type: 'reflect', text: 'I heard a part of you feels alone.' });
    room.rejects('therapist', { type: 'contemptStep', step: 'name' }, 'invalid_target');
  });

  it('I24 steps may be left out but never retaken; the therapist can end it early, with no U-turn', () => {
    const room = roomAtStep('therapy', 'summary');
    room.ok('therapist', { type: 'stopContempt', seat: 'B' });
    room.ok('therapist', { type: 'contemptStep', step: 'recall' });
    room.rejects('therapist', { type: 'contemptStep', step: 'name' }, 'invalid_target');
    room.rejects('A', { type: 'endContempt' }, 'not_allowed');
    expect(room.ok('therapist', { type: 'endContempt' })).toMatchObject([
      { type: 'contemptEnded', seat: 'B' },
    ]);
    expect(room.state.contempt).toBeNull();
    expect(room.state.uTurnRequests).toEqual({});
    room.rejects('therapist', { type: 'endContempt' }, 'invalid_target');
    room.ok('B', { type: 'summarize', text: 'All of it.' });
  });

  it('I25 each step is for the room: both partners receive it, and the record keeps it with its time', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'stopContempt', seat: 'B' });
    room.ok('therapist', { type: 'contemptStep', step: 'recall' });
    for (const seat of ['A', 'B'] as const) {
      expect(room.eventsSeenBy(seat).at(-1)).toMatchObject({ type: 'contemptStepTaken', step: 'recall' });
      expect(room.viewOf(seat).contempt).toMatchObject({ seat: 'B', step: 'recall' });
    }
    expect(buildRecord(room.events).at(-1)).toMatchObject({ type: 'contemptStepTaken', step: 'recall' });
  });
});

describe("the listener's response, chosen", () => {
  it('I27 I28 "respond from your heart": from the next confirmed summary, one free response, then the landing', () => {
    const room = roomAtStep('therapy', 'summary_confirm');
    expect(room.state.response).toBe('chain');
    expect(room.ok('therapist', { type: 'chooseResponse', response: 'heart' })).toMatchObject([
      { type: 'responseChosen', response: 'heart' },
    ]);
    room.rejects('therapist', { type: 'chooseResponse', response: 'heart' }, 'already_done');
    room.ok('A', { type: 'confirm' });
    expect(room.step).toBe('validate');
    expect(room.round).toMatchObject({ responding: 'heart' });
    room.rejects('B', { type: 'validate', text: 'What makes sense…' }, 'wrong_step');
    room.rejects('A', { type: 'respondFromHeart', text: 'x' }, 'not_your_turn');
    room.ok('therapist', { type: 'setTalk', talk: 'written' });
    room.rejects('B', { type: 'respondFromHeart' }, 'bad_request');
    expect(room.ok('B', { type: 'respondFromHeart', text: 'My heart aches for that part.' })).toMatchObject([
      { type: 'respondedFromHeart', seat: 'B', text: 'My heart aches for that part.' },
    ]);
    expect(room.step).toBe('landing');
    expect(room.entries.at(-1)).toMatchObject({ kind: 'heart', step: 'validate' });
    // The speaker's landing card shows that response.
    expect(entriesToAnswer(room.round as Round).map((e) => e.text)).toEqual([
      'My heart aches for that part.',
    ]);
    room.ok('A', { type: 'land', text: 'It landed.' });
    expect(room.step).toBe('next');
  });

  it('I27 "skip to the landing": the confirmed summary goes straight to landing; a choice mid-step waits', () => {
    const room = roomAtStep('therapy', 'validate');
    // Chosen after this round's summary was confirmed: this round keeps the chain.
    room.ok('therapist', { type: 'chooseResponse', response: 'landing' });
    room.ok('B', { type: 'validate', text: 'What makes sense to me is…' });
    expect(room.step).toBe('empathy');
    room.ok('therapist', { type: 'rewind', to: 'summary' });
    room.ok('B', { type: 'summarize', text: 'All of it again.' });
    room.ok('A', { type: 'confirm' });
    expect(room.step).toBe('landing');
    expect(room.round).toMatchObject({ responding: 'landing' });
  });

  it('I27 T29 a practice room keeps the full chain', () => {
    const room = roomAtStep('practice', 'summary_confirm');
    room.rejects('A', { type: 'chooseResponse', response: 'heart' }, 'not_allowed');
    room.ok('A', { type: 'confirm' });
    room.rejects('B', { type: 'respondFromHeart', text: 'x' }, 'wrong_step');
    room.ok('B', { type: 'validate', text: 'What makes sense to me is…' });
  });
});

describe('the record of the moves', () => {
  it('I29 the clinical record holds the ask, the answers, the witness words, each contempt step and the response', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'askDirectAccess', seat: 'A' });
    room.ok('A', { type: 'answerDirectAccess', yes: false });
    room.directAccess('A');
    room.ok('therapist', { type: 'endDirectAccess' });
    room.ok('B', { type: 'witnessSay', text: 'I saw a *tired* part.' });
    room.ok('therapist', { type: 'stopContempt', seat: 'B' });
    room.ok('therapist', { type: 'contemptStep', step: 'name' });
    room.ok('therapist', { type: 'contemptStep', step: 'u_turn' });
    room.ok('therapist', { type: 'chooseResponse', response: 'heart' });
    const summary = summarizeSession(room.events);
    expect(summary.interventions.map((move) => move.kind)).toEqual([
      'direct_access_asked',
      'direct_access_declined',
      'direct_access_asked',
      'direct_access_started',
      'direct_access_ended',
      'witness_said',
      'contempt_stopped',
      'contempt_step',
      'contempt_step',
      'u_turn_asked',
      'response_chosen',
    ]);
    const markdown = clinicalRecordMarkdown(summary, { timeZone: 'UTC', generatedAt: room.now });
    expect(markdown).toContain('said not now to direct access.');
    expect(markdown).toContain('the witness, said what they noticed. “I saw a \\*tired\\* part.”');
    expect(markdown).toContain('Stop contempt, named it.');
    expect(markdown).toContain('one response from the heart');
  });
});
