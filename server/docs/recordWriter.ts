import type * as Y from 'yjs';
import {
  evolve,
  type RecordEntry,
  type RoomEvent,
  type RoomState,
  recordEntriesAfter,
} from '../../shared/index.ts';
import type { DocStore, EventLog } from '../store/types.ts';
import { FROM_SERVER, type LiveDoc } from './liveDoc.ts';

/** The record's layout in its Yjs document: entries in log order, and the last seq they cover. */
export function recordParts(doc: Y.Doc) {
  return { entries: doc.getArray<RecordEntry>('entries'), meta: doc.getMap<number>('meta') };
}

/** How long the record's writer holds its lease unrenewed (S29); it renews every third of it. */
export const RECORD_LEASE_MS = 10_000;

/**
 * Writes the room's record (D2) from the event log: whatever the log has past the record's last
 * seq is appended, as the server (clients cannot write it). Runs when the record loads, after each
 * accepted batch and on the lease's beat, one catch-up at a time, so it never writes an entry twice.
 *
 * S29: several instances may hold the record; only the holder of its lease writes. The lease is
 * taken or renewed right before each write, so a write lands while it is held unless this process
 * stalls for the lease's whole ttl. An instance that takes it over first applies every stored row
 * of the record (`followToHead`), so the last seq it reads is the last one written by anyone.
 */
export class RecordWriter {
  private state: RoomState | null = null;
  private folded = 0;
  private tail: Promise<void> = Promise.resolve();
  /** Whether the last lease call said this instance writes. */
  private holding = false;
  private readonly beat: NodeJS.Timeout;
  private stopped = false;

  constructor(
    readonly live: LiveDoc,
    private readonly log: EventLog,
    private readonly leases: Pick<DocStore, 'lease' | 'releaseLease'>,
    private readonly holder: string,
    /** This copy of the record wrote nothing it may store any more: the hub loads it afresh. */
    fencedOut: () => void,
    private readonly leaseMs: number = RECORD_LEASE_MS,
  ) {
    // The lease is renewed again right before every store of an entry, a retried one included —
    // and only a lease held without a break counts: after a break another may have written.
    live.serverWrites = {
      mayStore: async () => {
        if (!this.holding) return false;
        const held = await this.leases.lease(this.leaseName(), this.holder, this.leaseMs).catch((error) => {
          this.holding = false;
          throw error;
        });
        if (!held) this.holding = false;
        return held;
      },
      fencedOut: () => {
        this.stopped = true;
        clearInterval(this.beat);
        fencedOut();
      },
    };
    // The holder renews; the others try to take over a lease nobody renews (its holder died), and
    // catch up what it left unwritten even when no event arrives.
    this.beat = setInterval(() => void this.catchUp().catch(() => undefined), Math.floor(leaseMs / 3));
    this.beat.unref();
  }

  /** Whether this instance wrote, or may write, the record as of its last lease call (tests look). */
  writes(): boolean {
    return this.holding;
  }

  /** No more catch-ups; resolves when the last one has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.beat);
    await this.tail;
  }

  /** The record left memory here: the lease goes to whoever asks next. */
  async release(): Promise<void> {
    if (this.holding) {
      this.holding = false;
      await this.leases.releaseLease(this.leaseName(), this.holder).catch(() => undefined);
    }
  }

  private leaseName() {
    return `${this.live.name}#writer`;
  }

  /** Resolves when no catch-up is running (an unload waits for it). */
  idle(): Promise<void> {
    return this.tail;
  }

  /**
   * `accepted`: the events just appended, as the room folded them. When they continue the record
   * exactly they are written as they are, rather than read back from the log for every command.
   */
  catchUp(accepted: RoomEvent[] = []): Promise<void> {
    const run = this.tail.then(() => this.write(accepted));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async write(accepted: RoomEvent[]) {
    if (this.stopped) return;
    const held = await this.leases.lease(this.leaseName(), this.holder, this.leaseMs).catch((error) => {
      // Unknown until asked again: another instance may take it meanwhile, so catch up first then.
      this.holding = false;
      throw error;
    });
    if (!held) {
      this.holding = false;
      return;
    }
    if (!this.holding) {
      // Entries written here and never stored, from before the break: another may have written
      // them since. This copy goes; a fresh one catches up from the store.
      if (this.live.hasUnsaved()) return this.live.fenceOut();
      await this.live.followToHead();
      this.holding = true;
    }
    const { roomId } = this.live.ref;
    const { entries, meta } = recordParts(this.live.doc);
    const recorded = meta.get('lastSeq') ?? 0;
    // The state just before the next event gives each entry its round and role.
    if (this.folded < recorded) {
      for (const event of await this.log.read(roomId, this.folded + 1, recorded - this.folded)) {
        this.state = evolve(this.state, event);
      }
      this.folded = recorded;
    }
    const fresh = accepted.filter((event) => event.seq > recorded);
    const continues = this.folded === recorded && fresh[0]?.seq === recorded + 1;
    const events = continues ? fresh : await this.log.read(roomId, recorded + 1);
    if (events.length === 0) return;
    const next = recordEntriesAfter(this.state, events);
    this.state = next.state;
    this.folded = events.at(-1)?.seq ?? recorded;
    this.live.doc.transact(() => {
      if (next.entries.length > 0) entries.push(next.entries);
      meta.set('lastSeq', this.folded);
    }, FROM_SERVER);
  }
}
