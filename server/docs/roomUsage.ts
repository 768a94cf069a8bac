import type { DocStore } from '../store/types.ts';
import type { RoomBudget } from './liveDoc.ts';

/**
 * How many bytes each room's documents hold in the store, for the room cap (D12): read once per room
 * when its first document loads, then kept current by the live documents as they write.
 */
export class RoomUsage {
  private readonly rooms = new Map<string, { sizes: Map<string, number>; loaded: Promise<void> }>();

  constructor(private readonly store: DocStore) {}

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
    return {
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
