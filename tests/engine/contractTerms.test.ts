import { describe, expect, it } from 'vitest';
import {
  buildRecord,
  CLIENT_COMMAND_TYPES,
  decide,
  RoomEvent,
  type RoomState,
  type SafeToSpeak,
  summarizeSession,
} from '../../shared/index.ts';
import { EngineRoom, replay, roomAtCheckin, roomAtFirstRound, roomAtStep } from '../support/engineRoom.ts';

const POLICY = 'What you tell me alone, I may bring to our joint sessions.';

/** A therapy room with both partners admitted, at the contract; made with a couple's text when given. */
function admittedRoom(confidentiality?: string): EngineRoom {
  const room = new EngineRoom('therapy');
  if (confidentiality !== undefined) {
    const created = decide(
      null,
      { type: 'createRoom', roomId: 'room-1', mode: 'therapy', confidentiality },
      'system',
      room.now,
    );
    if (!created.ok) throw new Error('createRoom refused');
    room.events.splice(0, room.events.length, ...created.events);
    room.state = replay(created.events) as RoomState;
  }
  room.ok('therapist', { type: 'admit', seat: 'A' });
  room.ok('therapist', { type: 'admit', seat: 'B' });
  return room;
}

describe('confidentiality and its limits', () => {
  it('I40 a session made for a couple starts with their text; seq 1 is its version', () => {
    const room = admittedRoom(POLICY);
    expect(room.events[0]).toMatchObject({ type: 'roomCreated', confidentiality: POLICY });
    expect(room.state.confidentiality).toEqual({ seq: 1, at: room.events[0]?.at, text: POLICY });
    for (const seat of ['therapist', 'A', 'B'] as const) {
      expect(room.viewOf(seat).confidentiality?.text).toBe(POLICY);
    }
  });

  it('I40 a room made without one has none, and a v4 roomCreated still parses as none', () => {
    const room = admittedRoom();
    expect(room.state.confidentiality).toBeNull();
    const v4 = { type: 'roomCreated', seq: 1, at: 5, actor: 'system', roomId: 'r', mode: 'therapy' };
    const parsed = RoomEvent.parse(v4);
    expect(replay([parsed])?.confidentiality).toBeNull();
  });

  it('I40 the therapist sets and replaces the text before a partner agrees; every seat reads it', () => {
    const room = admittedRoom(POLICY);
    const [set] = room.ok('therapist', { type: 'setConfidentiality', text: 'Version two.' });
    expect(set).toMatchObject({ type: 'confidentialitySet', text: 'Version two.', actor: 'therapist' });
    expect(room.state.confidentiality).toEqual({ seq: set?.seq, at: set?.at, text: 'Version two.' });
    for (const seat of ['A', 'B'] as const) {
      expect(room.eventsSeenBy(seat).at(-1)).toEqual(set);
    }
    room.rejects('therapist', { type: 'setConfidentiality', text: 'Version two.' }, 'already_done');
  });

  it('I40 once a partner has agreed, the text they agreed to stays', () => {
    const room = admittedRoom(POLICY);
    room.ok('A', { type: 'agreeContract' });
    room.rejects('therapist', { type: 'setConfidentiality', text: 'Something else.' }, 'already_done');
    room.ok('B', { type: 'agreeContract' });
    room.rejects('therapist', { type: 'setConfidentiality', text: 'Something else.' }, 'wrong_step');
  });

  it('I40 I49 only the therapist sets it, and a practice room has none to set', () => {
    const room = admittedRoom();
    room.rejects('A', { type: 'setConfidentiality', text: POLICY }, 'not_allowed');
    const practice = new EngineRoom('practice');
    for (const seat of ['A', 'B'] as const) {
      practice.rejects(seat, { type: 'setConfidentiality', text: POLICY }, 'not_allowed');
    }
  });

  it('I41 agreeing records the text agreed to, by its seq', () => {
    const room = admittedRoom(POLICY);
    const [set] = room.ok('therapist', { type: 'setConfidentiality', text: 'Version two.' });
    const [agreed] = room.ok('A', { type: 'agreeContract', confidentialitySeq: set?.seq });
    expect(agreed).toMatchObject({ type: 'contractAgreed', seat: 'A', confidentialitySeq: set?.seq });
    room.ok('B', { type: 'agreeContract' });
    expect(room.state.contract.A?.confidentialitySeq).toBe(set?.seq);
    expect(room.state.contract.B?.confidentialitySeq).toBe(set?.seq);
  });

  it('I41 a partner who read a text since replaced is refused and asked to read it again', () => {
    const room = admittedRoom(POLICY);
    room.ok('therapist', { type: 'setConfidentiality', text: 'Version two.' });
    room.rejects('A', { type: 'agreeContract', confidentialitySeq: 1 }, 'invalid_target');
    const refused = room.send('A', { type: 'agreeContract', confidentialitySeq: 1 });
    expect(refused.ok ? '' : refused.rejection.message).toMatch(/changed what stays confidential/);
    expect(room.state.contract.A).toBeUndefined();
  });

  it('I41 in a room with no text, agreeing records none', () => {
    const room = admittedRoom();
    const [agreed] = room.ok('A', { type: 'agreeContract', safeWord: 'pineapple' });
    expect(agreed).not.toHaveProperty('confidentialitySeq');
    room.rejects('B', { type: 'agreeContract', confidentialitySeq: 1 }, 'invalid_target');
  });
});

