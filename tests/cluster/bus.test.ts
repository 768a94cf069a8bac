import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newInstanceId } from '../../server/cluster/bus.ts';
import { RedisBus } from '../../server/cluster/redisBus.ts';
import { eventually } from '../support/eventually.ts';
import { type RedisServer, startRedis } from '../support/redisServer.ts';
import { track } from '../support/track.ts';

describe('RedisBus (S27): messages between instances', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('S27: a message reaches the other instances on its channel, never its sender or another channel', async () => {
    const one = track(await RedisBus.open(redis.url, 'one'), (it) => it.close());
    const two = track(await RedisBus.open(redis.url, 'two'), (it) => it.close());
    const heardByOne: string[] = [];
    const heardByTwo: string[] = [];
    const elsewhere: string[] = [];
    one.subscribe('doc:x', (message, from) => heardByOne.push(`${from}:${Buffer.from(message)}`));
    two.subscribe('doc:x', (message, from) => heardByTwo.push(`${from}:${Buffer.from(message)}`));
    two.subscribe('doc:y', (message) => elsewhere.push(Buffer.from(message).toString()));
    // A subscription is live once Redis confirmed it; publish until the first message lands.
    await eventually(() => {
      one.publish('doc:x', Buffer.from('hello'));
      expect(heardByTwo.length).toBeGreaterThan(0);
    });
    two.publish('doc:x', Buffer.from([0, 1, 2]));
    await eventually(() => expect(heardByOne.length).toBeGreaterThan(0));
    expect(heardByOne).toEqual([`two:${Buffer.from([0, 1, 2])}`]);
    expect(new Set(heardByTwo)).toEqual(new Set(['one:hello']));
    expect(elsewhere).toEqual([]);
  });

  it('S27: after unsubscribing nothing more arrives', async () => {
    const one = track(await RedisBus.open(redis.url, 'a'), (it) => it.close());
    const two = track(await RedisBus.open(redis.url, 'b'), (it) => it.close());
    const heard: string[] = [];
    const stop = two.subscribe('c', (message) => heard.push(Buffer.from(message).toString()));
    await eventually(() => {
      one.publish('c', Buffer.from('first'));
      expect(heard.length).toBeGreaterThan(0);
    });
    stop();
    const witness: string[] = [];
    two.subscribe('d', (message) => witness.push(Buffer.from(message).toString()));
    await eventually(() => {
      one.publish('c', Buffer.from('second'));
      one.publish('d', Buffer.from('later'));
      expect(witness.length).toBeGreaterThan(0);
    });
    expect(heard.every((message) => message === 'first')).toBe(true);
  });

  it('S27 a channel subscribed while Redis is away is heard once Redis is back', async () => {
    const own = track(await startRedis({ durable: false }), (it) => it.stop());
    const one = track(await RedisBus.open(own.url, 'one'), (it) => it.close());
    const two = track(await RedisBus.open(own.url, 'two'), (it) => it.close());
    await own.kill();
    const heard: string[] = [];
    // A document loads on instance one while Redis is away (mid-restart).
    one.subscribe('aw:room/notes', (message) => heard.push(Buffer.from(message).toString()));
    await own.restart();
    await eventually(
      () => {
        two.publish('aw:room/notes', Buffer.from('hello'));
        expect(heard.length).toBeGreaterThan(0);
      },
      15_000,
      200,
    );
  });
});

describe('instance names (S27)', () => {
  it('S27 S29 two processes given one INSTANCE_ID still get two names: never one lease holder or one bus sender', () => {
    const first = newInstanceId('room-1');
    const second = newInstanceId('room-1');
    expect(first).toMatch(/^room-1-[0-9a-f]{6}$/);
    expect(second).not.toBe(first);
  });
});
