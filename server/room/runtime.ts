import { createHash } from 'node:crypto';
import {
  type ClientCommand,
  type CommandAck,
  decide,
  errorBody,
  evolve,
  type RoomEvent,
  type RoomState,
  type Seat,
  type SystemCommand,
} from '../../shared/index.ts';
import type { Logger } from '../log.ts';
import type { CommandRecord, CommandSeen, Following, Store } from '../store/types.ts';

/** Where accepted events go after they are durable: the socket layer fans them out per seat. */
export interface RoomOutbox {
  published(room: RoomRuntime, events: RoomEvent[]): void;
}

export interface RoomDeps {
  store: Store;
  outbox: RoomOutbox;
  log: Logger;
  now: () => number;
}

/** Canonical enough: zod rebuilds parsed objects in schema order, so equal commands serialise equally. */
function fingerprintOf(command: ClientCommand): string {
  return createHash('sha256').update(JSON.stringify(command)).digest('base64url');
}

/** A4: a retry gets the first answer; an id reused for another command is refused, not silently acked. */
function retryAnswer(seen: CommandSeen, fingerprint: string): CommandAck {
  if (seen.fingerprint !== fingerprint) {
    return {
      ok: false,
      error: errorBody('bad_request', 'This command id was already used for a different command.', 'id'),
    };
  }
  return { ok: true, seq: seen.seq };
}

/** How often a command is decided again after another writer appended first (S2). */
const MAX_ATTEMPTS = 3;

/**
 * One room in memory: its folded state and a queue that decides its commands one at a time (S3).
 * The order is always decide → append (durable) → fold → publish → acknowledge (S1).
 */
export class RoomRuntime {
  private tail: Promise<unknown> = Promise.resolve();
  /** The room was erased (E1): whatever is still queued answers `room_not_found` and stores nothing. */
  private erased = false;
  /** Appends by other writers of the room, handed over as they are stored (S24); null once unloaded. */
  private following: Following | null = null;

  private constructor(
    readonly roomId: string,
    public state: RoomState,
    private readonly deps: RoomDeps,
  ) {}

  /** Rebuilds the room from its log (T34); null when the room does not exist. */
  static async load(roomId: string, deps: RoomDeps): Promise<RoomRuntime | null> {
    const events = await deps.store.read(roomId, 1);
    if (events.length === 0) return null;
    let state: RoomState | null = null;
    for (const event of events) state = evolve(state, event);
    const room = new RoomRuntime(roomId, state as RoomState, deps);
    room.follow();
    return room;
  }

  /**
   * S24: another instance may append to this room at any time (Redis). What it appends is folded and
   * published here as soon as the store hands it over, in the queue, so no command is decided halfway
   * through; what this room appended itself comes back too and is skipped by its seq.
   */
  private follow(): void {
    this.following = this.deps.store.follow(this.roomId, this.state.seq, (events) => {
      void this.serial(() => this.absorb(events)).catch((error) =>
        this.deps.log.error({ roomId: this.roomId, err: error }, 'following the room failed'),
      );
    });
  }

  /** Stops following the room: it is leaving memory (or was erased). */
  stop(): void {
    this.following?.stop();
    this.following = null;
  }

  private async absorb(events: RoomEvent[]): Promise<void> {
    const fresh = events.filter((event) => event.seq > this.state.seq);
    const first = fresh[0];
    if (!first || this.erased) return;
    // Anything missed between what this room holds and what arrived is read first (never a gap).
    if (first.seq !== this.state.seq + 1) {
      await this.catchUp();
      return;
    }
    for (const event of fresh) this.state = evolve(this.state, event);
    this.deps.outbox.published(this, fresh);
  }

  /** Runs `erase` in the queue, after everything before it; nothing queued after it acts. */
  erase<T>(erase: () => Promise<T>): Promise<T> {
    return this.serial(async () => {
      this.erased = true;
      return erase();
    });
  }