describe("today's location", () => {
  it('I44 a partner confirms where they are; the latest is kept for them and the therapist', () => {
    const room = admittedRoom();
    room.ok('A', { type: 'confirmLocation', location: 'WHERE-A home office' });
    const [again] = room.ok('A', { type: 'confirmLocation', location: 'WHERE-A car, parked' });
    expect(room.state.locations.A).toEqual({
      seq: again?.seq,
      at: again?.at,
      location: 'WHERE-A car, parked',
    });
    expect(room.viewOf('therapist').locations.A?.location).toBe('WHERE-A car, parked');
    expect(room.viewOf('A').locations.A?.location).toBe('WHERE-A car, parked');
  });

  it('I44 the other partner receives the private stand-in and holds no location of theirs', () => {
    const room = admittedRoom();
    const [event] = room.ok('A', { type: 'confirmLocation', location: 'WHERE-A' });
    expect(room.eventsSeenBy('B').at(-1)).toEqual({
      type: 'private',
      seq: event?.seq,
      at: event?.at,
      actor: 'system',
    });
    expect(room.viewOf('B').locations).toEqual({});
    expect(JSON.stringify(room.eventsSeenBy('B'))).not.toContain('WHERE-A');
  });

  it('I44 it works in any stage before the end, through a pause and a U-turn request', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'requestUTurn', seat: 'B' });
    room.ok('B', { type: 'confirmLocation', location: 'the bedroom' });
    room.ok('therapist', { type: 'pause' });
    room.ok('A', { type: 'confirmLocation', location: 'the kitchen' });
    expect(room.state.locations).toMatchObject({
      A: { location: 'the kitchen' },
      B: { location: 'the bedroom' },
    });
  });

  it('I44 I49 only a therapy partner confirms a location', () => {
    const room = admittedRoom();
    room.rejects('therapist', { type: 'confirmLocation', location: 'here' }, 'not_allowed');
    const practice = roomAtFirstRound('practice');
    practice.rejects('A', { type: 'confirmLocation', location: 'here' }, 'not_allowed');
  });
});

