import type { RedisClient } from '../store/redis/connection.ts';
import { connectRedis } from '../store/redis/connection.ts';
import type { ClusterBus } from './bus.ts';

type Listener = (message: Uint8Array, from: string) => void;

/** Channel names under one prefix, so the bus never hears anything else on a shared Redis. */
const PREFIX = 'dr:bus:';

/**
 * `ClusterBus` on Redis pub/sub: one connection publishes, one subscribes (a subscribed connection
 * can do nothing else). A message is the sender's id, a zero byte, then the payload; an instance
 * drops its own. While Redis is away a publish is dropped (no offline queue) and nothing arrives;
 * node-redis subscribes again when it reconnects.
 */
export class RedisBus implements ClusterBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Channels subscribed to that Redis has not confirmed yet (asked while it was away). */
  private readonly unconfirmed = new Set<string>();
  private readonly prefix: Buffer;
  private closed = false;

  private constructor(
    readonly instanceId: string,
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
  ) {
    this.prefix = Buffer.concat([Buffer.from(instanceId), Buffer.from([0])]);
    subscriber.on('ready', () => {
      for (const channel of this.unconfirmed) if (this.listeners.has(channel)) this.trySubscribe(channel);
    });
  }

  static async open(url: string, instanceId: string): Promise<RedisBus> {
    const publisher = connectRedis(url);
    const subscriber = connectRedis(url);
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
    } catch (error) {
      publisher.destroy();
      subscriber.destroy();
      throw error;
    }
    return new RedisBus(instanceId, publisher, subscriber);
  }

  publish(channel: string, message: Uint8Array): void {
    if (this.closed || !this.publisher.isReady) return;
    this.publisher.publish(PREFIX + channel, Buffer.concat([this.prefix, message])).catch(() => {});
  }

  subscribe(channel: string, onMessage: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      this.trySubscribe(channel);
    }
    set.add(onMessage);
    return () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(onMessage) || current.size > 0) return;
      this.listeners.delete(channel);
      this.unconfirmed.delete(channel);
      if (!this.closed) this.subscriber.unsubscribe(PREFIX + channel).catch(() => {});
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.publisher.destroy();
    this.subscriber.destroy();
  }

  /**
   * node-redis subscribes again after a reconnect only to what Redis confirmed; a subscription
   * asked for while Redis was away failed, so it is asked again each time the connection is ready.
   */
  private trySubscribe(channel: string) {
    this.unconfirmed.add(channel);
    this.subscriber
      .subscribe(PREFIX + channel, (raw) => this.deliver(channel, raw), true)
      .then(() => this.unconfirmed.delete(channel))
      .catch(() => {});
  }

  private deliver(channel: string, raw: Buffer) {
    const zero = raw.indexOf(0);
    if (zero < 0) return;
    const from = raw.subarray(0, zero).toString();
    if (from === this.instanceId) return;
    const message = new Uint8Array(raw.subarray(zero + 1));
    for (const listener of this.listeners.get(channel) ?? []) listener(message, from);
  }
}
