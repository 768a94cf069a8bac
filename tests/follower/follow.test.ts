import { describe, expect, it } from 'vitest';
import {
  evolve,
  type Following,
  follow,
  PROTOCOL_VERSION,
  type RoomEvent,
  type RoomMessage,
  type RoomState,
  resyncing,
  startFollowing,
  type Welcome,
} from '../../shared/index.ts';

const created: RoomEvent = {
  type: 'roomCreated',
  roomId: 'room-1',
  mode: 'practice',
  talk: 'written',
  partners: null,
  seq: 1,
  at: 1,
  actor: 'system',
};
const agreed = (seq: number, seat: 'A' | 'B' = 'A'): RoomEvent => ({
  type: 'contractAgreed',
  seat,
  seq,
  at: seq,
  actor: seat,
});
const start = (): RoomState => evolve(null, created);
const welcome = (admitted = true): Welcome => ({
  protocolVersion: PROTOCOL_VERSION,
  roomId: 'room-1',
  mode: 'practice',
  seat: 'A',
  admitted,
  serverTime: 5,
  limits: { docBytes: 1024, roomBytes: 4096 },
});
const event = (payload: unknown): RoomMessage => ({ name: 'event', payload });
const sync = (payload: unknown): RoomMessage => ({ name: 'sync', payload });

/** Follows a room already at seq 1 (created) through `messages`, in order. */
function through(messages: RoomMessage[], from: Following = startFollowing({ state: start() })): Following {
  return messages.reduce(follow, from);
}

describe('S16 one follower: the next event is folded, a duplicate ignored', () => {
  it('S16 the next event is folded and reported; one already folded is ignored', () => {
    const two = through([event(agreed(2))]);
    expect(two).toMatchObject({ lastSeq: 2, needsResync: false, error: null, folded: [{ seq: 2 }] });
    expect(two.state).toEqual(evolve(start(), agreed(2)));
    const again = follow(two, event(agreed(2, 'B')));
    expect(again.state).toBe(two.state);
    expect(again).toMatchObject({ lastSeq: 2, needsResync: false, error: null, folded: [] });
  });

  it('S16 a sync of events overlapping what arrived live folds only what is new', () => {
    const two = through([event(agreed(2))]);
    const synced = follow(two, sync({ kind: 'events', events: [agreed(2), agreed(3, 'B')], seq: 3 }));
    expect(synced.folded.map((e) => e.seq)).toEqual([3]);
    expect(synced.state).toEqual(evolve(evolve(start(), agreed(2)), agreed(3, 'B')));
    expect(synced.lastSeq).toBe(3);
  });

  it('S16 a client that kept only its last seq 0 folds the whole log from roomCreated', () => {
    const following = through(
      [sync({ kind: 'events', events: [created, agreed(2)], seq: 2 })],
      startFollowing({ lastSeq: 0 }),
    );
    expect(following.state).toEqual(evolve(start(), agreed(2)));
  });
});

describe('S16 a gap asks for one resync; the same gap after it is an error', () => {
  it('S16 a gap sets needsResync and leaves the state as it was', () => {
    const before = startFollowing({ state: start() });
    const after = follow(before, event(agreed(3)));
    expect(after).toMatchObject({ needsResync: true, error: null, lastSeq: 1, folded: [] });
    expect(after.state).toBe(before.state);
  });

  it('S16 more of the same gap before the resync asks nothing new', () => {
    const gapped = through([event(agreed(3)), event(agreed(4))]);
    expect(gapped).toMatchObject({ needsResync: true, error: null, lastSeq: 1 });
  });

  it('S16 the same seq missing again after the resync is an error, the state unchanged', () => {
    const gapped = through([event(agreed(3))]);
    const resynced = resyncing(gapped);
    expect(resynced.needsResync).toBe(false);
    // After the reconnect the server sends seq 3 again, without 2.
    const stuck = follow(resynced, event(agreed(3)));
    expect(stuck.error).toEqual({ kind: 'gap', expected: 2, got: 3 });
    expect(stuck.state).toBe(gapped.state);
  });

  it('S16 a gap the resync filled is forgotten: a later, different gap asks for its own resync', () => {
    const filled = through([event(agreed(3))]);
    const caughtUp = through(
      [sync({ kind: 'events', events: [agreed(2), agreed(3, 'B')], seq: 3 })],
      resyncing(filled),
    );
    expect(caughtUp).toMatchObject({ lastSeq: 3, needsResync: false, resyncFor: null, error: null });
    expect(follow(caughtUp, event(agreed(6)))).toMatchObject({ needsResync: true, error: null });
  });

  it('S16 a sync of events that stops short of its seq is a gap too', () => {
    const short = through([sync({ kind: 'events', events: [agreed(2)], seq: 3 })]);
    expect(short).toMatchObject({ lastSeq: 2, needsResync: true, error: null });
    expect(short.folded.map((e) => e.seq)).toEqual([2]);
  });

  it('S16 events before any state are a gap, with the same one-resync rule', () => {
    const gapped = follow(startFollowing(), event(agreed(2)));
    expect(gapped).toMatchObject({ needsResync: true, state: null });
    expect(follow(resyncing(gapped), event(agreed(2))).error).toMatchObject({ kind: 'gap' });
  });
});

