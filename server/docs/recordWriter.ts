import type * as Y from 'yjs';
import {
  evolve,
  type RecordEntry,
  type RoomEvent,
  type RoomState,
  recordEntriesAfter,
} from '../../shared/index.ts';
import type { EventLog } from '../store/types.ts';
import { FROM_SERVER, type LiveDoc } from './liveDoc.ts';

/** The record's layout in its Yjs document: entries in log order, and the last seq they cover. */
export function recordParts(doc: Y.Doc) {
  return { entries: doc.getArray<RecordEntry>('entries'), meta: doc.getMap<number>('meta') };
}

/**
 * Writes the room's record (D2) from the event log: whatever the log has past the record's last
 * seq is appended, as the server (clients cannot write it). Runs when the record loads and after
 * each accepted batch, one catch-up at a time, so it never writes an entry twice.
 */
export class RecordWriter {
  private state: RoomState | null = null;
  private folded = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly live: LiveDoc,
    private readonly log: EventLog,
  ) {}

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
