import { describe, expect, it } from 'vitest';
import { clinicalRecordMarkdown, summarizeSession } from '../../shared/index.ts';
import {
  type EngineRoom,
  replay,
  roomAtCheckin,
  roomAtFirstRound,
  roomAtStep,
} from '../support/engineRoom.ts';

const SORRY = { apology: 'I am sorry I raised my voice.' } as const;

describe('repair at any moment (I30–I32)', () => {
  it('I30 a partner offers a repair mid-round; every seat reads it and the round does not move', () => {
    const room = roomAtStep('therapy', 'reflect');
    const round = room.round;
    const [offered] = room.ok('B', { type: 'offerRepair', repair: SORRY });
    expect(offered).toMatchObject({ type: 'repairOffered', seat: 'B', repair: SORRY });
    expect(room.round).toBe(round);
    for (const seat of ['therapist', 'A', 'B'] as const) {
      expect(room.eventsSeenBy(seat).at(-1)).toEqual(offered);
      expect(room.viewOf(seat).repairOffers).toEqual([
        { seq: offered?.seq, at: room.now, seat: 'B', repair: SORRY, answer: null },
      ]);
    }
  });

  it('I30 a repair belongs to a round or the close, not the contract or check-in', () => {
    const room = roomAtCheckin('practice');
    room.rejects('A', { type: 'offerRepair', repair: SORRY }, 'wrong_step');
  });

  it('I30 in a written room a repair has at least one line; in a spoken room it may have been said aloud', () => {
    const written = roomAtFirstRound('practice');
    expect(written.state.talk).toBe('written');
    written.rejects('A', { type: 'offerRepair', repair: {} }, 'bad_request');
    const spoken = roomAtFirstRound('therapy');
    expect(spoken.state.talk).toBe('spoken');
    spoken.ok('A', { type: 'offerRepair', repair: {} });
  });

  it('I30 one unanswered offer per partner at a time; after the answer they may offer again', () => {
    const room = roomAtFirstRound('practice');
    const [offer] = room.ok('A', { type: 'offerRepair', repair: SORRY });
    room.rejects('A', { type: 'offerRepair', repair: { myPart: 'I was sharp.' } }, 'already_done');
    room.ok('B', { type: 'answerRepairOffer', offerSeq: offer?.seq ?? 0, accepted: false });
    room.ok('A', { type: 'offerRepair', repair: { myPart: 'I was sharp.' } });
  });

  it('I30 the therapist does not offer a repair; a paused room waits', () => {
    const room = roomAtStep('therapy', 'speak');
    room.rejects('therapist', { type: 'offerRepair', repair: SORRY }, 'not_allowed');
    room.ok('therapist', { type: 'pause' });
    room.rejects('A', { type: 'offerRepair', repair: SORRY }, 'paused');
  });

  it('I31 only the other partner answers, once; "Not yet" is an answer too', () => {
    const room = roomAtStep('therapy', 'summary');
    const [offer] = room.ok('A', { type: 'offerRepair', repair: SORRY });
    const offerSeq = offer?.seq ?? 0;
    room.rejects('A', { type: 'answerRepairOffer', offerSeq, accepted: true }, 'invalid_target');
    room.rejects(
      'B',
      { type: 'answerRepairOffer', offerSeq: offerSeq + 99, accepted: true },
      'invalid_target',
    );
    const [answer] = room.ok('B', { type: 'answerRepairOffer', offerSeq, accepted: false });
    expect(answer).toMatchObject({ type: 'repairOfferAnswered', seat: 'B', offerSeq, accepted: false });
    room.rejects('B', { type: 'answerRepairOffer', offerSeq, accepted: true }, 'already_done');
    expect(room.viewOf('A').repairOffers[0]?.answer).toEqual({
      seq: answer?.seq,
      at: answer?.at,
      accepted: false,
    });
  });

  it('I30 I31 in the close, beside the closing repair (T18), and answered after a swap', () => {
    const room = roomAtStep('therapy', 'next');
    const [offer] = room.ok('B', { type: 'offerRepair', repair: SORRY });
    room.ok('therapist', { type: 'swapRoles' });
    room.ok('A', { type: 'answerRepairOffer', offerSeq: offer?.seq ?? 0, accepted: true });
    room.ok('therapist', { type: 'startClosing' });
    room.ok('A', { type: 'offerRepair', repair: { whatSetMeUp: 'The late train.' } });
    expect(room.state.repairOffers.map((o) => [o.seat, o.answer?.accepted ?? null])).toEqual([
      ['B', true],
      ['A', null],
    ]);
  });
});

