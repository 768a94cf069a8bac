import { type RoomDeps, RoomRuntime } from './runtime.ts';

/** The rooms this process has in memory, loaded once each even when many sockets arrive together. */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<RoomRuntime | null>>();

  /** `loaded` hears of every room once it is in memory (the breathing clock looks at its pause, I12). */
  constructor(
    private readonly deps: RoomDeps,
    private readonly loaded: (room: RoomRuntime) => void = () => undefined,
  ) {}

  get(roomId: string): Promise<RoomRuntime | null> {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = RoomRuntime.load(roomId, this.deps);
      this.rooms.set(roomId, room);
      // A failed or empty load is not cached: the next call tries the store again.
      room.then(
        (loaded) => (loaded === null ? this.rooms.delete(roomId) : this.loaded(loaded)),
        () => this.rooms.delete(roomId),
      );
    }
    return room;
  }

  /**
   * Erases the room (E1): `erase` runs in the room's queue when it is loaded, so no command of it is
   * half-way through the store meanwhile, and the room leaves memory for good.
   */
  async erase<T>(roomId: string, erase: () => Promise<T>): Promise<T> {
    const loaded = await this.rooms.get(roomId)?.catch(() => null);
    try {
      return loaded ? await loaded.erase(erase) : await erase();
    } finally {
      loaded?.stop();
      this.rooms.delete(roomId);
    }
  }

  /** Drops a room nobody is connected to; the store keeps everything. */
  unload(roomId: string): void {
    const room = this.rooms.get(roomId);
    this.rooms.delete(roomId);
    // A later get loads a runtime of its own; this one stops following (once loaded, if still loading).
    void room?.then(
      (loaded) => loaded?.stop(),
      () => undefined,
    );
  }

  /** Resolves once every command queued so far in a loaded room has been answered (a stop waits for it). */
  async settled(): Promise<void> {
    const rooms = await Promise.all([...this.rooms.values()].map((room) => room.catch(() => null)));
    await Promise.all(rooms.map((room) => room?.serial(() => undefined)));
  }

  /** The ids of the rooms in memory now. */
  loadedIds(): string[] {
    return [...this.rooms.keys()];
  }

  loadedCount(): number {
    return this.rooms.size;
  }
}