describe('S16 a snapshot replaces the state', () => {
  it('S16 a snapshot replaces the state and the last seq, and an earlier gap no longer counts', () => {
    const gapped = resyncing(through([event(agreed(3))]));
    const state = evolve(evolve(start(), agreed(2)), agreed(3, 'B'));
    const snapped = follow(gapped, sync({ kind: 'snapshot', state, seq: 3 }));
    expect(snapped.state).toEqual(state);
    expect(snapped).toMatchObject({ lastSeq: 3, needsResync: false, resyncFor: null, error: null });
    expect(follow(snapped, event(agreed(5)))).toMatchObject({ needsResync: true, error: null });
  });

  it('S16 a welcome to the waiting room drops what was folded; the snapshot on admission brings it back', () => {
    const two = through([{ name: 'welcome', payload: welcome() }, event(agreed(2))]);
    expect(two.welcome).toEqual(welcome());
    const waiting = follow(two, { name: 'welcome', payload: welcome(false) });
    expect(waiting).toMatchObject({ state: null, lastSeq: undefined, welcome: { admitted: false } });
    const admitted = through(
      [{ name: 'welcome', payload: welcome() }, sync({ kind: 'snapshot', state: two.state, seq: 2 })],
      waiting,
    );
    expect(admitted.state).toEqual(two.state);
  });
});

describe('S16 a message the follower cannot read or fold is an error; the state stays as it was', () => {
  it('S16 an event that fails the schema is an error at once: a resync would only bring it back', () => {
    for (const raw of [
      { type: 'somethingNew', seq: 2, at: 2, actor: 'system' },
      { ...agreed(2), extra: 'a field this app does not know' },
      'not an event',
      null,
    ]) {
      const before = startFollowing({ state: start() });
      const after = follow(before, event(raw));
      expect(after.error, JSON.stringify(raw)).toMatchObject({ kind: 'unreadable', message: 'event' });
      expect(after.state).toBe(before.state);
      expect(after.needsResync).toBe(false);
    }
  });

  it('S16 a sync or a welcome that fails its schema is an error, and nothing of it is folded', () => {
    const broken = follow(
      startFollowing({ state: start() }),
      sync({ kind: 'events', events: [agreed(2), { type: 'somethingNew', seq: 3 }], seq: 3 }),
    );
    expect(broken.error).toMatchObject({ kind: 'unreadable', message: 'sync' });
    expect(broken).toMatchObject({ lastSeq: 1, folded: [] });
    expect(follow(startFollowing(), { name: 'welcome', payload: { admitted: true } }).error).toMatchObject({
      kind: 'unreadable',
      message: 'welcome',
    });
  });

  it('S16 an error names where the message broke, never what it held', () => {
    const secret = 'what a partner wrote';
    const after = follow(startFollowing({ state: start() }), event({ ...agreed(2), seat: secret }));
    expect(after.error).toMatchObject({ kind: 'unreadable', detail: expect.stringContaining('seat') });
    expect(JSON.stringify(after.error)).not.toContain(secret);
  });

  it('S16 an event that parses but cannot be folded is an error too', () => {
    // A reflection with no round open: the engine cannot fold it onto this state.
    const reflected: RoomEvent = {
      type: 'reflected',
      seat: 'B',
      text: 'I heard you.',
      seq: 2,
      at: 2,
      actor: 'B',
    };
    expect(() => evolve(start(), reflected)).toThrow();
    const after = follow(startFollowing({ state: start() }), event(reflected));
    expect(after.error).toMatchObject({ kind: 'unfoldable', seq: 2 });
    expect(after.state).toEqual(start());
    expect(after.lastSeq).toBe(1);
  });

  it('S16 an error is final: later messages, even good ones, change nothing', () => {
    const stopped = follow(startFollowing({ state: start() }), event('not an event'));
    const later = through(
      [event(agreed(2)), sync({ kind: 'snapshot', state: evolve(start(), agreed(2)), seq: 2 })],
      stopped,
    );
    expect(later.state).toBe(stopped.state);
    expect(later.error).toEqual(stopped.error);
  });
});
