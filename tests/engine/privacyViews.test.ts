import { describe, expect, it } from 'vitest';
import { buildRecord, type RoomEvent, type Seat, seatsOf, viewEvent } from '../../shared/index.ts';
import { type EngineRoom, replay, roomAtCheckin, roomAtStep } from '../support/engineRoom.ts';

const seen = (room: EngineRoom, seat: Seat, type: RoomEvent['type']) =>
  room.eventsSeenBy(seat).filter((e) => e.type === type);

/** A therapy room where A checked in for themselves and B for the therapist. */
function checkedInPrivately(): EngineRoom {
  const room = roomAtCheckin('therapy');
  room.ok('A', { type: 'checkIn', checkIn: { parts: ['SECRET-A'], selfEnergy: 3 }, visibility: 'self' });
  room.ok('B', { type: 'checkIn', checkIn: { parts: ['SECRET-B'], body: 'belly' }, visibility: 'therapist' });
  return room;
}

describe('check-in privacy', () => {
  it('A10 a check-in kept to oneself is read by its author only', () => {
    const room = checkedInPrivately();
    const [own] = seen(room, 'A', 'checkedIn');
    expect(own).toMatchObject({ seat: 'A', checkIn: { parts: ['SECRET-A'], selfEnergy: 3 } });
    for (const viewer of ['B', 'therapist'] as const) {
      const [other] = seen(room, viewer, 'checkedIn');
      expect(other).toEqual({
        type: 'checkedIn',
        seat: 'A',
        visibility: 'self',
        seq: own?.seq,
        at: own?.at,
        actor: 'A',
      });
      expect(room.viewOf(viewer).checkIns.A).toEqual({ visibility: 'self' });
    }
    expect(room.viewOf('A').checkIns.A).toEqual({
      visibility: 'self',
      content: { parts: ['SECRET-A'], selfEnergy: 3 },
    });
  });

  it('A10 a check-in shared with the therapist is read by its author and the therapist', () => {
    const room = checkedInPrivately();
    expect(room.viewOf('therapist').checkIns.B?.content).toEqual({ parts: ['SECRET-B'], body: 'belly' });
    expect(room.viewOf('B').checkIns.B?.content).toEqual({ parts: ['SECRET-B'], body: 'belly' });
    expect(room.viewOf('A').checkIns.B).toEqual({ visibility: 'therapist' });
    expect(seen(room, 'A', 'checkedIn').find((e) => e.seq === room.state.seq - 1)).not.toHaveProperty(
      'checkIn',
    );
  });

  it('A10 a check-in shared with the room is read by everyone', () => {
    const room = roomAtCheckin('practice');
    room.ok('A', { type: 'checkIn', checkIn: { parts: ['OPEN-A'] }, visibility: 'room' });
    expect(room.viewOf('B').checkIns.A).toEqual({ visibility: 'room', content: { parts: ['OPEN-A'] } });
    expect(seen(room, 'B', 'checkedIn')).toMatchObject([{ checkIn: { parts: ['OPEN-A'] } }]);
  });
});

describe('U-turn privacy', () => {
  it('A11 the part named in a U-turn is read by its partner and the therapist only', () => {
    const room = roomAtStep('therapy', 'u_turn');
    const part = { name: 'the hidden one', kind: 'exile', feltWhere: 'gut', fears: 'FEAR-OF-A' } as const;
    room.ok('A', { type: 'uTurn', part });
    expect(seen(room, 'A', 'partNamed').at(-1)).toMatchObject({ part });
    expect(seen(room, 'therapist', 'partNamed').at(-1)).toMatchObject({ part });
    const forB = seen(room, 'B', 'partNamed').at(-1);
    expect(forB).toEqual({
      type: 'partNamed',
      seat: 'A',
      requested: false,
      seq: room.state.seq,
      at: room.now,
      actor: 'A',
    });
    expect(room.viewOf('B').parts.A).toBeUndefined();
    expect(room.viewOf('therapist').parts.A).toEqual(part);
    expect(room.viewOf('A').parts.A).toEqual(part);
  });

  it('A11 the listener learns the name when the speaker speaks for it, never what it fears', () => {
    const room = roomAtStep('therapy', 'u_turn');
    room.ok('A', { type: 'uTurn', part: { name: 'the hidden one', kind: 'exile', fears: 'FEAR-OF-A' } });
    room.ok('A', { type: 'speak', text: 'A part of me hides.' });
    expect(seen(room, 'B', 'spoke').at(-1)).toMatchObject({
      part: { name: 'the hidden one', kind: 'exile' },
    });
    const everythingB = JSON.stringify([room.viewOf('B'), room.eventsSeenBy('B')]);
    expect(everythingB).toContain('the hidden one');
    expect(everythingB).not.toContain('FEAR-OF-A');
  });

  it("A11 a requested U-turn's part stays with its partner and the therapist", () => {
    const room = roomAtStep('therapy', 'reflect');
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    room.ok('B', { type: 'uTurn', part: { name: 'LISTENER-PART', kind: 'protector', fears: 'FEAR-OF-B' } });
    expect(JSON.stringify([room.viewOf('A'), room.eventsSeenBy('A')])).not.toMatch(/LISTENER-PART|FEAR-OF-B/);
    expect(JSON.stringify(room.viewOf('therapist'))).toContain('FEAR-OF-B');
  });
});

