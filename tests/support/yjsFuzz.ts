import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * Hostile y-websocket frames for the document fuzz (D13): valid updates from a seeded corpus,
 * mutated, truncated, spliced, poison-shaped or out of order, wrapped in every message type.
 */

/** mulberry32: small, seeded, good enough to pick mutations. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
export type Rng = ReturnType<typeof prng>;

/** Valid updates from a few writers (some sharing client ids), incremental, so later ones depend on earlier. */
export function corpus(rng: Rng): Uint8Array[] {
  const updates: Uint8Array[] = [];
  for (let writer = 0; writer < 6; writer++) {
    const doc = new Y.Doc();
    doc.clientID = writer < 3 ? writer + 1 : 1000 + rng.int(1_000_000);
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let edit = 0; edit < 25; edit++) {
      const text = doc.getText('text');
      const kind = rng.int(4);
      if (kind === 0 && text.length > 0) text.delete(rng.int(text.length), 1 + rng.int(3));
      else if (kind === 1) doc.getMap('meta').set(`k${rng.int(5)}`, rng.int(100));
      else if (kind === 2) doc.getArray('items').insert(0, [`item ${edit}`]);
      else text.insert(rng.int(text.length + 1), `w${writer}e${edit} `);
    }
    updates.push(Y.encodeStateAsUpdate(doc));
  }
  return updates;
}

function mutate(rng: Rng, base: Uint8Array, other: Uint8Array): Uint8Array {
  const bytes = Array.from(base);
  switch (rng.int(7)) {
    case 0: // flip a few bytes
      for (let i = 0, n = 1 + rng.int(3); i < n && bytes.length > 0; i++)
        bytes[rng.int(bytes.length)] = rng.int(256);
      return Uint8Array.from(bytes);
    case 1: // truncate
      return Uint8Array.from(bytes.slice(0, rng.int(bytes.length + 1)));
    case 2: // splice two updates
      return Uint8Array.from([
        ...bytes.slice(0, rng.int(bytes.length + 1)),
        ...Array.from(other).slice(rng.int(other.length + 1)),
      ]);
    case 3: // insert random bytes
      bytes.splice(
        rng.int(bytes.length + 1),
        0,
        ...Array.from({ length: 1 + rng.int(4) }, () => rng.int(256)),
      );
      return Uint8Array.from(bytes);
    case 4: // delete a range
      bytes.splice(rng.int(bytes.length + 1), 1 + rng.int(4));
      return Uint8Array.from(bytes);
    case 5: // a huge varint where a length or clock goes
      bytes.splice(rng.int(bytes.length + 1), 0, 0xff, 0xff, 0xff, 0xff, 0x0f);
      return Uint8Array.from(bytes);
    default: // valid, but out of order (sent whatever came before it)
      return base;
  }
}

/**
 * Shaped like `POISON` in tests/docs/poison.test.ts: one string item of a known writer (client 1–3) whose
 * clock, origin and right origin point anywhere into what that writer wrote, plus a delete set.
 * Such updates decode, and some throw only when applied on top of the writer's own text.
 */
function poisonLike(rng: Rng): Uint8Array {
  const e = encoding.createEncoder();
  const client = 1 + rng.int(3);
  encoding.writeVarUint(e, 1); // one client's structs
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, rng.int(120)); // its clock
  encoding.writeUint8(e, 0xc4); // origin + right origin, string content
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, rng.int(120));
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, rng.int(120));
  encoding.writeVarString(e, 'more');
  encoding.writeVarUint(e, 1); // delete set: one client
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 2);
  for (let i = 0; i < 2; i++) {
    encoding.writeVarUint(e, rng.int(120));
    encoding.writeVarUint(e, 1 + rng.int(4));
  }
  return encoding.toUint8Array(e);
}

export function syncFrame(kind: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export function frameFor(rng: Rng, updates: Uint8Array[]): Uint8Array {
  const base = rng.pick(updates);
  const roll = rng.int(100);
  if (roll < 12) return syncFrame(syncProtocol.messageYjsUpdate, poisonLike(rng));
  if (roll < 45) return syncFrame(syncProtocol.messageYjsUpdate, mutate(rng, base, rng.pick(updates)));
  if (roll < 60) return syncFrame(syncProtocol.messageYjsUpdate, base);
  if (roll < 70) return syncFrame(syncProtocol.messageYjsSyncStep2, mutate(rng, base, rng.pick(updates)));
  if (roll < 75)
    return syncFrame(syncProtocol.messageYjsSyncStep1, mutate(rng, Uint8Array.from([1, 1, 5]), base));
  if (roll < 85) {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ typing: rng.int(2) === 1 });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(
      e,
      mutate(rng, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]), base),
    );
    awareness.destroy();
    return encoding.toUint8Array(e);
  }
  if (roll < 88) return Uint8Array.from([3]);
  if (roll < 94) return mutate(rng, syncFrame(syncProtocol.messageYjsUpdate, base), base);
  return Uint8Array.from(Array.from({ length: rng.int(40) }, () => rng.int(256)));
}
