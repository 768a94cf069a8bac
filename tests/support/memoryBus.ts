import type { ClusterBus } from '../../server/cluster/bus.ts';

/**
 * An in-memory bus joining any number of `ClusterPresence`s in one test, delivering at once, for
 * unit tests of the decisions across instances with fake timers. An instance can go quiet (`mute`,
 * as a SIGKILL makes it) and speak again (`unmute`), or the whole bus (`cut`, as a Redis restart makes it). The real bus is
 * tested in `tests/cluster/bus.test.ts`.
 */
export function memoryBus() {
  const subs = new Map<string, Set<{ id: string; fn: (m: Uint8Array, from: string) => void }>>();
  const muted = new Set<string>();
  let cut = false;
  const make = (id: string): ClusterBus => ({
    instanceId: id,
    publish(channel, message) {
      if (cut || muted.has(id)) return;
      for (const s of subs.get(channel) ?? []) if (s.id !== id) s.fn(message, id);
    },
    subscribe(channel, fn) {
      const entry = { id, fn };
      const set = subs.get(channel) ?? new Set();
      set.add(entry);
      subs.set(channel, set);
      return () => set.delete(entry);
    },
    async close() {},
  });
  return {
    make,
    mute: (id: string) => muted.add(id),
    unmute: (id: string) => muted.delete(id),
    cut: () => {
      cut = true;
    },
  };
}