describe("the therapist's marks (I33)", () => {
  it('I33 a mark is private to the therapist: partners receive the stand-in and hold no marks', () => {
    const room = roomAtStep('therapy', 'landing');
    const [mark] = room.ok('therapist', {
      type: 'markMoment',
      kind: 'unburdening',
      note: 'A let go of the old shame.',
    });
    expect(room.viewOf('therapist').moments).toEqual([
      { seq: mark?.seq, at: room.now, kind: 'unburdening', note: 'A let go of the old shame.' },
    ]);
    for (const partner of ['A', 'B'] as const) {
      expect(room.eventsSeenBy(partner).at(-1)).toEqual({
        type: 'private',
        seq: mark?.seq,
        at: room.now,
        actor: 'system',
      });
      expect(room.viewOf(partner).moments).toEqual([]);
      expect(replay(room.eventsSeenBy(partner))).toEqual(room.viewOf(partner));
    }
  });

  it('I33 I39 only the therapist marks; a practice room has no marks', () => {
    roomAtFirstRound('therapy').rejects('A', { type: 'markMoment', kind: 'repair' }, 'not_allowed');
    roomAtFirstRound('practice').rejects('A', { type: 'markMoment', kind: 'repair' }, 'not_allowed');
  });
});

/** A therapy room where A named "the critic" at a U-turn and B named "the withdrawer"; A's piece carried A's part. */
function roomWithParts(): EngineRoom {
  const room = roomAtFirstRound('therapy');
  room.ok('A', { type: 'requestFloor' });
  room.ok('B', { type: 'listenerReady' });
  room.ok('A', { type: 'uTurn', part: { name: 'the critic', kind: 'protector', fears: 'chaos' } });
  room.ok('A', { type: 'speak' });
  room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
  room.ok('B', { type: 'uTurn', part: { name: 'the withdrawer', kind: 'protector', fears: 'the fight' } });
  return room;
}

describe('the cycle map (I34–I36)', () => {
  it("I34 the therapist links a part of A to a part of B; the console's map holds both names", () => {
    const room = roomWithParts();
    const [link] = room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'the critic' },
      to: { seat: 'B', part: 'the withdrawer' },
    });
    expect(link).toMatchObject({
      type: 'partsLinked',
      from: { seat: 'A', part: 'the critic', named: true, shown: true },
      to: { seat: 'B', part: 'the withdrawer', named: true, shown: false },
    });
    expect(room.viewOf('therapist').cycleMap).toHaveLength(1);
  });

  it('I34 a link joins two partners, once; unlinking takes it out for every seat that held it', () => {
    const room = roomWithParts();
    const critic = { seat: 'A', part: 'the critic' } as const;
    room.rejects(
      'therapist',
      { type: 'linkParts', from: critic, to: { seat: 'A', part: 'x' } },
      'invalid_target',
    );
    const [link] = room.ok('therapist', {
      type: 'linkParts',
      from: critic,
      to: { seat: 'B', part: 'the withdrawer' },
    });
    room.rejects(
      'therapist',
      {
        type: 'linkParts',
        from: { seat: 'A', part: 'The Critic ' },
        to: { seat: 'B', part: 'the withdrawer' },
      },
      'already_done',
    );
    room.rejects('therapist', { type: 'unlinkParts', linkSeq: 999 }, 'invalid_target');
    const [gone] = room.ok('therapist', { type: 'unlinkParts', linkSeq: link?.seq ?? 0 });
    expect(gone).toMatchObject({ type: 'partsUnlinked', seenBy: ['A', 'B'] });
    for (const seat of ['therapist', 'A', 'B'] as const) {
      expect(room.viewOf(seat).cycleMap).toEqual([]);
      expect(replay(room.eventsSeenBy(seat))).toEqual(room.viewOf(seat));
    }
  });

  it("I36 a partner reads the other's part name only once it was shown to them; otherwise it is left out", () => {
    const room = roomWithParts();
    room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'the critic' },
      to: { seat: 'B', part: 'the withdrawer' },
    });
    // B heard A's piece carry "the critic"; A never saw "the withdrawer" (named privately, in a U-turn).
    const [forA] = room.viewOf('A').cycleMap;
    expect(forA?.from).toMatchObject({ seat: 'A', part: 'the critic' });
    expect(forA?.to).toEqual({ seat: 'B', named: true, shown: false });
    expect(room.viewOf('B').cycleMap[0]).toMatchObject({
      from: { seat: 'A', part: 'the critic' },
      to: { seat: 'B', part: 'the withdrawer' },
    });
    expect(JSON.stringify(room.eventsSeenBy('A'))).not.toContain('the withdrawer');
    for (const seat of ['therapist', 'A', 'B'] as const) {
      expect(replay(room.eventsSeenBy(seat))).toEqual(room.viewOf(seat));
    }
  });

  it('I36 a part shared in a check-in with the room counts as shown', () => {
    const room = roomAtFirstRound('therapy'); // A shared "a worried part" with the room
    room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'B', part: 'x' },
      to: { seat: 'A', part: 'a worried part' },
    });
    // B never named "x": the link is not B's to see (I35), and A sees it with B's part left out.
    expect(room.viewOf('B').cycleMap).toEqual([]);
    expect(room.eventsSeenBy('B').at(-1)?.type).toBe('private');
    expect(room.viewOf('A').cycleMap[0]).toMatchObject({
      from: { seat: 'B', named: false, shown: false },
      to: { seat: 'A', part: 'a worried part', shown: true },
    });
    expect(room.viewOf('A').cycleMap[0]?.from.part).toBeUndefined();
  });

  it("I35 a link whose parts neither partner named is the therapist's alone; so is taking it back", () => {
    const room = roomWithParts();
    const [link] = room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'the pleaser' },
      to: { seat: 'B', part: 'the judge' },
    });
    const [gone] = room.ok('therapist', { type: 'unlinkParts', linkSeq: link?.seq ?? 0 });
    expect(gone).toMatchObject({ seenBy: [] });
    for (const partner of ['A', 'B'] as const) {
      const seen = room.eventsSeenBy(partner).slice(-2);
      expect(seen.map((e) => e.type)).toEqual(['private', 'private']);
    }
  });

  it('I35 a part the therapist heard named aloud (a spoken room) counts as named, never as shown to the other', () => {
    const room = roomAtFirstRound('therapy'); // spoken: the U-turn below names no part in the room
    room.ok('A', { type: 'requestFloor' });
    room.ok('B', { type: 'listenerReady' });
    room.ok('A', { type: 'uTurn' });
    room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'the critic', aloud: true },
      to: { seat: 'B', part: 'the withdrawer' },
    });
    expect(room.viewOf('A').cycleMap[0]?.from).toEqual({
      seat: 'A',
      part: 'the critic',
      named: true,
      shown: false,
    });
    expect(room.viewOf('A').cycleMap[0]?.to).toEqual({ seat: 'B', named: false, shown: false });
    expect(room.viewOf('B').cycleMap).toEqual([]);
  });

  it('I34 I39 only the therapist maps the cycle; a practice room has no map', () => {
    const link = { type: 'linkParts', from: { seat: 'A', part: 'a' }, to: { seat: 'B', part: 'b' } };
    roomAtFirstRound('therapy').rejects('B', link, 'not_allowed');
    roomAtFirstRound('practice').rejects('A', link, 'not_allowed');
  });
});