/** The part A names as speaker at the U-turn step of round 1: the one pieces may carry. */
const ROUND_PART = {
  name: 'the planner',
  kind: 'protector',
  feltWhere: 'shoulders',
  fears: 'ROUND-FEAR',
} as const;
/** A part A names outside the round's own steps: only A and the therapist may ever read it. */
const HIDDEN_PART = {
  name: 'HIDDEN-PART',
  kind: 'exile',
  feltWhere: 'HIDDEN-WHERE',
  fears: 'HIDDEN-FEAR',
} as const;

/** From A's first piece (the round's part named at `u_turn`) to `reflect`. */
function afterFirstPiece(mode: 'therapy' | 'practice'): EngineRoom {
  const room = roomAtStep(mode, 'u_turn');
  room.ok('A', { type: 'uTurn', part: ROUND_PART });
  room.ok('A', { type: 'speak', text: 'A part of me plans everything.' });
  return room;
}

/** The listener's whole world — events, snapshot — and the record must not hold the hidden part. */
function expectHiddenFromB(room: EngineRoom) {
  const forB = JSON.stringify([room.viewOf('B'), room.eventsSeenBy('B')]);
  expect(forB).not.toMatch(/HIDDEN-PART|HIDDEN-WHERE|HIDDEN-FEAR/);
  expect(JSON.stringify(buildRecord(room.events))).not.toMatch(/HIDDEN-PART|HIDDEN-WHERE|HIDDEN-FEAR/);
  // The therapist (if any) and A still know it.
  expect(room.viewOf('A').parts.A).toEqual(HIDDEN_PART);
  expect(room.eventsSeenBy('A').at(-1)).toMatchObject({ type: 'spoke' });
  expect(replay(room.eventsSeenBy('B'))).toEqual(room.viewOf('B'));
}

