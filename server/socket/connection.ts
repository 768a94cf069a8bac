import type { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Socket } from 'socket.io';
import { type CommandAck, errorBody, isPartner } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { RoomRegistry } from '../room/registry.ts';
import type { RoomRuntime } from '../room/runtime.ts';
import type { Store } from '../store/types.ts';
import { roomChannel, seatChannel, waitingChannel } from './channels.ts';
import type { SocketData } from './handshake.ts';
import { parseCommandPayload } from './input.ts';
import type { PresenceBoard } from './presence.ts';
import { sendSync } from './sync.ts';

export interface ConnectionDeps {
  registry: RoomRegistry;
  store: Store;
  presence: PresenceBoard;
  log: Logger;
  limiter: RateLimiterMemory;
  now: () => number;
}

/**
 * One socket's life: listeners first (an early command must not be lost), then joining the room
 * inside its queue, then commands — one at a time, in the order they came (S3).
 */
export function onConnection(socket: Socket, deps: ConnectionDeps): void {
  const data = socket.data as SocketData;
  const { roomId, seat } = data;
  const { store, log } = deps;
  let inbox: Promise<unknown> = Promise.resolve();
  let counted = false;
  const roomPromise = deps.registry.get(roomId);

  socket.on('command', (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') {
      socket.emit(
        'protocolError',
        errorBody('bad_request', 'Send commands with an acknowledgement callback.'),
      );
      return;
    }
    inbox = inbox.then(async () => {
      const answer = await handleCommand(payload, await roomPromise);
      (ack as (answer: CommandAck) => void)(answer);
    });
  });

  socket.onAny((event: string) => {
    if (event !== 'command')
      socket.emit('protocolError', errorBody('unknown_command', `Unknown event "${event.slice(0, 40)}".`));
  });

  socket.on('disconnect', (reason) => {
    log.info({ roomId, seat, reason }, 'disconnected');
    void store.audit({ roomId, at: deps.now(), seat, action: 'disconnect' }).catch(() => undefined);
    if (counted) deps.presence.disconnected(roomId, seat);
  });

  async function handleCommand(payload: unknown, room: RoomRuntime | null): Promise<CommandAck> {
    if (!room) return { ok: false, error: errorBody('room_not_found') };
    try {
      // Per seat, not per socket: reconnecting does not refill the budget (S7).
      await deps.limiter.consume(`${roomId}:${seat}`);
    } catch (limited) {
      const seconds = Math.max(
        1,
        Math.ceil(((limited as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000),
      );
      return {
        ok: false,
        error: errorBody('rate_limited', `Too many actions at once. Try again in ${seconds} seconds.`),
      };
    }
    const parsed = parseCommandPayload(payload);
    if (!parsed.ok) {
      log.info({ roomId, seat, code: parsed.error.code, path: parsed.error.path }, 'bad input');
      return { ok: false, error: parsed.error };
    }
    try {
      return await room.command(seat, parsed.id, parsed.command);
    } catch (error) {
      // The command was not acknowledged, so nothing is promised; the client may retry with the same id.
      log.error({ roomId, seat, type: parsed.command.type, err: error }, 'command failed');
      return { ok: false, error: errorBody('internal') };
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
        if (socket.disconnected) return;
        // A re-issue may have revoked this token between the handshake and now (A5).
        const stored = await store.getRoom(roomId);
        if (stored?.seatVersions[seat] !== data.version) {
          socket.emit('closing', errorBody('token_revoked'));
          socket.disconnect(true);
          return;
        }
        const admitted = !isPartner(seat) || room.state.admitted[seat];
        counted = true;
        if (!admitted) {
          socket.join(waitingChannel(roomId, seat));
          socket.emit('welcome', { ...data.welcome, admitted: false });
          deps.presence.connected(roomId, seat, true);
        } else {
          socket.join([seatChannel(roomId, seat), roomChannel(roomId)]);
          socket.emit('welcome', { ...data.welcome, admitted: true });
          await sendSync(socket, room, seat, store, data.lastSeq);
          // A change of status is broadcast to the room, this socket included; otherwise tell it alone.
          if (!deps.presence.connected(roomId, seat, false))
            socket.emit('presence', deps.presence.snapshot(roomId));
        }
      });
      await store.audit({ roomId, at: deps.now(), seat, action: 'connect' });
      log.info({ roomId, seat }, 'connected');
    })
    .catch((error) => {
      log.error({ roomId, seat, err: error }, 'join failed');
      socket.emit('closing', errorBody('internal'));
      socket.disconnect(true);
    });
}
