import type { ClientCommand, ClientCommandType, SystemCommand } from '../protocol/commands.ts';
import type { Actor } from '../protocol/events.ts';
import type { Seat } from '../protocol/seats.ts';
import { breathingHandlers } from './decide/breathing.ts';
import { closingHandlers } from './decide/closing.ts';
import { contractHandlers } from './decide/contract.ts';
import { contractTermsHandlers } from './decide/contractTerms.ts';
import type { CommandOf, Handlers, Outcome, SystemHandlers } from './decide/handler.ts';
import { interventionHandlers } from './decide/interventions.ts';
import { listeningHandlers } from './decide/listening.ts';
import { moderationHandlers } from './decide/moderation.ts';
import { repairHandlers } from './decide/repair.ts';
import { roundHandlers } from './decide/round.ts';
import { systemHandlers } from './decide/system.ts';
import { therapistMoveHandlers } from './decide/therapistMoves.ts';
import { accept, type Decision, reject } from './decision.ts';
import { commonGuards } from './guards.ts';
import { maySend, refusalOf } from './permissions.ts';
import type { RoomState } from './state.ts';

/** One handler per command, by stage of the session; a command without one does not compile. */
const HANDLERS: Handlers<ClientCommandType> = {
  ...contractHandlers,
  ...roundHandlers,
  ...interventionHandlers,
  ...moderationHandlers,
  ...closingHandlers,
  ...contractTermsHandlers,
  ...listeningHandlers,
  ...breathingHandlers,
  ...therapistMoveHandlers,
  ...repairHandlers,
};

/**
 * The room's rules: given the state, a command and who sent it, either the events that follow or
 * a named rejection. Pure — no clock (`now` is passed in), no I/O — so the server, the tests and a
 * client can all run it. Rule numbers refer to `shared/SPEC.md`.
 *
 * Every client command passes, in order: the common guards (`guards.ts`), who may send it
 * (`WHO_MAY_SEND` in `permissions.ts`), then its own handler in `decide/`.
 */
export function decide(
  state: RoomState | null,
  command: ClientCommand | SystemCommand,
  actor: Actor,
  now: number,
): Decision {
  if (actor === 'system') {
    return isSystemCommand(command) ? decideSystem(state, command, now) : reject('unknown_command');
  }
  if (state === null) return reject('room_not_found');
  if (isSystemCommand(command)) return reject('unknown_command');
  const guard = commonGuards(state, actor, command.type);
  if (guard) return guard;
  const result = run(command.type, command, state, actor, now);
  return Array.isArray(result) ? accept(state, actor, now, result) : result;
}

function run<K extends ClientCommandType>(
  type: K,
  command: CommandOf<K>,
  state: RoomState,
  seat: Seat,
  now: number,
): Outcome {
  if (!maySend(type, state.mode, seat)) return reject('not_allowed', refusalOf(type, state.mode));
  const handler = HANDLERS[type];
  return handler(state, command, seat, now);
}

function isSystemCommand(command: ClientCommand | SystemCommand): command is SystemCommand {
  return (
    command.type === 'createRoom' ||
    command.type === 'reissueSeat' ||
    command.type === 'connectionLost' ||
    command.type === 'endBreathing'
  );
}

function decideSystem<K extends SystemCommand['type']>(
  state: RoomState | null,
  command: Extract<SystemCommand, { type: K }>,
  now: number,
): Decision {
  const handler: SystemHandlers[K] = systemHandlers[command.type];
  return handler(state, command, now);
}
