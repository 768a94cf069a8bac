import { describe, expect, it } from 'vitest';
import { Follower } from '../../client/src/room/follow.ts';
import { evolve, type RoomEvent, type RoomState } from '../../shared/index.ts';

const created: RoomEvent = {
  type: 'roomCreated',
  roomId: 'room-1',
  mode: 'practice',
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

describe('S4 following the room: one policy for gaps and events the app cannot read', () => {
  it('S4 the next event is folded; one already folded is skipped', () => {
    const follower = new Follower();
    const step = follower.next(start(), agreed(2));
    expect(step).toMatchObject({ kind: 'fold', event: { seq: 2 } });
    const state = step.kind === 'fold' ? step.state : start();
    expect(state.seq).toBe(2);
    expect(follower.next(state, agreed(2))).toEqual({ kind: 'skip' });
  });

  it('S4 an event that fails the schema stops at once: reconnecting would only bring it back', () => {
    const follower = new Follower();
    for (const raw of [
      { type: 'somethingNew', seq: 2, at: 2, actor: 'system' },
      { ...agreed(2), extra: 'a field this app does not know' },
      'not an event',
      null,
    ]) {
      expect(follower.next(start(), raw), JSON.stringify(raw)).toEqual({ kind: 'stop' });
    }
  });

  it('S4 a gap gets one reconnect; the same seq missing again stops', () => {
    const follower = new Follower();
    expect(follower.next(start(), agreed(3))).toEqual({ kind: 'resync' });
    // After the reconnect the server sends seq 3 again, without 2.
    expect(follower.next(start(), agreed(3))).toEqual({ kind: 'stop' });
  });

  it('S4 a gap the reconnect filled is forgotten: a later, different gap gets its own reconnect', () => {
    const follower = new Follower();
    expect(follower.next(start(), agreed(3))).toEqual({ kind: 'resync' });
    const two = follower.next(start(), agreed(2));
    const three = two.kind === 'fold' ? follower.next(two.state, agreed(3, 'B')) : two;
    expect(three).toMatchObject({ kind: 'fold', state: { seq: 3 } });
    const state = three.kind === 'fold' ? three.state : start();
    expect(follower.next(state, agreed(6))).toEqual({ kind: 'resync' });
  });

  it('S4 after a snapshot an earlier gap no longer counts', () => {
    const follower = new Follower();
    expect(follower.next(start(), agreed(3))).toEqual({ kind: 'resync' });
    follower.reset();
    expect(follower.next(start(), agreed(3))).toEqual({ kind: 'resync' });
  });

  it('S4 an event that parses but cannot be folded stops too', () => {
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
    expect(new Follower().next(start(), reflected)).toEqual({ kind: 'stop' });
  });

  it('S4 events before any state are a gap, with the same one-reconnect rule', () => {
    const follower = new Follower();
    expect(follower.next(null, agreed(2))).toEqual({ kind: 'resync' });
    expect(follower.next(null, agreed(2))).toEqual({ kind: 'stop' });
  });
});
