import type { DocStore } from '../store/types.ts';
import type { RoomBudget } from './liveDoc.ts';

/**
 * How many bytes each room's documents hold in the store, for the room cap (D12): read once per room
 * when its first document loads, then kept current by the live documents as they write. When other
 * instances write the same store (`shared`, S29) their writes and compactions would be invisible
 * here, so a document reads the room's sizes again before each write it checks (one round trip).
 */
export class RoomUsage {
  private readonly rooms = new Map<string, { sizes: Map<string, number>; loaded: Promise<void> }>();

  constructor(
    private readonly store: DocStore,
    /** Whether other instances write this store (Redis); a SQLite store's only writer is this process (S10). */
    private readonly shared: boolean,
  ) {}

  /** Resolves when the room's sizes are known (from the store, once). */
  load(roomId: string): Promise<void> {
    const existing = this.rooms.get(roomId);
    if (existing) return existing.loaded;
    const entry = { sizes: new Map<string, number>(), loaded: Promise.resolve() };
    entry.loaded = this.store.docSizes(roomId).then((stored) => {
      // Documents that loaded meanwhile already reported their own sizes: theirs are newer.
      for (const [name, bytes] of stored) if (!entry.sizes.has(name)) entry.sizes.set(name, bytes);
    });
    this.rooms.set(roomId, entry);
    return entry.loaded;
  }

  budget(roomId: string): RoomBudget {
    const sizes = () => this.rooms.get(roomId)?.sizes ?? new Map<string, number>();
    const { store, shared } = this;
    return {
      ...(shared && {
        async refresh(name: string) {
          const stored = await store.docSizes(roomId);
          const current = sizes();
          for (const other of current.keys()) if (!stored.has(other)) current.delete(other);
          for (const [other, bytes] of stored) current.set(other, bytes);
          return stored.get(name);
        },
      }),
      othersBytes(name) {
        let total = 0;
        for (const [other, bytes] of sizes()) if (other !== name) total += bytes;
        return total;
      },
      set(name, bytes) {
        sizes().set(name, bytes);
      },
    };
  }

  /** The room has no document in memory any more. */
  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }
}
