import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoInstances } from '../support/clusterServers.ts';
import { addCouple, atHome } from '../support/couples.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { signUpTherapist } from '../support/therapist.ts';

describe('a couple’s turn across instances (K7, issue 13)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('K7 both partners starting at the same moment on two instances get one room', async () => {
    const [one, two] = await startTwoInstances(redis.url);
    const couple = await addCouple(one.url, await signUpTherapist(one.url));
    // A's start on instance one is listing the couple's practices when B's arrives on instance two.
    let release: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      release = resolve;
    });
    let listing = 0;
    const roomsOf = one.store.practice.roomsOf.bind(one.store.practice);
    one.store.practice.roomsOf = async (...args) => {
      listing += 1;
      await opened;
      return roomsOf(...args);
    };
    const fromA = atHome(one.url, couple.homeLinks.A.token)('/practices', 'POST', {});
    while (listing === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    let bDone = false;
    const fromB = atHome(two.url, couple.homeLinks.B.token)('/practices', 'POST', {}).finally(() => {
      bDone = true;
    });
    // Without a turn shared by the instances, B's start lists the rooms on two, finds none and makes
    // a second room while A's is held.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const bWaited = !bDone;
    release();
    const [a, b] = await Promise.all([fromA, fromB]);
    expect(bWaited).toBe(true);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [roomA, roomB] = [await a.json(), await b.json()];
    expect(roomA.roomId).toBe(roomB.roomId);
    expect([roomA.seat, roomB.seat]).toEqual(['A', 'B']);
  });
});
