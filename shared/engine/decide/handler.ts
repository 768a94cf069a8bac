import type { ClientCommand, ClientCommandType, SystemCommand } from '../../protocol/commands.ts';
import type { Decision, DraftEvent } from '../decision.ts';
import type { SenderOf } from '../permissions.ts';
import type { RoomState } from '../state.ts';

/** What a handler answers: the events that follow (stamped by `decide`), or a rejection. */
export type Outcome = DraftEvent[] | Decision;

export type CommandOf<K extends ClientCommandType> = Extract<ClientCommand, { type: K }>;

/**
 * One command's own rules. It runs after the common guards and the permission table, so `seat` is
 * already the kind of seat `WHO_MAY_SEND` lets send it.
 */
export type Handler<K extends ClientCommandType> = (
  state: RoomState,
  command: CommandOf<K>,
  seat: SenderOf<K>,
  now: number,
) => Outcome;

/** The handlers of a group of commands: a missing one is a type error. */
export type Handlers<K extends ClientCommandType> = { [P in K]: Handler<P> };

export type SystemCommandType = SystemCommand['type'];

export type SystemHandlers = {
  [K in SystemCommandType]: (
    state: RoomState | null,
    command: Extract<SystemCommand, { type: K }>,
    now: number,
  ) => Decision;
};
