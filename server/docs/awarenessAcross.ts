import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Seat } from '../../shared/index.ts';
import type { ClusterBus } from '../cluster/bus.ts';
import { type AwarenessEntry, type AwarenessOwners, awarenessUpdate, frame } from './wire.ts';

/** What goes over the bus for one document: states (with the seat owning each), or "who is there?". */
const KIND = { states: 0, query: 1 } as const;

/**
 * The origin of awareness changes that came from another instance: relayed to this instance's
 * connections, never published again (so nothing echoes between instances).
 */
export const FROM_OTHER_INSTANCE = Object.freeze({ kind: 'other-instance' } as const);

/** Where a document's awareness goes between instances (S29): one bus channel per document. */
export const awarenessChannel = (name: string) => `aw:${name}`;

/**
 * A document's awareness across instances (S27, S29). What this instance's connections said —
 * after D7's checks, with the seat that owns each client id — is published; what other instances
 * publish is applied here, except entries for an id another seat owns or a connection of this
 * instance holds, so D7 holds across instances. An id first heard from another instance is owned by
 * that seat here, with no connection: a connection of another seat that claims it is refused (D9).
 * Lost messages cost a moment: clients renew their state every 15 s, and a state nobody renews goes
 * by y-protocols' own 30 s timeout (the server's `Awareness` checks it on its own interval).
 */
export class AwarenessAcross {
  private readonly unsubscribe: () => void;
  private readonly channel: string;

  constructor(
    name: string,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly owners: AwarenessOwners,
    private readonly bus: ClusterBus,
  ) {
    this.channel = awarenessChannel(name);
    this.unsubscribe = bus.subscribe(this.channel, (message) => this.received(message));
    awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      // Only what this instance's connections said; another instance's and timeouts stay here.
      if (typeof origin !== 'object' || origin === null || origin === FROM_OTHER_INSTANCE) return;
      this.publish([...added, ...updated, ...removed]);
    });
  }

  /** Asks the other instances for the states their connections hold (a document just loaded here). */
  ask(): void {
    this.bus.publish(
      this.channel,
      frame((e) => encoding.writeVarUint(e, KIND.query)),
    );
  }

  stop(): void {
    this.unsubscribe();
  }

  private publish(clients: number[]) {
    const owned = clients.flatMap((clientID) => {
      const seat = this.owners.get(clientID)?.seat;
      return seat ? [{ clientID, seat }] : [];
    });
    if (owned.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(
      this.awareness,
      owned.map((entry) => entry.clientID),
    );
    this.bus.publish(
      this.channel,
      frame((e) => {
        encoding.writeVarUint(e, KIND.states);
        encoding.writeVarUint(e, owned.length);
        for (const { clientID, seat } of owned) {
          encoding.writeVarUint(e, clientID);
          encoding.writeVarString(e, seat);
        }
        encoding.writeVarUint8Array(e, update);
      }),
    );
  }

  private received(message: Uint8Array) {
    try {
      const decoder = decoding.createDecoder(message);
      const kind = decoding.readVarUint(decoder);
      if (kind === KIND.query) return this.answer();
      if (kind !== KIND.states) return;
      const seats = new Map<number, Seat>();
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const clientID = decoding.readVarUint(decoder);
        seats.set(clientID, decoding.readVarString(decoder) as Seat);
      }
      this.apply(decoding.readVarUint8Array(decoder), seats);
    } catch {
      // Another instance of this server wrote it; one that does not read is dropped, like a lost one.
    }
  }

  /** The states this instance's open connections speak for. */
  private answer() {
    const held = [...this.owners]
      .filter(([clientID, owner]) => owner.connection && this.awareness.getStates().has(clientID))
      .map(([clientID]) => clientID);
    if (held.length > 0) this.publish(held);
  }

  private apply(update: Uint8Array, seats: Map<number, Seat>) {
    const decoder = decoding.createDecoder(update);
    const kept: AwarenessEntry[] = [];
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      const seat = seats.get(clientID);
      const owner = this.owners.get(clientID);
      // D7 across instances: an id is its seat's, and one a connection here holds is spoken for here.
      if (!seat || (owner && (owner.seat !== seat || owner.connection))) continue;
      if (!owner && json !== 'null') this.owners.set(clientID, { seat, connection: null });
      kept.push({ clientID, clock, json });
    }
    if (kept.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, awarenessUpdate(kept), FROM_OTHER_INSTANCE);
  }
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
