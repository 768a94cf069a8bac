import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { LIMITS, type Seat } from '../../shared/index.ts';

/** y-websocket's message types (first varUint of every frame). */
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

export function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncStep1Frame = (doc: Y.Doc) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    syncProtocol.writeSyncStep1(e, doc);
  });

export const syncStep2Frame = (doc: Y.Doc, stateVector: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
  });

export const updateFrame = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    syncProtocol.writeUpdate(e, update);
  });

export const awarenessFrame = (awareness: awarenessProtocol.Awareness, clients: number[]) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.awareness);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  });

/** The stock client logs the reason ("Permission denied to access …"); nothing of the doc is in it. */
export const permissionDeniedFrame = (reason: string) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.auth);
    authProtocol.writePermissionDenied(e, reason);
  });

/** An update that changes nothing (what a read-only client's sync step 2 usually carries). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export type AwarenessCheck =
  | { ok: true; update: Uint8Array | null; claimed: number[]; released: number[] }
  | { ok: false; reason: string };

/** Who introduced an awareness client id, for as long as the document is loaded (D7). */
export type AwarenessOwners = Map<number, { seat: Seat; connection: unknown }>;

/** Awareness client ids one connection may speak for (a tab has one; a few allow for reloads). */
const MAX_AWARENESS_CLIENTS = 4;

/**
 * Awareness is for presence only ("who is here, who is typing"), and a connection speaks only for
 * its own clients (D7). The stock client echoes every state it hears back to the server, so entries
 * that are not newer than what the server knows, or that another open connection owns, are dropped
 * silently. A newer entry for an id another seat introduced, a state naming another seat, or too
 * many ids are refused. Returns the update to apply (null when nothing is left).
 */
export function filterAwareness(
  update: Uint8Array,
  seat: Seat,
  awareness: awarenessProtocol.Awareness,
  owners: AwarenessOwners,
  mine: ReadonlySet<number>,
): AwarenessCheck {
  const decoder = decoding.createDecoder(update);
  const kept: AwarenessEntry[] = [];
  const claimed: number[] = [];
  const released: number[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (Buffer.byteLength(json) > LIMITS.awarenessStateBytes)
      return { ok: false, reason: 'awareness state too large' };
    const state: unknown = JSON.parse(json);
    const known = awareness.meta.get(clientID)?.clock;
    const owner = owners.get(clientID);
    const echo = (known !== undefined && clock <= known) || (owner?.connection && !mine.has(clientID));
    if (echo) continue;
    if (owner && owner.seat !== seat)
      return { ok: false, reason: 'awareness client belongs to another seat' };
    if (state === null) {
      released.push(clientID);
    } else {
      if (typeof state !== 'object' || Array.isArray(state))
        return { ok: false, reason: 'awareness state must be an object' };
      // The stock client starts with `{}`; a seat, when given, must be the connection's own.
      const named = (state as { seat?: unknown }).seat;
      if (named !== undefined && named !== seat)
        return { ok: false, reason: 'awareness state claims another seat' };
      if (!mine.has(clientID)) claimed.push(clientID);
    }
    kept.push({ clientID, clock, json });
  }
  if (decoding.hasContent(decoder)) return { ok: false, reason: 'trailing bytes' };
  if (mine.size + claimed.length > MAX_AWARENESS_CLIENTS)
    return { ok: false, reason: 'too many awareness clients' };
  if (kept.length === 0) return { ok: true, update: null, claimed, released };
  return { ok: true, update: awarenessUpdate(kept), claimed, released };
}

/** One awareness entry as y-protocols encodes it: the client, its clock, its state as JSON. */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  json: string;
}

/** The entries kept from an update, encoded again as an awareness update (y-protocols' layout). */
export function awarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientID);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}