  /** Runs `task` after everything queued before it has finished. */
  serial<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** `stillValid` is asked inside the queue: a link revoked while the command waited does not act. */
  command(
    seat: Seat,
    commandId: string,
    command: ClientCommand,
    stillValid: () => boolean = () => true,
  ): Promise<CommandAck> {
    return this.serial(async () => {
      if (!stillValid()) return { ok: false, error: errorBody('token_revoked') };
      const fingerprint = fingerprintOf(command);
      const done = await this.deps.store.findCommand(this.roomId, seat, commandId);
      if (done !== null) return retryAnswer(done, fingerprint);
      return this.decideAndAppend(command, seat, { seat, commandId, fingerprint });
    });
  }

  system(command: SystemCommand): Promise<CommandAck> {
    return this.serial(() => this.decideAndAppend(command, 'system', null));
  }

  /**
   * Re-issues a seat's link (A5, A6): the event, then `revoke` (bump the version, close the sockets),
   * in one turn of the queue, so a socket joining the room sees either the old version and is closed,
   * or the new one and is refused.
   */
  reissue(seat: Seat, revoke: () => Promise<number>): Promise<{ ack: CommandAck; version: number | null }> {
    return this.serial(async () => {
      const ack = await this.decideAndAppend({ type: 'reissueSeat', seat }, 'system', null);
      return { ack, version: ack.ok ? await revoke() : null };
    });
  }

  private async decideAndAppend(
    command: ClientCommand | SystemCommand,
    actor: Seat | 'system',
    record: CommandRecord | null,
  ): Promise<CommandAck> {
    const { store, log } = this.deps;
    if (this.erased) return { ok: false, error: errorBody('room_not_found') };
    let checkedRefusal = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; ) {
      const decision = decide(this.state, command, actor, this.deps.now());
      if (!decision.ok) {
        // S24: a refusal is decided on the room as it is now — another instance may have appended a
        // moment ago, before its events were handed over. An accepted command needs no such read:
        // its append fails on a stale head and it is decided again (S2).
        if (!checkedRefusal) {
          checkedRefusal = true;
          if (await this.caughtUpForRefusal()) continue;
        }
        this.audit(actor, `rejected:${command.type}`, { code: decision.rejection.code });
        return { ok: false, error: decision.rejection };
      }
      const { events } = decision;
      if (events.length === 0) return { ok: true, seq: this.state.seq };
      const result = await store.append(this.roomId, this.state.seq, events, record);
      if (result.ok) {
        for (const event of events) this.state = evolve(this.state, event);
        const seq = this.state.seq;
        this.audit(actor, `command:${command.type}`, { seq });
        log.info({ roomId: this.roomId, seat: actor, type: command.type, seq }, 'accepted');
        this.deps.outbox.published(this, events);
        return { ok: true, seq };
      }
      if (result.reason === 'duplicate') return retryAnswer(result, record?.fingerprint ?? '');
      log.warn(
        { roomId: this.roomId, expected: this.state.seq, head: result.headSeq },
        'append conflict, catching up',
      );
      attempt++;
      await this.catchUp();
    }
    return { ok: false, error: errorBody('internal') };
  }

  /**
   * Best effort, after the fact: the events are already durable and must reach everyone even if the
   * audit write fails (disk full), so a failure is logged, not thrown into the command's path.
   */
  private audit(seat: Seat | 'system', action: string, extra: { seq?: number; code?: string }) {
    void this.deps.store
      .audit({ roomId: this.roomId, at: this.deps.now(), seat, action, ...extra })
      .catch((error) => {
        this.deps.log.error({ roomId: this.roomId, action, err: error }, 'audit write failed');
      });
  }

  /**
   * Once per command, before a refusal: whether another writer appended since (then it is decided
   * again, without using up an attempt). A store that cannot be read leaves the refusal as decided on
   * what this room holds, rather than failing the command.
   */
  private async caughtUpForRefusal(): Promise<boolean> {
    try {
      return await this.catchUp();
    } catch (error) {
      this.deps.log.warn({ roomId: this.roomId, err: error }, 'could not read the log before a refusal');
      return false;
    }
  }

  /**
   * Folds in events another writer appended, and publishes them to this process's sockets. True when
   * there were any.
   */
  async catchUp(): Promise<boolean> {
    const missed = await this.deps.store.read(this.roomId, this.state.seq + 1);
    for (const event of missed) this.state = evolve(this.state, event);
    if (missed.length > 0) this.deps.outbox.published(this, missed);
    return missed.length > 0;
  }
}
