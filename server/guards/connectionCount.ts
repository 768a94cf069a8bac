/** Open connections per key (a room's seat), refused past a cap; each one counted once, released once. */
export class ConnectionCount {
  private readonly open = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /**
   * Counts one more for `key`, or returns null when it is at the cap with the `elsewhere` other
   * instances last said they hold (S31); call the returned release once.
   */
  take(key: string, elsewhere = 0): (() => void) | null {
    const now = this.open.get(key) ?? 0;
    if (now + elsewhere >= this.cap) return null;
    this.open.set(key, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }
}
