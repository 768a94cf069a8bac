import { describe, expect, it } from 'vitest';
import {
  partsLedger,
  partsShownToOther,
  type RoomState,
  type Seat,
  summarizeSession,
} from '../../shared/index.ts';
import { type EngineRoom, replay, roomAtCheckin, roomAtStep } from '../support/engineRoom.ts';

/** Where issue 11's five parts meet (review of the merge): pauses, locks, the end and privacy across parts. */

/** A14: what `seat` folds from the events it received equals the snapshot it would receive. */
function expectFoldIsSnapshot(room: EngineRoom, seat: Seat) {
  const folded = replay(room.eventsSeenBy(seat)) as RoomState;
  expect(folded).toEqual(room.viewOf(seat));
}

describe('direct access asks across partners', () => {
  it('I21 A14 an ask to one partner leaves the other partner’s “not now” as their fold has it', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'askDirectAccess', seat: 'A' });
    room.ok('A', { type: 'answerDirectAccess', yes: false });
    room.ok('therapist', { type: 'askDirectAccess', seat: 'B' });
    for (const seat of ['A', 'B', 'therapist'] as const) expectFoldIsSnapshot(room, seat);
  });
});

describe('slowing down over the therapist’s hold', () => {
  it('I16 T21 a therapy partner’s break over the therapist’s pause does not let them resume the room', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'pause' });
    room.ok('A', { type: 'takeBreak', minutes: 20 });
    room.rejects('A', { type: 'resume' }, 'not_allowed');
  });
});

describe('a break over a breathing minute', () => {
  it('I14 I16 a therapy partner cannot end a breathing minute early by taking a break over it; the therapist resumes', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('B', { type: 'breathe' });
    room.ok('B', { type: 'takeBreak', minutes: 20 });
    expect(room.state.pause).toMatchObject({ kind: 'break', seat: 'B', over: 'breathing' });
    room.now += 21 * 60_000;
    room.rejects('B', { type: 'resume' }, 'not_allowed');
    room.rejects('A', { type: 'resume' }, 'not_allowed');
    room.ok('therapist', { type: 'resume' });
    expect(room.state.pause).toBeNull();
    // A break that replaced nothing stays the caller's to end (I16).
    room.ok('A', { type: 'takeBreak', minutes: 20 });
    expect(room.state.pause).not.toHaveProperty('over');
    room.ok('A', { type: 'resume' });
  });
});

describe('a “not now” once direct access runs', () => {
  it('I20 I21 A14 a yes from one partner puts the other’s earlier “not now” behind, the same for every seat', () => {
    const room = roomAtStep('therapy', 'speak');
    room.ok('therapist', { type: 'askDirectAccess', seat: 'B' });
    room.ok('B', { type: 'answerDirectAccess', yes: false });
    room.ok('therapist', { type: 'askDirectAccess', seat: 'A' });
    room.ok('A', { type: 'answerDirectAccess', yes: true });
    expect(room.state.directAccessDeclined).toBeNull();
    for (const seat of ['A', 'B', 'therapist'] as const) expectFoldIsSnapshot(room, seat);
  });
});

describe('a listening part on the cycle map', () => {
  it('I1 I8 I36 L3 a link from a part the listener named getting ready to listen never names it to the speaker', () => {
    const room = roomAtStep('therapy', 'listener_ready');
    room.ok('B', { type: 'nameListeningPart', part: { name: 'THE-WALL', kind: 'protector' } });
    room.ok('B', { type: 'listenerReady' });
    room.ok('A', { type: 'uTurn', part: { name: 'the scared one', kind: 'exile' } });
    room.ok('A', { type: 'speak', text: 'A part of me feels alone.' });
    room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'the scared one' },
      to: { seat: 'B', part: 'THE-WALL' },
    });
    // B sees their own part by name; A sees the link (their part is theirs) but never B's part's name.
    expect(room.viewOf('B').cycleMap).toMatchObject([{ to: { seat: 'B', part: 'THE-WALL' } }]);
    const seenByA = JSON.stringify([room.eventsSeenBy('A'), room.viewOf('A')]);
    expect(seenByA).not.toContain('THE-WALL');
    expectFoldIsSnapshot(room, 'A');
    expectFoldIsSnapshot(room, 'B');
    // Nor in A's summary (the couple page's and A's export) nor in what the ledger shows A of B's parts.
    expect(JSON.stringify(summarizeSession(room.eventsSeenBy('A')))).not.toContain('THE-WALL');
    expect(partsShownToOther(partsLedger([room.events]).B)).toEqual([]);
  });
});

