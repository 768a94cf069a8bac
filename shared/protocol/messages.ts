import { z } from 'zod';
import { CrisisResources } from './crisis.ts';
import { ErrorBody } from './errors.ts';
import { RoomEvent } from './events.ts';
import { Partners } from './partners.ts';
import { Mode, Seat } from './seats.ts';
import { RoomState } from './state.ts';

/**
 * The socket.io wire, by direction. Event names are the keys of these objects. Client → server:
 * the handshake `auth` and the `command` event (with an acknowledgement). Server → client: the rest.
 */

/** Sent as socket.io's `auth` option when connecting. */
export const HandshakeAuth = z.strictObject({
  token: z.string().min(1).max(4096),
  protocolVersion: z.number().int(),
  /** The last seq this client has seen; omit on a first connection. */
  lastSeq: z.number().int().nonnegative().optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

/** The acknowledgement of a `command`. */
export const CommandAck = z.union([
  z.strictObject({ ok: z.literal(true), seq: z.number().int().positive() }),
  z.strictObject({ ok: z.literal(false), error: ErrorBody }),
]);
export type CommandAck = z.infer<typeof CommandAck>;

/** First message after connecting: who you are in which room. */
export const Welcome = z.strictObject({
  protocolVersion: z.number().int(),
  roomId: z.string(),
  mode: Mode,
  seat: Seat,
  /** False while a therapy-room partner waits for the therapist to let them in. */
  admitted: z.boolean(),
  /** The server's clock when this was sent (ms since the epoch): clients correct timers by it. */
  serverTime: z.number().int(),
  /** The byte caps of the synced documents (D12): one document, and all of a room's together. */
  limits: z.strictObject({ docBytes: z.number().int().positive(), roomBytes: z.number().int().positive() }),
  /**
   * What the safety pause screen shows everyone (`shared/protocol/crisis.ts`): in every welcome, to
   * every seat, waiting or not, so it is there before anything goes wrong. This server always sends
   * it; a client that gets none shows `DEFAULT_EMERGENCY_SENTENCE`.
   */
  crisisResources: CrisisResources.optional(),
  /**
   * The partners' names (N2), or null when the room has none: in every welcome, so a partner still
   * in the waiting room is greeted by name. This server always sends it.
   */
  partners: Partners.nullable().optional(),
});
export type Welcome = z.infer<typeof Welcome>;

/**
 * Brings a client up to date, after `welcome` and on admission: either the events after the
 * `lastSeq` it sent, or a snapshot of the whole room state as its seat may see it (`state`: the
 * `RoomState` schema of `shared/protocol/state.ts`, the same type the engine folds).
 */
export const Snapshot = z.strictObject({
  kind: z.literal('snapshot'),
  state: RoomState,
  seq: z.number().int(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const Sync = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('events'),
    events: z.array(RoomEvent),
    seq: z.number().int().nonnegative(),
  }),
  Snapshot,
]);
export type Sync = z.infer<typeof Sync>;

/** A seat's presence as the server sees it (the web client's own link to the room is another thing). */
export const PresenceStatus = z.enum(['online', 'waiting', 'reconnecting', 'offline']);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

/** Who is connected right now. Not part of the event log: it is about sockets, not the session. */
export const Presence = z.strictObject({
  seats: z.partialRecord(Seat, PresenceStatus),
});
export type Presence = z.infer<typeof Presence>;

/**
 * Every server → client event and the schema of its one argument: the single list of their names.
 * `ServerToClientEvents` (`shared/protocol/socket.ts`) is derived from it.
 */
export const SERVER_EVENTS = {
  welcome: Welcome,
  sync: Sync,
  event: RoomEvent,
  presence: Presence,
  /** To the therapist when a partner calls the safety pause (T30), beside the `paused` event. */
  safetyAlert: z.strictObject({ seat: Seat, seq: z.number().int().positive() }),
  /** Why the server closes a connection on purpose, sent just before it does. */
  closing: ErrorBody,
  /** Input that cannot be answered by an acknowledgement: an unknown socket event, a command without one. */
  protocolError: ErrorBody,
} as const;
