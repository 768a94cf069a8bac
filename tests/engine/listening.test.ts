import { describe, expect, it } from 'vitest';
import { buildRecord, type Mode, partsLedger, summarizeSession, viewEvent } from '../../shared/index.ts';
import { type EngineRoom, replay, roomAtCheckin, roomAtStep } from '../support/engineRoom.ts';

const worried = {
  name: 'the part that braces',
  kind: 'protector',
  feltWhere: 'jaw',
  fears: 'being blamed',
} as const;
const calmCurious = {
  type: 'checkSelf',
  moment: 'u_turn',
  qualities: ['calm', 'curious'],
  notYet: false,
} as const;

/** A's floor at `listener_ready`: B is the listener. */
const atListenerReady = (mode: Mode = 'therapy', talk?: 'spoken' | 'written') => {
  const room = roomAtStep(mode, 'listener_ready');
  if (talk && room.state.talk !== talk)
    room.ok(mode === 'therapy' ? 'therapist' : 'A', { type: 'setTalk', talk });
  return room;
};

describe('listening inside (I1–I4)', () => {
  it('I1 the listener names a part that does not want to listen; the step stays, then they still say ready', () => {
    const room = atListenerReady();
    const [event] = room.ok('B', { type: 'nameListeningPart', part: worried });
    expect(event).toMatchObject({ type: 'listeningPartNamed', seat: 'B', part: worried, actor: 'B' });
    expect(room.step).toBe('listener_ready');
    expect(room.state.listeningInside).toEqual([
      { seq: event?.seq, at: event?.at, seat: 'B', round: 1, kind: 'part', part: worried },
    ]);
    // Kept with every part B named this session (T39), marked as a listening part.
    expect(room.state.partsNamed.B).toEqual([
      { seq: event?.seq, at: event?.at, requested: false, part: worried, listening: true },
    ]);
    // Not the part a piece carries, nor "the part named last" the U-turn form offers.
    expect(room.state.parts.B).toBeUndefined();
    room.ok('B', { type: 'nameListeningPart', part: { name: 'a tired part', kind: 'not_sure' } });
    room.ok('B', { type: 'listenerReady' });
    expect(room.step).toBe('u_turn');
  });

  it('I1 after naming it the listener may still say "not now"', () => {
    const room = atListenerReady();
    room.ok('B', { type: 'nameListeningPart', part: worried });
    room.ok('B', { type: 'proposeLater', minutes: 10 });
    expect(room.step).toBe('request_floor');
  });

  it('I2 in a written room the part needs its name; in a spoken room the tap alone is enough', () => {
    const written = atListenerReady('therapy', 'written');
    written.rejects('B', { type: 'nameListeningPart' }, 'bad_request');
    const spoken = atListenerReady('therapy', 'spoken');
    const [event] = spoken.ok('B', { type: 'nameListeningPart' });
    expect(event).not.toHaveProperty('part');
    expect(spoken.state.listeningInside).toMatchObject([{ seat: 'B', kind: 'part' }]);
    expect(spoken.state.partsNamed.B).toBeUndefined();
  });

  it('I3 "I need help to listen" is the listener\'s at listener_ready and moves nothing', () => {
    const room = atListenerReady();
    const [event] = room.ok('B', { type: 'askListeningHelp' });
    expect(event).toMatchObject({ type: 'listeningHelpAsked', seat: 'B' });
    expect(room.step).toBe('listener_ready');
    expect(room.state.listeningInside).toMatchObject([{ seat: 'B', kind: 'help', round: 1 }]);
  });

  it('I4 only the listener, only at listener_ready, never while paused', () => {
    const room = atListenerReady();
    room.rejects('A', { type: 'askListeningHelp' }, 'not_your_turn');
    room.rejects('A', { type: 'nameListeningPart', part: worried }, 'not_your_turn');
    room.rejects('therapist', { type: 'askListeningHelp' }, 'not_your_turn');
    room.ok('therapist', { type: 'pause' });
    room.rejects('B', { type: 'askListeningHelp' }, 'paused');
    room.ok('therapist', { type: 'resume' });
    room.ok('B', { type: 'listenerReady' });
    room.rejects('B', { type: 'askListeningHelp' }, 'wrong_step');
    room.rejects('B', { type: 'nameListeningPart', part: worried }, 'wrong_step');
  });

  it('I4 in practice the listener asks too: the room itself answers on their screen', () => {
    const room = atListenerReady('practice');
    room.ok('B', { type: 'askListeningHelp' });
    room.ok('B', { type: 'nameListeningPart', part: worried });
    expect(room.step).toBe('listener_ready');
  });
});

