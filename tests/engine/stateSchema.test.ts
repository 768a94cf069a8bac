import { describe, expect, it } from 'vitest';
import { RoomState, type Seat, Snapshot } from '../../shared/index.ts';
import { type EngineRoom, roomAtCheckin, roomAtStep } from '../support/engineRoom.ts';

/** What a seat's socket carries: the view as JSON, so keys left undefined are gone. */
function wire(room: EngineRoom, seat: Seat): unknown {
  return JSON.parse(JSON.stringify(room.viewOf(seat)));
}

/** A valid state, as plain data, with one thing changed. */
function changed(room: EngineRoom, change: (state: Record<string, unknown>) => void): unknown {
  const state = JSON.parse(JSON.stringify(room.state));
  change(state);
  return state;
}

const SEATS: Seat[] = ['therapist', 'A', 'B'];

describe('the snapshot state schema', () => {
  it('S4 A14 every seat’s snapshot parses, from check-in through a round, a pause, the close and the end', () => {
    const room = roomAtCheckin('therapy');
    const snapshots: unknown[] = [];
    const take = () => {
      for (const seat of SEATS) snapshots.push(wire(room, seat));
    };
    take();
    const inRound = roomAtStep('therapy', 'reflect');
    room.ok('A', { type: 'checkIn', checkIn: { parts: ['a part'] }, visibility: 'therapist' });
    room.ok('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
    take(); // an open round
    inRound.ok('B', { type: 'safetyPause' });
    inRound.ok('A', { type: 'safetyPause' });
    for (const seat of SEATS) snapshots.push(wire(inRound, seat)); // a held round, a safety pause
    inRound.ok('therapist', { type: 'resume' });
    inRound.ok('therapist', { type: 'startClosing' });
    for (const seat of SEATS) snapshots.push(wire(inRound, seat));
    inRound.ok('therapist', { type: 'requestEnd' });
    inRound.ok('therapist', { type: 'confirmEnd' });
    for (const seat of SEATS) snapshots.push(wire(inRound, seat));
    for (const state of snapshots) {
      expect(Snapshot.safeParse({ kind: 'snapshot', seq: 1, state }).error).toBeUndefined();
    }
  });

  it('S4 a practice time-out carries its deadline', () => {
    const room = roomAtStep('practice', 'speak');
    room.ok('B', { type: 'timeOut' });
    const parsed = RoomState.parse(wire(room, 'A'));
    expect(parsed.pause).toMatchObject({ kind: 'time_out', seat: 'B', until: expect.any(Number) });
  });

  it('S4 the schema refuses states no fold of the events can produce', () => {
    const round = roomAtStep('practice', 'reflect');
    const checkin = roomAtCheckin('practice');
    round.ok('A', { type: 'safetyPause' });
    // The unchanged states parse, so each refusal below is about the one change made.
    expect(RoomState.safeParse(changed(round, () => {})).success).toBe(true);
    expect(RoomState.safeParse(changed(checkin, () => {})).success).toBe(true);
    const refused = [
      // A round outside the round stage, and no round in it.
      changed(checkin, (s) => {
        s.round = (round.state as { round: unknown }).round;
      }),
      changed(round, (s) => {
        delete s.round;
      }),
      // An end without its time, and a time before the end.
      changed(round, (s) => {
        s.stage = 'ended';
        delete s.round;
      }),
      changed(checkin, (s) => {
        s.endedAt = 1;
      }),
      // A held round with nobody holding it; an open round with a speaker or past request_floor.
      changed(round, (s) => {
        delete (s.round as Record<string, unknown>).speaker;
      }),
      changed(round, (s) => {
        Object.assign(s.round as object, { floor: 'open' });
      }),
      // A safety pause with no callers, or called by the therapist; a time-out without a deadline.
      changed(round, (s) => {
        Object.assign(s.pause as object, { callers: [] });
      }),
      changed(round, (s) => {
        Object.assign(s.pause as object, { seat: 'therapist', callers: ['therapist'] });
      }),
      changed(round, (s) => {
        s.pause = { kind: 'time_out', seat: 'A', at: 1 };
      }),
      // A pause of one kind carrying another kind's field.
      changed(round, (s) => {
        s.pause = { kind: 'pause', seat: 'A', at: 1, until: 2 };
      }),
    ];
    for (const state of refused) expect(RoomState.safeParse(state).success).toBe(false);
  });
});
