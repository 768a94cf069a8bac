import * as Y from 'yjs';
import { plainDoc } from './plainDoc.ts';

/**
 * What `Y.decodeUpdate` lets through and `Y.applyUpdate` trusts (D13). Decoding is not validation: an
 * update can decode and then throw, or apply "cleanly" while linking an item into another type's list,
 * leaving a document whose own encoding no longer loads. These checks keep such updates out of the
 * store, and keep the store loadable whatever got in before.
 */

/**
 * A cheap check of what `Y.decodeUpdate` lets through and `Y.applyUpdate` trusts (D13): an item's
 * origin, right origin and parent, when they are items of the same client, must be older than the
 * item itself — a client only ever inserts next to, or inside, what already existed. Yjs does not
 * wait for same-client references it lacks, so one pointing forward corrupts the document instead.
 * Throws nothing; false for bytes that do not decode.
 */
export function structurallySound(update: Uint8Array): boolean {
  return soundStructs(update) !== null;
}

/** The update's structs when it is structurally sound (`structurallySound`), else null: decoded once, for every check. */
export function soundStructs(update: Uint8Array): Structs | null {
  let structs: Structs;
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return null;
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { client, clock } = struct.id;
    const parent = struct.parent as unknown;
    for (const ref of [struct.origin, struct.rightOrigin, parent instanceof Y.ID ? parent : null]) {
      if (ref && ref.client === client && ref.clock >= clock) return null;
    }
  }
  return structs;
}

type Structs = ReturnType<typeof Y.decodeUpdate>['structs'];

/**
 * Before `update` is applied to `doc`: each client's items in it continue that client's history in
 * the document, without a gap. A client's own updates always do (it sends them in order, and resends
 * what the server lacks on reconnect); items parked behind a gap in their own client's history are
 * what lets a hostile update claim ids twice.
 */
export function continuesHistory(
  doc: Y.Doc,
  update: Uint8Array,
  structs: Structs = Y.decodeUpdate(update).structs,
): boolean {
  const first = new Map<number, number>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    first.set(client, Math.min(first.get(client) ?? clock, clock));
  }
  for (const [client, clock] of first) if (clock > Y.getState(doc.store, client)) return false;
  return true;
}

/**
 * After `update` was applied to `doc`: every item it added sits in one list — its neighbours and its
 * origin belong to the same type (and map key) as itself (Yjs takes an item's type from its origin
 * and links it next to its right origin without comparing the two) — and nothing it left waiting
 * for a missing reference reuses an id the document already holds.
 */
export function linkedConsistently(
  doc: Y.Doc,
  update: Uint8Array,
  structs: Structs = Y.decodeUpdate(update).structs,
): boolean {
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { client, clock } = struct.id;
    for (let at = clock; at < clock + struct.length; ) {
      if (at >= Y.getState(doc.store, client)) break; // not integrated (waits for what it refers to)
      const item = Y.getItem(doc.store, Y.createID(client, at));
      if (item instanceof Y.Item) {
        for (const other of [item.left, item.right]) {
          if (other instanceof Y.Item && (other.parent !== item.parent || other.parentSub !== item.parentSub))
            return false;
        }
        if (item.origin) {
          const origin = Y.getItem(doc.store, item.origin);
          if (
            origin instanceof Y.Item &&
            (origin.parent !== item.parent || origin.parentSub !== item.parentSub)
          )
            return false;
        }
      }
      at = item.id.clock + item.length;
    }
  }
  // What waits for a missing reference must not claim ids the document already holds: Yjs would merge
  // the two into one encoding that no longer loads. A real client never reuses its own ids.
  const pending = doc.store.pendingStructs;
  if (pending) {
    for (const struct of Y.decodeUpdate(pending.update).structs) {
      if (!(struct instanceof Y.Skip) && struct.id.clock < Y.getState(doc.store, struct.id.client))
        return false;
    }
  }
  return true;
}

/** The indexes of the updates that throw when replayed in order (each retried without those found bad). */
export function unusable(updates: Uint8Array[]): number[] {
  const { bad, replay } = replayUsable(updates);
  replay.destroy();
  return bad;
}

/**
 * `unusable`, and the document the usable updates replay into — the same replay, in the same order,
 * as `replayed` of them, so a caller that needs both builds it once.
 */
export function replayUsable(updates: Uint8Array[]): { bad: number[]; replay: Y.Doc } {
  const bad: number[] = [];
  for (;;) {
    const trial = plainDoc();
    let failed = -1;
    for (const [index, update] of updates.entries()) {
      if (bad.includes(index)) continue;
      try {
        if (!structurallySound(update) || !continuesHistory(trial, update)) throw new Error('malformed');
        Y.applyUpdate(trial, update);
        if (!linkedConsistently(trial, update)) throw new Error('linked across lists');
      } catch {
        failed = index;
        break;
      }
    }
    if (failed < 0) return { bad, replay: trial };
    trial.destroy();
    bad.push(failed);
  }
}

export function replayed(updates: Uint8Array[]): Y.Doc {
  const doc = plainDoc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Whether a document's encoding replays into the very same encoding (checked before it replaces rows). */
export function roundTrips(merged: Uint8Array): boolean {
  const fresh = plainDoc();
  try {
    Y.applyUpdate(fresh, merged);
    return Buffer.from(Y.encodeStateAsUpdate(fresh)).equals(merged);
  } catch {
    return false;
  } finally {
    fresh.destroy();
  }
}

/**
 * Whether `update` holds nothing `doc` does not already have: every item in it is already in the
 * document and every deletion already applied. A client's reply to the server's sync step 1 always
 * carries its whole delete set (Yjs encodes deletions in full), so on every reconnect a document with
 * any deletion in it — an edited draft, the record's `lastSeq` — sends one of these. Storing it would
 * add a row and a commit per connection and change nothing.
 */
export function addsNothing(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (struct instanceof Y.Skip) return false;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return false;
  }
  if (ds.clients.size === 0) return true;
  const deleted = Y.createDeleteSetFromStructStore(doc.store).clients;
  for (const [client, ranges] of ds.clients) {
    const known = deleted.get(client) ?? [];
    for (const { clock, len } of ranges) {
      // The document's ranges are merged, so one of them holds the whole range if any does.
      if (!known.some((have) => have.clock <= clock && have.clock + have.len >= clock + len)) return false;
    }
  }
  return true;
}
