import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite.ts';
import { addCouple, asTherapistFetch, atHome } from '../support/couples.ts';
import { eventually } from '../support/eventually.ts';
import { withServer } from '../support/session.ts';
import { signUpTherapist } from '../support/therapist.ts';

/** Holds every listing of a couple's rooms until `release()`, counting who waits. */
interface Gate {
  waiting: number;
  opened: Promise<void>;
  release: () => void;
}

let gate: Gate | null = null;

function closedGate(): Gate {
  let release: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { waiting: 0, opened, release: () => release() };
}

describe("races of a couple's rooms: two starts, a start and a deletion (K7, K10)", () => {
  const ctx = withServer(
    {},
    {
      store: (dir) => {
        const store = new SqliteStore(dir);
        const roomsOf = store.practice.roomsOf.bind(store.practice);
        store.practice.roomsOf = async (...args) => {
          const held = gate;
          if (held) {
            held.waiting += 1;
            await held.opened;
          }
          return roomsOf(...args);
        };
        return store;
      },
    },
  );

  it('K7 K10 a practice being started when the couple is deleted is erased with it; a start afterwards finds no couple', async () => {
    const url = ctx.server.url;
    const therapist = await signUpTherapist(url);
    const couple = await addCouple(url, therapist);
    const home = atHome(url, couple.homeLinks.A.token);
    gate = closedGate();
    const held = gate;
    // The start is in: it has passed its link check and is listing the couple's practices.
    const start = home('/practices', 'POST', {});
    await eventually(() => expect(held.waiting).toBe(1));
    const deletion = asTherapistFetch(url, therapist)(`/api/couples/${couple.id}`, 'DELETE');
    // Without one line for the couple the deletion would list the rooms now, before the start makes
    // its room. Give it the chance (a bounded poll, not a timing claim), then let both go on.
    await eventually(() => expect(held.waiting).toBeGreaterThan(1), 1500).catch(() => undefined);
    gate = null;
    held.release();
    const [started, deleted] = await Promise.all([start, deletion]);
    expect(deleted.status).toBe(204);
    expect(started.status).toBe(201);
    const { roomId } = (await started.json()) as { roomId: string };
    // Erased with the couple, not left behind as a room of nobody.
    expect(await ctx.server.store.getRoom(roomId)).toBeNull();
    expect(await ctx.server.store.practice.roomOwner(roomId)).toBeNull();
    const again = await home('/practices', 'POST', {});
    expect(again.status).toBe(401);
  });

  it('K7 both partners starting at the same moment get one room', async () => {
    const url = ctx.server.url;
    const couple = await addCouple(url, await signUpTherapist(url));
    gate = closedGate();
    const held = gate;
    // A's start is listing the couple's practices when B's arrives.
    const fromA = atHome(url, couple.homeLinks.A.token)('/practices', 'POST', {});
    await eventually(() => expect(held.waiting).toBe(1));
    const fromB = atHome(url, couple.homeLinks.B.token)('/practices', 'POST', {});
    // Without one line per couple B's start would list the rooms too, find none and make a second.
    await eventually(() => expect(held.waiting).toBeGreaterThan(1), 1500).catch(() => undefined);
    gate = null;
    held.release();
    const [a, b] = await Promise.all([fromA, fromB]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [roomA, roomB] = [await a.json(), await b.json()];
    expect(roomA.roomId).toBe(roomB.roomId);
    expect([roomA.seat, roomB.seat]).toEqual(['A', 'B']);
  });
});
