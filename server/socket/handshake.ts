import type { ExtendedError } from 'socket.io';
import {
  ERROR_MESSAGES,
  type ErrorCode,
  HandshakeAuth,
  type Partners,
  PROTOCOL_VERSION,
  type Seat,
  type SocketData,
  type Welcome,
} from '../../shared/index.ts';
import { clientAddress, type TrustProxy } from '../guards/clientAddress.ts';
import type { ConnectionCount } from '../guards/connectionCount.ts';
import type { HandshakeGuard } from '../guards/handshakes.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { SESSION_DELETED, wasDeleted } from '../room/deleted.ts';
import type { Store } from '../store/types.ts';
import { unavailableCode } from '../store/unavailable.ts';
import type { SeatTokens } from '../tokens.ts';
import type { RoomSocket } from './io.ts';

/**
 * The welcome message for a socket, stamped with the server's (injected) clock; `partners` comes from
 * the room's state (N2), which the handshake has not loaded yet.
 */
export function welcomeFor(
  data: SocketData,
  admitted: boolean,
  now: number,
  partners: Partners | null,
): Welcome {
  return { ...data.welcome, admitted, serverTime: now, partners };
}

/** A refused handshake: socket.io hands `message` and `data` to the client's `connect_error`. */
function refusal(code: ErrorCode, message: string = ERROR_MESSAGES[code]): ExtendedError {
  return Object.assign(new Error(message), { data: { code, message } });
}

export interface HandshakeDeps {
  tokens: SeatTokens;
  store: Store;
  log: Logger;
  metrics: Metrics;
  guard: HandshakeGuard;
  trustProxy: TrustProxy;
  /** Open sockets per room seat on this instance (S8). */
  seats: ConnectionCount;
  /** The seat's open sockets on the other instances, as they last said (S31; 0 alone). */
  elsewhere: (roomId: string, seat: Seat) => number;
  /** The document caps every welcome tells the client (D12). */
  limits: Welcome['limits'];
  /** The crisis resources every welcome carries, to every seat (CRISIS_RESOURCES). */
  crisisResources: NonNullable<Welcome['crisisResources']>;
}

/**
 * Checks the client's attempt budget, the protocol version, the seat token and the seat's number of
 * open sockets before anything of the room is sent (A1, A2, S8). Refused attempts are logged only
 * while the address is under its failure budget.
 */
export function handshake(deps: HandshakeDeps) {
  return async (socket: RoomSocket, next: (error?: ExtendedError) => void) => {
    const address = clientAddress(socket.request, deps.trustProxy);
    const refuse = async (code: ErrorCode, message?: string) => {
      const blocked = await deps.guard.failed(address, { code }, 'handshake refused').catch(() => false);
      deps.metrics.connectionsRefused.inc({ endpoint: 'socket.io', reason: blocked ? 'rate_limited' : code });
      next(
        blocked
          ? refusal('rate_limited', 'Too many connection attempts. Try again in a minute.')
          : refusal(code, message),
      );
    };
    try {
      if (!(await deps.guard.admit(address))) {
        deps.metrics.connectionsRefused.inc({ endpoint: 'socket.io', reason: 'rate_limited' });
        return next(refusal('rate_limited', 'Too many connection attempts. Try again in a minute.'));
      }
      const auth = HandshakeAuth.safeParse(socket.handshake.auth);
      if (!auth.success) {
        return refuse('bad_request', 'Connect with { token, protocolVersion } in the auth option.');
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
      if (!verified.ok) return refuse(verified.code);
      const { roomId, seat, version } = verified.claims;
      const room = await deps.store.getRoom(roomId);
      if (!room) {
        if (await wasDeleted(deps.store, roomId)) return refuse('session_ended', SESSION_DELETED);
        return refuse('room_not_found');
      }
      if (room.seatVersions[seat] !== version) return refuse('token_revoked');
      const release = deps.seats.take(`${roomId}:${seat}`, deps.elsewhere(roomId, seat));
      if (!release) {
        deps.metrics.connectionsRefused.inc({ endpoint: 'socket.io', reason: 'too_many' });
        return next(
          refusal('rate_limited', 'Too many open connections for this seat. Close other tabs of this room.'),
        );
      }
      socket.once('disconnect', release);
      const data: SocketData = {
        roomId,
        seat,
        version,
        ...(auth.data.lastSeq === undefined ? {} : { lastSeq: auth.data.lastSeq }),
        welcome: {
          protocolVersion: PROTOCOL_VERSION,
          roomId,
          mode: room.mode,
          seat,
          limits: deps.limits,
          crisisResources: deps.crisisResources,
        },
      };
      socket.data = data;
      next();
    } catch (error) {
      deps.log.error({ err: error }, 'handshake failed');
      next(refusal(unavailableCode(error)));
    }
  };
}