describe('A11 a part named outside the round’s own U-turn never reaches the listener', () => {
  it('A11 T9 a U-turn the therapist asked for at reflect: the next piece carries the round’s part, not the new one', () => {
    const room = afterFirstPiece('therapy');
    room.ok('therapist', { type: 'requestUTurn', seat: 'A' });
    room.ok('A', { type: 'uTurn', part: HIDDEN_PART });
    room.ok('B', { type: 'reflect', text: 'A part of you plans.' });
    room.ok('A', { type: 'confirm' });
    room.ok('A', { type: 'answerMore', more: true });
    const [piece] = room.ok('A', { type: 'speak', text: 'And it is tired.' });
    expect(piece).toMatchObject({ part: { name: 'the planner', kind: 'protector', feltWhere: 'shoulders' } });
    expectHiddenFromB(room);
    expect(room.viewOf('therapist').parts.A).toEqual(HIDDEN_PART);
  });

  it('A11 T9 a practice partner’s own U-turn at more stays theirs', () => {
    const room = afterFirstPiece('practice');
    room.ok('B', { type: 'reflect', text: 'A part of you plans.' });
    room.ok('A', { type: 'confirm' });
    room.ok('A', { type: 'requestUTurn', seat: 'A' });
    room.ok('A', { type: 'uTurn', part: HIDDEN_PART });
    room.ok('A', { type: 'answerMore', more: true });
    const [piece] = room.ok('A', { type: 'speak', text: 'And it is tired.' });
    expect(piece).toMatchObject({ part: { name: 'the planner' } });
    expectHiddenFromB(room);
  });

  it('A11 T9 T25 a part named in direct access stays between the partner and the therapist', () => {
    const room = afterFirstPiece('therapy');
    room.directAccess('A');
    room.ok('A', { type: 'uTurn', part: HIDDEN_PART });
    room.endDirectAccess();
    room.ok('B', { type: 'reflect', text: 'A part of you plans.' });
    room.ok('A', { type: 'confirm' });
    room.ok('A', { type: 'answerMore', more: true });
    const [piece] = room.ok('A', { type: 'speak', text: 'And it is tired.' });
    expect(piece).toMatchObject({ part: { name: 'the planner' } });
    expectHiddenFromB(room);
  });

  it('A11 T25 even at the speak step, a part named in direct access does not ride on the next piece', () => {
    const room = roomAtStep('therapy', 'speak');
    room.directAccess('A');
    room.ok('A', { type: 'uTurn', part: HIDDEN_PART });
    room.endDirectAccess();
    expect(room.step).toBe('speak');
    const [piece] = room.ok('A', { type: 'speak', text: 'A part of me is scared.' });
    expect(piece).toMatchObject({ part: { name: 'the part that gets scared', kind: 'exile' } });
    expectHiddenFromB(room);
  });

  it('A11 T7 when the floor passes to the other partner, the first speaker’s part does not ride on their pieces', () => {
    const room = roomAtStep('therapy', 'listener_ready');
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    room.ok('B', { type: 'uTurn', part: HIDDEN_PART }); // B's, private
    room.ok('B', { type: 'listenerReady' });
    room.ok('A', { type: 'uTurn', part: ROUND_PART });
    room.ok('therapist', { type: 'rewind', to: 'listener_ready' });
    room.ok('B', { type: 'proposeLater' }); // round 1: the floor is free again
    room.ok('B', { type: 'requestFloor', topic: 'mine' });
    room.ok('A', { type: 'listenerReady' });
    room.ok('therapist', { type: 'skipStep' }); // B's U-turn step is skipped
    const [piece] = room.ok('B', { type: 'speak', text: 'A part of me wants a turn.' });
    expect(piece).toMatchObject({ part: null });
    expect(JSON.stringify([room.viewOf('A'), room.eventsSeenBy('A')])).not.toMatch(
      /HIDDEN-PART|HIDDEN-WHERE/,
    );
    expect(replay(room.eventsSeenBy('A'))).toEqual(room.viewOf('A'));
  });

  it('A11 T8 a part the speaker names again at the speak step is the one the next piece carries', () => {
    const room = afterFirstPiece('therapy');
    room.ok('therapist', { type: 'requestUTurn', seat: 'A' });
    room.ok('A', { type: 'uTurn', part: HIDDEN_PART });
    room.ok('B', { type: 'reflect', text: 'A part of you plans.' });
    room.ok('A', { type: 'confirm' });
    room.ok('A', { type: 'answerMore', more: true });
    room.ok('A', { type: 'uTurn', part: { name: 'the tired one', kind: 'exile', fears: 'SPOKEN-FEAR' } });
    const [piece] = room.ok('A', { type: 'speak', text: 'It wants rest.' });
    expect(piece).toMatchObject({ part: { name: 'the tired one', kind: 'exile' } });
    expect(JSON.stringify(room.eventsSeenBy('B'))).not.toContain('SPOKEN-FEAR');
    expect(replay(room.eventsSeenBy('B'))).toEqual(room.viewOf('B'));
  });
});

describe('safety-plan privacy', () => {
  it('A12 a safety plan is read by its partner and the therapist only', () => {
    const room = roomAtStep('therapy', 'reflect');
    const plan = { location: 'PLACE-OF-A', emergencyContact: 'CONTACT-OF-A' };
    room.ok('A', { type: 'shareSafetyPlan', plan });
    expect(room.viewOf('therapist').safetyPlans.A).toEqual({ plan, at: room.now });
    expect(room.viewOf('A').safetyPlans.A).toEqual({ plan, at: room.now });
    expect(room.viewOf('B').safetyPlans.A).toEqual({ at: room.now });
    expect(seen(room, 'B', 'safetyPlanShared')).toEqual([
      { type: 'safetyPlanShared', seat: 'A', seq: room.state.seq, at: room.now, actor: 'A' },
    ]);
    expect(JSON.stringify([room.viewOf('B'), room.eventsSeenBy('B')])).not.toMatch(/PLACE-OF-A|CONTACT-OF-A/);
  });

  it('A12 an empty safety plan is refused', () => {
    const room = roomAtStep('therapy', 'reflect');
    room.rejects('A', { type: 'shareSafetyPlan', plan: {} }, 'bad_request');
  });
});

