import type { RoomEvent } from '../../shared/index.ts';
import type { Following, StoredDocUpdate } from './types.ts';

interface Follower {
  roomId: string;
  lastSeq: number;
  onEvents: (events: RoomEvent[]) => void;
  /** Reads run one after another, so each event is handed out once and in order. */
  pending: Promise<void>;
  stopped: boolean;
}

/**
 * `follow` for a store only this process writes (SQLite, S10): after each committed append of a
 * room, its followers read on from their last seq. Reading from the store rather than passing the
 * appended events along means a follower that starts while an append commits misses nothing.
 */
export class LocalFollowers {
  private readonly byRoom = new Map<string, Set<Follower>>();

  constructor(private readonly read: (roomId: string, fromSeq: number) => Promise<RoomEvent[]>) {}

  follow(roomId: string, afterSeq: number, onEvents: (events: RoomEvent[]) => void): Following {
    const follower: Follower = {
      roomId,
      lastSeq: afterSeq,
      onEvents,
      pending: Promise.resolve(),
      stopped: false,
    };
    const followers = this.byRoom.get(roomId) ?? new Set();
    followers.add(follower);
    this.byRoom.set(roomId, followers);
    this.catchUp(follower);
    return {
      stop: () => {
        follower.stopped = true;
        followers.delete(follower);
        if (followers.size === 0 && this.byRoom.get(roomId) === followers) this.byRoom.delete(roomId);
      },
    };
  }

  /**
   * Called once an append (or a room's creation) of `roomId` is committed, with its events: a follower
   * that holds everything before them takes them as they are; any other reads on from its last seq.
   * (Every room in memory follows itself, so an append must not cost a read of the log, S20.)
   */
  appended(roomId: string, events: RoomEvent[] = []): void {
    for (const follower of this.byRoom.get(roomId) ?? []) this.catchUp(follower, events);
  }

  private catchUp(follower: Follower, appended: RoomEvent[] = []) {
    follower.pending = follower.pending.then(async () => {
      if (follower.stopped) return;
      try {
        const first = appended[0];
        const events =
          first && first.seq === follower.lastSeq + 1
            ? appended
            : await this.read(follower.roomId, follower.lastSeq + 1);
        const last = events.at(-1);
        if (!last || follower.stopped) return;
        follower.lastSeq = last.seq;
        follower.onEvents(events);
      } catch {
        // A store closed under it, or a follower's own failure: the next append tries again.
      }
    });
  }
}

interface DocFollower {
  name: string;
  lastId: number;
  onRows: (rows: StoredDocUpdate[]) => void;
  /** Deliveries run one after another, so each row is handed out once and in order. */
  pending: Promise<void>;
  stopped: boolean;
}

/**
 * `followDoc` for a store only this process writes (SQLite, S10): a follower first reads what is
 * stored after its id, then gets each write of the document as it is committed — the rows this store
 * just wrote, the very objects it was given (no read per keystroke). Row ids are the database's,
 * shared by every document, so they increase without being consecutive; a row is handed out once
 * because it is handed out only above the follower's last id.
 */
export class LocalDocFollowers {
  private readonly byDoc = new Map<string, Set<DocFollower>>();

  constructor(private readonly load: (name: string) => Promise<StoredDocUpdate[]>) {}

  followDoc(name: string, afterId: number, onRows: (rows: StoredDocUpdate[]) => void): Following {
    const follower: DocFollower = {
      name,
      lastId: afterId,
      onRows,
      pending: Promise.resolve(),
      stopped: false,
    };
    const followers = this.byDoc.get(name) ?? new Set();
    followers.add(follower);
    this.byDoc.set(name, followers);
    this.next(follower, null);
    return {
      stop: () => {
        follower.stopped = true;
        followers.delete(follower);
        if (followers.size === 0 && this.byDoc.get(name) === followers) this.byDoc.delete(name);
      },
    };
  }

  /** Called once rows of `name` are committed, in id order. */
  stored(name: string, rows: StoredDocUpdate[]): void {
    for (const follower of this.byDoc.get(name) ?? []) this.next(follower, rows);
  }

  private next(follower: DocFollower, rows: StoredDocUpdate[] | null) {
    follower.pending = follower.pending.then(async () => {
      if (follower.stopped) return;
      try {
        const candidates = rows ?? (await this.load(follower.name));
        const fresh = candidates.filter((row) => row.id > follower.lastId);
        const last = fresh.at(-1);
        if (!last || follower.stopped) return;
        follower.lastId = last.id;
        follower.onRows(fresh);
      } catch {
        // A store closed under it, or a follower's own failure: the next write tries again.
      }
    });
  }
}
