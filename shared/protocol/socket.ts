import type { z } from 'zod';
import type { CommandAck, SERVER_EVENTS, Welcome } from './messages.ts';
import type { Seat } from './seats.ts';

/**
 * The socket.io event maps, for `new Server<…>()` and `io()` on both sides. Server → client events
 * come from the zod schemas in `SERVER_EVENTS`, so a name or a payload cannot drift from what is
 * parsed.
 */
export type ServerToClientEvents = {
  [Name in keyof typeof SERVER_EVENTS]: (payload: z.infer<(typeof SERVER_EVENTS)[Name]>) => void;
};

/**
 * Client → server: only `command`, answered through its ack. The envelope is `unknown` because the
 * server parses it at the edge (`server/socket/input.ts`); a client may still leave the ack out, which
 * the server checks at run time.
 */
export interface ClientToServerEvents {
  command: (envelope: unknown, ack: (answer: CommandAck) => void) => void;
}

/** Processes do not talk to each other over socket.io: each folds the shared log itself. */
export type InterServerEvents = Record<string, never>;

/** What the handshake learns about a socket (`server/socket/handshake.ts`), kept on `socket.data`. */
export interface SocketData {
  roomId: string;
  seat: Seat;
  /** The seat version of the token; checked again when joining, in the room's queue (A5). */
  version: number;
  lastSeq?: number;
  /** What every welcome to this socket says, set at the handshake (the document caps come from the config). */
  welcome: Omit<Welcome, 'admitted' | 'serverTime' | 'partners'>;
  /** Set when the seat's link was re-issued: commands still queued from this socket are refused. */
  revoked?: boolean;
}