describe('the record (I37)', () => {
  it("I37 the therapist's summary holds offers, marks and the map; a partner's holds their view and no marks", () => {
    const room = roomWithParts();
    const [offer] = room.ok('B', { type: 'offerRepair', repair: SORRY });
    room.ok('A', { type: 'answerRepairOffer', offerSeq: offer?.seq ?? 0, accepted: true });
    room.ok('therapist', { type: 'markMoment', kind: 'repair', note: 'They turned toward each other.' });
    room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'the critic' },
      to: { seat: 'B', part: 'the withdrawer' },
    });
    const therapist = summarizeSession(room.eventsSeenBy('therapist'));
    expect(therapist.repairOffers).toEqual([
      {
        at: offer?.at,
        seat: 'B',
        whatSetMeUp: null,
        myPart: null,
        apology: SORRY.apology,
        answer: { at: expect.any(Number), accepted: true },
      },
    ]);
    expect(therapist.moments).toEqual([
      { at: expect.any(Number), kind: 'repair', note: 'They turned toward each other.' },
    ]);
    expect(therapist.cycleMap).toEqual([
      {
        at: expect.any(Number),
        from: { seat: 'A', part: 'the critic' },
        to: { seat: 'B', part: 'the withdrawer' },
      },
    ]);
    expect(therapist.compact.repair).toBe(true);
    const a = summarizeSession(room.eventsSeenBy('A'));
    expect(a.moments).toEqual([]);
    expect(a.repairOffers).toHaveLength(1);
    expect(a.cycleMap).toEqual([
      { at: expect.any(Number), from: { seat: 'A', part: 'the critic' }, to: { seat: 'B', part: null } },
    ]);
  });

  it("I37 the Markdown record: repairs with answers, marks and the map for the therapist; a partner's copy keeps a name they were not shown out", () => {
    const room = roomWithParts();
    const [offer] = room.ok('B', { type: 'offerRepair', repair: { myPart: 'I went *quiet*.' } });
    room.ok('A', { type: 'answerRepairOffer', offerSeq: offer?.seq ?? 0, accepted: false });
    room.ok('therapist', { type: 'markMoment', kind: 'unburdening' });
    room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'the critic' },
      to: { seat: 'B', part: 'the withdrawer' },
    });
    const options = { timeZone: 'UTC', generatedAt: room.now };
    const therapist = clinicalRecordMarkdown(summarizeSession(room.eventsSeenBy('therapist')), options);
    expect(therapist).toContain('## Repairs during the session');
    expect(therapist).toContain('I went \\*quiet\\*.');
    expect(therapist).toContain('answered at');
    expect(therapist).toContain(': not yet.');
    expect(therapist).toContain('A moment of relational unburdening.');
    expect(therapist).toContain('the critic (Partner A) → sets off → the withdrawer (Partner B)');
    const a = clinicalRecordMarkdown(summarizeSession(room.eventsSeenBy('A')), options);
    expect(a).not.toContain('## Marked moments');
    expect(a).toContain('the critic (Partner A) → sets off → a part of Partner B');
    expect(a).not.toContain('withdrawer');
  });
});
