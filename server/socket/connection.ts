import { type CommandAck, type ErrorBody, errorBody, isPartner } from '../../shared/index.ts';
import type { ClusterPresence } from '../cluster/clusterPresence.ts';
import { type Limiter, take } from '../guards/limiters.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import { pastExportWindow } from '../room/exportWindow.ts';
import type { RoomRegistry } from '../room/registry.ts';
import type { RoomRuntime } from '../room/runtime.ts';
import type { Store } from '../store/types.ts';
import { StoreUnavailable, unavailableCode } from '../store/unavailable.ts';
import { roomChannel, seatChannel, waitingChannel } from './channels.ts';
import { welcomeFor } from './handshake.ts';
import { parseCommandPayload } from './input.ts';
import type { RoomSocket } from './io.ts';
import { sendSync } from './sync.ts';

export interface ConnectionDeps {
  registry: RoomRegistry;
  /** How long after the end a session stays readable (A15). */
  exportWindowMs: number;
  store: Store;
  presence: ClusterPresence;
  log: Logger;
  /** Each command's ack latency, from receipt to ack, waiting behind the socket's earlier ones included. */
  metrics: Metrics;
  /** Commands per seat (S7), shared by every instance on Redis (S28). */
  limiter: Limiter;
  now: () => number;
}

/**
 * One socket's life: listeners first (an early command must not be lost), then joining the room
 * inside its queue, then commands — one at a time, in the order they came (S3).
 */
export function onConnection(socket: RoomSocket, deps: ConnectionDeps): void {
  const data = socket.data;
  const { roomId, seat } = data;
  const { store, log } = deps;
  let inbox: Promise<unknown> = Promise.resolve();
  let counted = false;
  const roomPromise = deps.registry.get(roomId);

  socket.on('command', (payload, ack) => {
    const received = performance.now();
    // The event map promises an ack; a client that left it out is told so instead.
    if (typeof ack !== 'function') {
      socket.emit(
        'protocolError',
        errorBody('bad_request', 'Send commands with an acknowledgement callback.'),
      );
      return;
    }
    inbox = inbox.then(async () => {
      let answer: CommandAck;
      try {
        answer = await handleCommand(payload, await roomPromise);
      } catch (error) {
        log.error({ roomId, seat, err: error }, 'command failed');
        answer = { ok: false, error: errorBody(unavailableCode(error)) };
      }
      ack(answer);
      deps.metrics.acked(received, answer);
    });
  });

  socket.onAny((event: unknown) => {
    // socket.io lets a client name an event with a number: never assume a string.
    if (event !== 'command') {
      socket.emit(
        'protocolError',
        errorBody('unknown_command', `Unknown event "${String(event).slice(0, 40)}".`),
      );
    }
  });

  socket.on('disconnect', (reason) => {
    log.info({ roomId, seat, reason }, 'disconnected');
    audit('disconnect');
    if (counted) deps.presence.disconnected(roomId, seat);
  });

  function audit(action: string) {
    void store.audit({ roomId, at: deps.now(), seat, action }).catch((error) => {
      log.error({ roomId, seat, action, err: error }, 'audit write failed');
    });
  }

  async function handleCommand(payload: unknown, room: RoomRuntime | null): Promise<CommandAck> {
    if (!room) return { ok: false, error: errorBody('room_not_found') };
    const parsed = parseCommandPayload(payload);
    // The safe word is never rate-limited (T30); everything else, bad input included, counts.
    if (!parsed.ok || parsed.command.type !== 'safetyPause') {
      const limited = await consume(deps.limiter, `${roomId}:${seat}`);
      if (limited) return { ok: false, error: limited };
    }
    if (!parsed.ok) {
      log.info({ roomId, seat, code: parsed.error.code, path: parsed.error.path }, 'bad input');
      return { ok: false, error: parsed.error };
    }
    try {
      // A link re-issued while this command waited must not act any more (A5).
      return await room.command(seat, parsed.id, parsed.command, () => socket.data.revoked !== true);
    } catch (error) {
      // The command was not acknowledged, so nothing is promised; the client may retry with the same id.
      // The store out of reach (Redis down) is said as such: temporarily unavailable, try again (issue 13).
      log.error({ roomId, seat, type: parsed.command.type, err: error }, 'command failed');
      return { ok: false, error: errorBody(unavailableCode(error)) };
    }
  }

  void roomPromise
    .then(async (room) => {
      if (!room) {
        socket.emit('closing', errorBody('room_not_found'));
        socket.disconnect(true);
        return;
      }
      await room.serial(async () => {
        // A re-issue may have revoked this token between the handshake and now (A5).
        const stored = await store.getRoom(roomId);
        if (socket.disconnected) return;
        if (stored?.seatVersions[seat] !== data.version) {
          socket.data.revoked = true;
          socket.emit('closing', errorBody('token_revoked'));
          socket.disconnect(true);
          return;
        }
        if (pastExportWindow(room.state, deps.now(), deps.exportWindowMs)) {
          socket.emit(
            'closing',
            errorBody('session_ended', 'This session has ended and is no longer available.'),
          );
          socket.disconnect(true);
          return;
        }
        const admitted = !isPartner(seat) || room.state.admitted[seat];
        // Counted before any await, so a disconnect from here on is always matched (presence never sticks).
        counted = true;
        if (!admitted) {
          socket.join(waitingChannel(roomId, seat));
          socket.emit('welcome', welcomeFor(data, false, deps.now(), room.state.partners));
          deps.presence.connected(roomId, seat, true);
          return;
        }
        socket.join([seatChannel(roomId, seat), roomChannel(roomId)]);
        socket.emit('welcome', welcomeFor(data, true, deps.now(), room.state.partners));
        // A change of status is broadcast to the room, this socket included; otherwise tell it alone.
        const announced = deps.presence.connected(roomId, seat, false);
        await sendSync(socket, room, seat, store, data.lastSeq);
        if (!announced) socket.emit('presence', deps.presence.snapshot(roomId));
      });
      audit('connect');
      log.info({ roomId, seat }, 'connected');
    })
    .catch((error) => {
      log.error({ roomId, seat, err: error }, 'join failed');
      if (error instanceof StoreUnavailable) {
        // Not for good: dropping the transport makes the client come back by itself, as after a
        // network blip, where `closing` would tell it to stop.
        socket.conn.close();
        return;
      }
      socket.emit('closing', errorBody('internal'));
      socket.disconnect(true);
    });
}

/**
 * Takes one point from the seat's budget; returns the refusal when it is spent (S7). A limiter that
 * fails otherwise throws: the command is answered `internal`, never `rate_limited` (S28).
 */
async function consume(limiter: Limiter, key: string): Promise<ErrorBody | null> {
  const limited = await take(limiter, key);
  if (!limited) return null;
  const seconds = Math.max(1, Math.ceil(limited.msBeforeNext / 1000));
  return errorBody('rate_limited', `Too many actions at once. Try again in ${seconds} seconds.`);
}
