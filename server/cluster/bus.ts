import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Messages between the server instances sharing one Redis (issue 13): what is not worth storing —
 * awareness (who is where in a document), presence (which seats are connected where). At most
 * once, unordered across channels, lost while Redis is away: every user of it refreshes what it
 * sent, so a lost message costs a moment, not a state. Durable things go through the store.
 */
export interface ClusterBus {
  /** This instance's name in logs and on its messages (INSTANCE_ID, or host-pid-random). */
  readonly instanceId: string;
  /** Sends `message` to the other instances subscribed to `channel`; never back to this one. */
  publish(channel: string, message: Uint8Array): void;
  /** Calls `onMessage` for every message another instance publishes on `channel`; returns the unsubscribe. */
  subscribe(channel: string, onMessage: (message: Uint8Array, from: string) => void): () => void;
  close(): Promise<void>;
}

/**
 * A name no other running instance has: INSTANCE_ID (or the host and pid) and a few random bytes.
 * Always the random part: two processes given one INSTANCE_ID (a copied compose service, a rolling
 * deploy's overlap) would otherwise both hold every lease the id holds (S29) and drop each other's
 * bus messages as their own (S27).
 */
export function newInstanceId(given?: string): string {
  return `${given ?? `${hostname()}-${process.pid}`}-${randomBytes(3).toString('hex')}`;
}

/** One instance alone (the SQLite store): nobody to tell, nobody to hear from. */
export class LocalBus implements ClusterBus {
  constructor(readonly instanceId: string = newInstanceId()) {}
  publish(): void {}
  subscribe(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}