describe('urge privacy', () => {
  it('A13 an urge to speak is known to the listener and the therapist; the speaker gets a stand-in', () => {
    const room = roomAtStep('therapy', 'speak');
    const [urge] = room.ok('B', { type: 'urgeToSpeak' });
    expect(room.eventsSeenBy('B').at(-1)).toEqual(urge);
    expect(room.eventsSeenBy('therapist').at(-1)).toEqual(urge);
    expect(room.eventsSeenBy('A').at(-1)).toEqual({
      type: 'private',
      seq: urge?.seq,
      at: urge?.at,
      actor: 'system',
    });
    expect(room.viewOf('A').urges).toEqual([]);
    expect(room.viewOf('B').urges).toHaveLength(1);
    expect(room.viewOf('therapist').urges).toHaveLength(1);
  });

  it('A13 in practice the urge is the listener’s alone', () => {
    const room = roomAtStep('practice', 'speak');
    room.ok('B', { type: 'urgeToSpeak' });
    expect(room.eventsSeenBy('A').at(-1)?.type).toBe('private');
    expect(room.eventsSeenBy('B').at(-1)?.type).toBe('urgeToSpeak');
  });

  it('A13 a partner keeps seeing their own urges after the roles swap', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('B', { type: 'urgeToSpeak' });
    room.ok('therapist', { type: 'swapRoles' });
    room.ok('B', { type: 'requestFloor', topic: 'mine now' });
    room.ok('A', { type: 'urgeToSpeak' });
    expect(room.viewOf('B').urges.map((u) => u.seat)).toEqual(['B']);
    expect(room.viewOf('A').urges.map((u) => u.seat)).toEqual(['A']);
    expect(room.viewOf('therapist').urges.map((u) => u.seat)).toEqual(['B', 'A']);
  });
});

describe('one view, however it arrives', () => {
  /** A therapy room with every kind of private content in its log. */
  function roomWithSecrets(): EngineRoom {
    const room = roomAtCheckin('therapy');
    room.ok('A', { type: 'shareSafetyPlan', plan: { location: 'PLACE-OF-A' } });
    room.ok('B', { type: 'shareSafetyPlan', plan: { emergencyContact: 'CONTACT-OF-B' } });
    room.ok('A', { type: 'checkIn', checkIn: { parts: ['SECRET-A'] }, visibility: 'self' });
    room.ok('B', { type: 'checkIn', checkIn: { parts: ['SECRET-B'] }, visibility: 'therapist' });
    room.ok('A', { type: 'requestFloor', topic: 'chores' });
    room.ok('B', { type: 'urgeToSpeak' });
    room.ok('B', { type: 'listenerReady' });
    room.ok('A', { type: 'uTurn', part: { name: 'a tired part', kind: 'protector', fears: 'FEAR-OF-A' } });
    room.ok('A', { type: 'speak', text: 'A part of me is tired.' });
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    room.ok('B', { type: 'uTurn', part: { name: 'B-PART', kind: 'exile', fears: 'FEAR-OF-B' } });
    room.ok('B', { type: 'reflect', text: 'I heard…' });
    return room;
  }

  it.each(['therapist', 'A', 'B'] as const)(
    'A14 folding the events %s received gives the snapshot it would receive',
    (seat) => {
      const room = roomWithSecrets();
      expect(replay(room.eventsSeenBy(seat))).toEqual(room.viewOf(seat));
    },
  );

  it('A14 every seat receives every seq, with no gaps', () => {
    const room = roomWithSecrets();
    for (const seat of seatsOf('therapy')) {
      expect(room.eventsSeenBy(seat).map((e) => e.seq)).toEqual(room.events.map((e) => e.seq));
    }
  });

  it('A14 an event a seat may read passes through its view unchanged', () => {
    const room = roomWithSecrets();
    for (const event of room.events) {
      expect(viewEvent(event, 'therapy', event.actor === 'system' ? 'therapist' : event.actor)).toBe(event);
    }
  });

  it('A10 A11 A12 A13 nothing of one partner’s private content reaches the other', () => {
    const room = roomWithSecrets();
    const forA = JSON.stringify([room.viewOf('A'), room.eventsSeenBy('A')]);
    const forB = JSON.stringify([room.viewOf('B'), room.eventsSeenBy('B')]);
    expect(forA).not.toMatch(/CONTACT-OF-B|SECRET-B|B-PART|FEAR-OF-B/);
    expect(forB).not.toMatch(/PLACE-OF-A|SECRET-A|FEAR-OF-A/);
    expect(room.viewOf('A').urges).toEqual([]);
    const forTherapist = JSON.stringify([room.viewOf('therapist'), room.eventsSeenBy('therapist')]);
    expect(forTherapist).not.toContain('SECRET-A');
    expect(forTherapist).toMatch(/SECRET-B/);
  });
});
