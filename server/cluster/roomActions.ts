import { z } from 'zod';
import { exhaustive, Seat } from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { ClusterBus } from './bus.ts';

/**
 * What one instance decides and every instance must carry out on the connections it holds (S30):
 * `closeSeat` — a seat's link was re-issued, close its connections with a token below `version` (A5);
 * `erase` — the room is being erased, close everything of it and drop it from memory (E1);
 * `sessionClosed` — the room's export window ran out, close everything of it (A15).
 */
export const RoomAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('closeSeat'), roomId: z.string(), seat: Seat, version: z.number().int() }),
  z.object({ type: z.literal('erase'), roomId: z.string() }),
  z.object({ type: z.literal('sessionClosed'), roomId: z.string() }),
]);
export type RoomAction = z.infer<typeof RoomAction>;

export type RoomActionHandlers = {
  [K in RoomAction['type']]: (action: Extract<RoomAction, { type: K }>) => void | Promise<void>;
};

const CHANNEL = 'actions';

/**
 * Room actions across instances, over the bus (S27): the instance that decides runs the action on
 * its own connections and tells the others, which run it on theirs. The bus is at most once, so what
 * a lost message would leave open is caught by `closeStaleConnections` (`server/room/staleConnections.ts`).
 */
export class RoomActions {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bus: ClusterBus,
    private readonly handlers: RoomActionHandlers,
    private readonly log: Logger,
  ) {
    this.unsubscribe = bus.subscribe(CHANNEL, (message, from) => this.heard(message, from));
  }

  /** Runs `action` here at once and tells the other instances; resolves once it is done here. */
  async run(action: RoomAction): Promise<void> {
    // Handled before the first await, so a caller inside a room's queue closes in the same turn (A5).
    const here = this.handle(action);
    this.tell(action);
    await here;
  }

  /** Tells the other instances only (this one carries it out its own way, as an erasure does). */
  tell(action: RoomAction): void {
    this.bus.publish(CHANNEL, Buffer.from(JSON.stringify(action)));
  }

  stop(): void {
    this.unsubscribe();
  }

  private heard(raw: Uint8Array, from: string) {
    let action: RoomAction;
    try {
      const parsed = RoomAction.safeParse(JSON.parse(Buffer.from(raw).toString('utf8')));
      if (!parsed.success) throw new Error('not a room action');
      action = parsed.data;
    } catch {
      this.log.warn({ from }, 'unreadable room action dropped');
      return;
    }
    this.log.info({ roomId: action.roomId, action: action.type, from }, 'room action from another instance');
    void Promise.resolve()
      .then(() => this.handle(action))
      .catch((error) =>
        this.log.error({ roomId: action.roomId, action: action.type, err: error }, 'room action failed'),
      );
  }

  private handle(action: RoomAction): void | Promise<void> {
    switch (action.type) {
      case 'closeSeat':
        return this.handlers.closeSeat(action);
      case 'erase':
        return this.handlers.erase(action);
      case 'sessionClosed':
        return this.handlers.sessionClosed(action);
      default:
        return exhaustive(action, 'room action');
    }
  }
}