describe('a time-out over a partner’s break', () => {
  it('I16 T22 in practice the other partner cannot turn a break into their own time-out and come back at once', () => {
    const room = roomAtStep('practice', 'reflect');
    room.ok('A', { type: 'takeBreak', minutes: 20 });
    room.rejects('B', { type: 'timeOut' }, 'already_done');
    room.rejects('B', { type: 'resume' }, 'not_allowed');
    expect(room.state.pause).toMatchObject({ kind: 'break', seat: 'A' });
    // The partner who called the break may make it a time-out (T22): the longer stop is theirs.
    room.ok('A', { type: 'timeOut' });
    expect(room.state.pause).toMatchObject({ kind: 'time_out', seat: 'A' });
  });
});

describe('skipping the response from the heart', () => {
  it('I28 T27 a skip at validate in a "from the heart" round goes to the landing, not into the chain it replaced', () => {
    const room = roomAtStep('therapy', 'summary');
    room.ok('therapist', { type: 'chooseResponse', response: 'heart' });
    room.ok('B', { type: 'summarize', text: 'A part of you feels alone with the dishes.' });
    room.ok('A', { type: 'confirm' });
    expect(room.round).toMatchObject({ step: 'validate', responding: 'heart' });
    expect(room.ok('therapist', { type: 'skipStep' })).toMatchObject([
      { type: 'stepSkipped', from: 'validate', to: 'landing' },
    ]);
    expect(room.step).toBe('landing');
  });
});

describe('the cycle map and a check-in kept to oneself', () => {
  it('I35 A10 R2 a link tells the therapist nothing of a check-in the partner kept to themselves', () => {
    const room = roomAtCheckin('therapy');
    room.ok('A', { type: 'checkIn', checkIn: { parts: ['SECRET-PART'] }, visibility: 'self' });
    room.ok('B', { type: 'checkIn', checkIn: { parts: ['the critic'] }, visibility: 'room' });
    const link = (part: string) =>
      room.ok('therapist', {
        type: 'linkParts',
        from: { seat: 'B', part: 'the critic' },
        to: { seat: 'A', part },
      });
    // Probing with the private name must read exactly like a name A never said.
    const [probe] = link('SECRET-PART');
    const [guess] = link('a name never said');
    expect(probe).toMatchObject({ to: { named: false } });
    expect(guess).toMatchObject({ to: { named: false } });
  });
});

describe('the close ends what the round still held (I22, I24)', () => {
  it("I22 I24 moving to the close drops an open witness's turn and a running stop-contempt sequence", () => {
    const witnessing = roomAtStep('therapy', 'reflect');
    witnessing.directAccess('A');
    witnessing.ok('therapist', { type: 'endDirectAccess' });
    expect(witnessing.state.witnessTurn).not.toBeNull();
    witnessing.ok('therapist', { type: 'startClosing' });
    expect(witnessing.state.stage).toBe('closing');
    expect(witnessing.state.witnessTurn).toBeNull();
    expect(witnessing.viewOf('B').witnessTurn).toBeNull();
    witnessing.rejects('B', { type: 'witnessSay', text: 'too late' }, 'wrong_step');

    const stopping = roomAtStep('therapy', 'reflect');
    stopping.ok('therapist', { type: 'stopContempt', seat: 'B' });
    expect(stopping.state.contempt).not.toBeNull();
    stopping.ok('therapist', { type: 'startClosing' });
    expect(stopping.state.contempt).toBeNull();
    stopping.ok('A', { type: 'closingReflection', nextTime: 'Slow down sooner.' });
  });
});