describe('"Is it safe for you to speak openly today?"', () => {
  it('I45 each partner answers privately; the latest answer stands', () => {
    const room = admittedRoom();
    room.ok('A', { type: 'answerSafeToSpeak', answer: 'yes' });
    const [latest] = room.ok('A', { type: 'answerSafeToSpeak', answer: 'not_sure' });
    expect(room.state.safeToSpeak.A).toEqual({ seq: latest?.seq, at: latest?.at, answer: 'not_sure' });
    expect(room.viewOf('therapist').safeToSpeak.A?.answer).toBe('not_sure');
    expect(room.viewOf('A').safeToSpeak.A?.answer).toBe('not_sure');
  });

  it('I46 whatever A answers, what B receives and holds is the same: one private stand-in', () => {
    const asSeenByB = (answer: SafeToSpeak) => {
      const room = roomAtCheckin('therapy');
      room.ok('A', { type: 'answerSafeToSpeak', answer });
      room.ok('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
      return {
        events: room.eventsSeenBy('B'),
        state: room.viewOf('B'),
        stand: room.eventsSeenBy('B').at(-2),
      };
    };
    const yes = asSeenByB('yes');
    expect(yes.stand).toMatchObject({ type: 'private', actor: 'system' });
    expect(Object.keys(yes.stand ?? {}).sort()).toEqual(['actor', 'at', 'seq', 'type']);
    expect(asSeenByB('not_sure')).toEqual(yes);
    expect(asSeenByB('no')).toEqual(yes);
    expect(yes.state.safeToSpeak).toEqual({});
  });

  it('I46 the therapist reads a "no" and a "not sure" as they were given', () => {
    const room = roomAtCheckin('therapy');
    room.ok('A', { type: 'answerSafeToSpeak', answer: 'no' });
    room.ok('B', { type: 'answerSafeToSpeak', answer: 'not_sure' });
    expect(room.eventsSeenBy('therapist').slice(-2)).toMatchObject([
      { type: 'safeToSpeakAnswered', seat: 'A', answer: 'no' },
      { type: 'safeToSpeakAnswered', seat: 'B', answer: 'not_sure' },
    ]);
  });

  it('I45 I49 only a therapy partner answers; the witness is still locked', () => {
    const room = roomAtStep('therapy', 'speak');
    room.rejects('therapist', { type: 'answerSafeToSpeak', answer: 'yes' }, 'not_allowed');
    room.ok('therapist', { type: 'askDirectAccess', seat: 'A' });
    room.ok('A', { type: 'answerDirectAccess', yes: true });
    room.rejects('B', { type: 'answerSafeToSpeak', answer: 'no' }, 'witness_locked');
    const practice = roomAtFirstRound('practice');
    practice.rejects('B', { type: 'answerSafeToSpeak', answer: 'no' }, 'not_allowed');
  });
});

describe('the contract in the records', () => {
  it('I48 the clinical summary holds the text agreed, each location and each answer', () => {
    const room = admittedRoom(POLICY);
    room.ok('A', { type: 'confirmLocation', location: 'home' });
    room.ok('A', { type: 'answerSafeToSpeak', answer: 'not_sure' });
    room.ok('A', { type: 'agreeContract', confidentialitySeq: 1 });
    room.ok('B', { type: 'agreeContract' });
    const { contract } = summarizeSession(room.eventsSeenBy('therapist'));
    expect(contract.confidentiality).toMatchObject({ seq: 1, text: POLICY });
    expect(contract.agreed.A).toMatchObject({ confidentialitySeq: 1 });
    expect(contract.agreed.B).toMatchObject({ confidentialitySeq: 1 });
    expect(contract.locations.A).toMatchObject([{ location: 'home' }]);
    expect(contract.safeToSpeak).toMatchObject({ A: [{ answer: 'not_sure' }], B: [] });
  });

  it('I48 the room record holds the text set and the agreements, never a location or an answer', () => {
    const room = admittedRoom(POLICY);
    room.ok('therapist', { type: 'setConfidentiality', text: 'Version two.' });
    room.ok('A', { type: 'confirmLocation', location: 'WHERE-A' });
    room.ok('A', { type: 'answerSafeToSpeak', answer: 'no' });
    room.ok('A', { type: 'agreeContract' });
    const record = buildRecord(room.events);
    expect(record.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['confidentialitySet', 'contractAgreed']),
    );
    expect(record.some((e) => e.type === 'locationConfirmed' || e.type === 'safeToSpeakAnswered')).toBe(
      false,
    );
    expect(JSON.stringify(record)).not.toContain('WHERE-A');
  });

  it('I40 the three commands are in the v5 client command list', () => {
    expect(CLIENT_COMMAND_TYPES).toEqual(
      expect.arrayContaining(['setConfidentiality', 'confirmLocation', 'answerSafeToSpeak']),
    );
  });
});