describe('"How do you feel toward this part?" (I5–I7)', () => {
  it('I5 the speaker checks after the U-turn, before speaking: some qualities or "not there yet"', () => {
    const room = roomAtStep('therapy', 'speak');
    const [event] = room.ok('A', calmCurious);
    expect(event).toMatchObject({
      type: 'selfChecked',
      seat: 'A',
      moment: 'u_turn',
      qualities: ['calm', 'curious'],
    });
    expect(room.state.selfChecks).toEqual([
      {
        seq: event?.seq,
        at: event?.at,
        seat: 'A',
        moment: 'u_turn',
        qualities: ['calm', 'curious'],
        notYet: false,
      },
    ]);
  });

  it('I5 the answer is some qualities, each once, or "not there yet" alone', () => {
    const room = roomAtStep('therapy', 'speak');
    room.rejects('A', { type: 'checkSelf', moment: 'u_turn', qualities: [], notYet: false }, 'bad_request');
    room.rejects(
      'A',
      { type: 'checkSelf', moment: 'u_turn', qualities: ['calm', 'calm'], notYet: false },
      'bad_request',
    );
    room.rejects(
      'A',
      { type: 'checkSelf', moment: 'u_turn', qualities: ['calm'], notYet: true },
      'bad_request',
    );
    expect(() =>
      room.send('A', { type: 'checkSelf', moment: 'u_turn', qualities: ['clear'], notYet: false }),
    ).toThrow();
  });

  it('I5 only the speaker, only once the U-turn is taken (at speak)', () => {
    const atUTurn = roomAtStep('therapy', 'u_turn');
    atUTurn.rejects('A', calmCurious, 'wrong_step');
    const room = roomAtStep('therapy', 'speak');
    room.rejects('B', calmCurious, 'not_your_turn');
    room.rejects('therapist', calmCurious, 'not_allowed');
  });

  it('I6 "not there yet" locks nothing: the speaker may turn inside again, check again, or speak', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('A', { type: 'checkSelf', moment: 'u_turn', qualities: [], notYet: true });
    expect(room.step).toBe('speak');
    expect(room.state.uTurnRequests).toEqual({});
    // "Turn inside again": a U-turn at `speak` (T8), then the check again.
    room.ok('A', { type: 'uTurn', part: { name: 'the younger one', kind: 'exile' } });
    room.ok('A', calmCurious);
    room.ok('A', { type: 'speak', text: 'A part of me feels small.' });
    expect(room.step).toBe('reflect');
    expect(room.state.selfChecks.map((c) => c.notYet)).toEqual([true, false]);
  });

  it('I6 "not there yet" may also be followed by speaking at once: the method invites, it does not force', () => {
    const room = roomAtStep('practice', 'speak');
    room.ok('A', { type: 'checkSelf', moment: 'u_turn', qualities: [], notYet: true });
    room.ok('A', { type: 'speak', text: 'A part of me is still angry.' });
    expect(room.step).toBe('reflect');
  });

  it('I7 the same check at the start (check-in) and the end (closing), once each', () => {
    const room = roomAtCheckin('therapy');
    room.rejects('A', { type: 'checkSelf', moment: 'end', qualities: ['calm'], notYet: false }, 'wrong_step');
    room.ok('A', { type: 'checkSelf', moment: 'start', qualities: ['curious'], notYet: false });
    room.rejects(
      'A',
      { type: 'checkSelf', moment: 'start', qualities: ['calm'], notYet: false },
      'already_done',
    );
    room.ok('B', { type: 'checkSelf', moment: 'start', qualities: [], notYet: true });
    room.ok('A', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
    room.ok('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
    room.rejects(
      'A',
      { type: 'checkSelf', moment: 'start', qualities: ['calm'], notYet: false },
      'wrong_step',
    );
    room.ok('therapist', { type: 'startClosing' });
    room.ok('A', {
      type: 'checkSelf',
      moment: 'end',
      qualities: ['calm', 'curious', 'compassionate', 'connected'],
      notYet: false,
    });
    room.rejects(
      'A',
      { type: 'checkSelf', moment: 'end', qualities: ['calm'], notYet: false },
      'already_done',
    );
    expect(room.state.selfChecks.map((c) => [c.seat, c.moment])).toEqual([
      ['A', 'start'],
      ['B', 'start'],
      ['A', 'end'],
    ]);
  });
});

/** A therapy room where B named a listening part and asked for help, and A checked in with themself. */
function innerRoom(mode: Mode): EngineRoom {
  const room = atListenerReady(mode);
  room.ok('B', { type: 'nameListeningPart', part: worried });
  room.ok('B', { type: 'askListeningHelp' });
  room.ok('B', { type: 'listenerReady' });
  room.ok('A', { type: 'uTurn', part: { name: 'the planner', kind: 'protector' } });
  room.ok('A', { type: 'checkSelf', moment: 'u_turn', qualities: [], notYet: true });
  return room;
}

describe('privacy of what a partner notices inside (I8)', () => {
  it('I8 A13 in therapy each event goes whole to its partner and the therapist; the other gets the private stand-in', () => {
    const room = innerRoom('therapy');
    const inner = room.events.filter((e) =>
      ['listeningPartNamed', 'listeningHelpAsked', 'selfChecked'].includes(e.type),
    );
    expect(inner).toHaveLength(3);
    for (const event of inner) {
      const owner = (event as { seat: 'A' | 'B' }).seat;
      const other = owner === 'A' ? 'B' : 'A';
      expect(viewEvent(event, 'therapy', owner)).toEqual(event);
      expect(viewEvent(event, 'therapy', 'therapist')).toEqual(event);
      expect(viewEvent(event, 'therapy', other)).toEqual({
        type: 'private',
        seq: event.seq,
        at: event.at,
        actor: 'system',
      });
    }
    // A14: the snapshot equals the fold of what each seat received.
    for (const seat of ['A', 'B', 'therapist'] as const)
      expect(replay(room.eventsSeenBy(seat))).toEqual(room.viewOf(seat));
    expect(room.viewOf('A').listeningInside).toEqual([]);
    expect(room.viewOf('A').partsNamed.B).toBeUndefined();
    expect(room.viewOf('B').selfChecks).toEqual([]);
    expect(room.viewOf('therapist').listeningInside).toHaveLength(2);
    expect(room.viewOf('therapist').selfChecks).toHaveLength(1);
    expect(JSON.stringify(room.eventsSeenBy('A'))).not.toContain('braces');
  });

  it("I8 in practice they are the partner's alone", () => {
    const room = innerRoom('practice');
    for (const event of room.events.filter(
      (e) => e.type === 'listeningHelpAsked' || e.type === 'selfChecked',
    )) {
      const owner = (event as { seat: 'A' | 'B' }).seat;
      expect(viewEvent(event, 'practice', owner)).toEqual(event);
      expect(viewEvent(event, 'practice', owner === 'A' ? 'B' : 'A').type).toBe('private');
    }
    for (const seat of ['A', 'B'] as const)
      expect(replay(room.eventsSeenBy(seat))).toEqual(room.viewOf(seat));
  });
});

describe('records (I9)', () => {
  it("I9 D2 the room's record holds none of it", () => {
    const record = JSON.stringify(buildRecord(innerRoom('therapy').events));
    expect(record).not.toMatch(/listeningPartNamed|listeningHelpAsked|selfChecked|braces/);
  });

  it('I9 R1 the clinical record lists the listening part, the help asks and the Self checks, start and end', () => {
    const room = roomAtCheckin('therapy');
    room.ok('A', { type: 'checkSelf', moment: 'start', qualities: ['curious'], notYet: false });
    room.ok('A', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
    room.ok('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
    room.ok('A', { type: 'requestFloor', topic: 'the dishes' });
    room.ok('B', { type: 'nameListeningPart', part: worried });
    room.ok('B', { type: 'askListeningHelp' });
    room.ok('therapist', { type: 'startClosing' });
    room.ok('A', { type: 'checkSelf', moment: 'end', qualities: ['calm', 'curious'], notYet: false });
    const summary = summarizeSession(room.events.map((e) => viewEvent(e, 'therapy', 'therapist')));
    expect(summary.partsNamed.B).toMatchObject([
      { source: 'listening', name: worried.name, fears: worried.fears },
    ]);
    expect(summary.listeningHelp).toEqual({ A: [], B: [{ at: expect.any(Number), round: 1 }] });
    expect(summary.selfChecks?.A.map((c) => [c.moment, c.qualities])).toEqual([
      ['start', ['curious']],
      ['end', ['calm', 'curious']],
    ]);
    expect(summary.selfChecks?.B).toEqual([]);
  });

  it("I9 R2 a practice record holds no help asks or Self checks: they were the partner's alone", () => {
    const room = innerRoom('practice');
    const summary = summarizeSession(room.events.map((e) => viewEvent(e, 'practice', 'therapist')));
    expect(summary.listeningHelp).toBeNull();
    expect(summary.selfChecks).toBeNull();
  });

  it("I9 L1 a listening part is one of the partner's parts, never shown to the other (L3)", () => {
    const ledger = partsLedger([innerRoom('therapy').events]);
    expect(ledger.B).toMatchObject([
      { name: worried.name, count: 1, shown: null, fearsNamed: worried.fears },
    ]);
  });
});
