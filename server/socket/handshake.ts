import type { ExtendedError, Socket } from 'socket.io';
import {
  ERROR_MESSAGES,
  type ErrorCode,
  HandshakeAuth,
  PROTOCOL_VERSION,
  type Seat,
  type Welcome,
} from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import type { SeatTokens } from '../tokens.ts';

/** The welcome message for a socket, stamped with the server's clock. */
export function welcomeFor(data: SocketData, admitted: boolean): Welcome {
  return { ...data.welcome, admitted, serverTime: Date.now() };
}

export interface SocketData {
  roomId: string;
  seat: Seat;
  /** The seat version of the token; checked again when joining, in the room's queue (A5). */
  version: number;
  lastSeq?: number;
  /** What every welcome to this socket says, set at the handshake (the document caps come from the config). */
  welcome: Omit<Welcome, 'admitted' | 'serverTime'>;
  /** Set when the seat's link was re-issued: commands still queued from this socket are refused. */
  revoked?: boolean;
}

/** A refused handshake: socket.io hands `message` and `data` to the client's `connect_error`. */
function refusal(code: ErrorCode, message: string = ERROR_MESSAGES[code]): ExtendedError {
  const error = new Error(message) as ExtendedError;
  error.data = { code, message };
  return error;
}

/** Checks the protocol version and the seat token before anything of the room is sent (A1, A2). */
export function handshake(deps: {
  tokens: SeatTokens;
  store: Store;
  log: Logger;
  limits: Welcome['limits'];
}) {
  return async (socket: Socket, next: (error?: ExtendedError) => void) => {
    try {
      const auth = HandshakeAuth.safeParse(socket.handshake.auth);
      if (!auth.success) {
        return next(refusal('bad_request', 'Connect with { token, protocolVersion } in the auth option.'));
      }
      if (auth.data.protocolVersion !== PROTOCOL_VERSION) {
        return next(
          refusal(
            'protocol_version',
            `This room speaks protocol ${PROTOCOL_VERSION}. Reload the page to update the app.`,
          ),
        );
      }
      const verified = await deps.tokens.verify(auth.data.token);
      if (!verified.ok) {
        deps.log.warn({ code: verified.code }, 'handshake refused');
        return next(refusal(verified.code));
      }
      const { roomId, seat, version } = verified.claims;
      const room = await deps.store.getRoom(roomId);
      if (!room) return next(refusal('room_not_found'));
      if (room.seatVersions[seat] !== version) {
        deps.log.warn({ roomId, seat, code: 'token_revoked' }, 'handshake refused');
        return next(refusal('token_revoked'));
      }
      const data: SocketData = {
        roomId,
        seat,
        version,
        ...(auth.data.lastSeq === undefined ? {} : { lastSeq: auth.data.lastSeq }),
        welcome: { protocolVersion: PROTOCOL_VERSION, roomId, mode: room.mode, seat, limits: deps.limits },
      };
      socket.data = data;
      next();
    } catch (error) {
      deps.log.error({ err: error }, 'handshake failed');
      next(refusal('internal'));
    }
  };
}
