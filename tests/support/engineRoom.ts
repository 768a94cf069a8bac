import { expect } from 'vitest';
import {
  type Actor,
  ClientCommand,
  currentRound,
  type Decision,
  decide,
  type ErrorCode,
  evolve,
  type Mode,
  type PartnerSeat,
  type RoomEvent,
  type RoomState,
  type Round,
  type Seat,
  type Talk,
  viewEvent,
  viewState,
} from '../../shared/index.ts';

/** Folds a log from nothing, the way a replay from the store rebuilds a room (T34). */
export function replay(events: readonly RoomEvent[]): RoomState | null {
  let state: RoomState | null = null;
  for (const event of events) state = evolve(state, event);
  return state;
}

/** Drives the pure engine the way the server does: parse, decide, fold. Time moves 1 s per command. */
export class EngineRoom {
  state: RoomState;
  readonly events: RoomEvent[] = [];
  now = 1_700_000_000_000;

  /** `talk` unset: the mode's default (T37), spoken in therapy and written in practice. */
  constructor(
    readonly mode: Mode,
    talk?: Talk,
  ) {
    const command = { type: 'createRoom', roomId: 'room-1', mode, ...(talk ? { talk } : {}) } as const;
    const created = decide(null, command, 'system', this.now);
    if (!created.ok) throw new Error('createRoom rejected');
    this.state = replay(created.events) as RoomState;
    this.events.push(...created.events);
  }

  private fold(events: RoomEvent[]) {
    for (const event of events) {
      this.state = evolve(this.events.length === 0 ? null : this.state, event);
      this.events.push(event);
    }
  }

  /** Parses the command like the server's edge does, then decides and folds. */
  send(actor: Actor, command: unknown): Decision {
    this.now += 1000;
    const parsed = actor === 'system' ? command : ClientCommand.parse(command);
    const decision = decide(this.state, parsed as ClientCommand, actor, this.now);
    if (decision.ok) this.fold(decision.events);
    return decision;
  }

  /** Sends and expects acceptance; returns the new events. */
  ok(actor: Actor, command: unknown): RoomEvent[] {
    const decision = this.send(actor, command);
    if (!decision.ok) {
      throw new Error(`${String(actor)} ${JSON.stringify(command)} rejected: ${decision.rejection.code}`);
    }
    return decision.events;
  }

  /** Sends and expects the named rejection, with nothing changed (T31). */
  rejects(actor: Actor, command: unknown, code: ErrorCode) {
    const before = this.state;
    const count = this.events.length;
    const decision = this.send(actor, command);
    expect(decision.ok ? 'accepted' : decision.rejection.code).toBe(code);
    expect(this.state).toBe(before);
    expect(this.events.length).toBe(count);
  }

  /** The round in progress, or null outside the round stage. */
  get round(): Round | null {
    return currentRound(this.state);
  }

  get step() {
    return this.round?.step;
  }

  /** The entries of the current round, in order. */
  get entries() {
    return this.round?.entries ?? [];
  }

  /** The events `seat` receives: the log passed through its view (A10–A13). */
  eventsSeenBy(seat: Seat): RoomEvent[] {
    return this.events.map((event) => viewEvent(event, this.mode, seat));
  }

  /** The snapshot `seat` would receive (A14). */
  viewOf(seat: Seat): RoomState {
    return viewState(this.state, seat);
  }

  /** Direct access as v5 begins it (I20): the therapist asks, `seat` says yes; returns the start. */
  directAccess(seat: PartnerSeat): RoomEvent[] {
    this.ok('therapist', { type: 'askDirectAccess', seat });
    return this.ok(seat, { type: 'answerDirectAccess', yes: true });
  }

  /**
   * Stop contempt the whole way (I24): the stop (setting aside what T26 says), then straight to the
   * sequence's last step, which asks for the U-turn. Returns every event, in order.
   */
  stopContempt(seat: PartnerSeat, entrySeq?: number): RoomEvent[] {
    const stopped = this.ok('therapist', { type: 'stopContempt', seat, ...(entrySeq ? { entrySeq } : {}) });
    return [...stopped, ...this.ok('therapist', { type: 'contemptStep', step: 'u_turn' })];
  }

  /** Ends direct access and lets the round go on: the therapist skips the witness's turn (I22). */
  endDirectAccess(): void {
    this.ok('therapist', { type: 'endDirectAccess' });
    this.ok('therapist', { type: 'skipWitness' });
  }
}

/** A room where both partners agreed to the contract, at `checkin`. Therapy partners are admitted. */
export function roomAtCheckin(mode: Mode, talk?: Talk): EngineRoom {
  const room = new EngineRoom(mode, talk);
  if (mode === 'therapy') {
    room.ok('therapist', { type: 'admit', seat: 'A' });
    room.ok('therapist', { type: 'admit', seat: 'B' });
  }
  room.ok('A', { type: 'agreeContract', safeWord: 'pineapple' });
  room.ok('B', { type: 'agreeContract' });
  return room;
}

/** A room past the contract and check-in, at round 1 `request_floor`. Therapy partners are admitted. */
export function roomAtFirstRound(mode: Mode, talk?: Talk): EngineRoom {
  const room = roomAtCheckin(mode, talk);
  room.ok('A', {
    type: 'checkIn',
    checkIn: { parts: ['a worried part'], selfEnergy: 6 },
    visibility: 'room',
  });
  room.ok('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'self' });
  return room;
}

/** From `request_floor`, runs A as speaker up to the given step. */
export function roomAtStep(mode: Mode, step: NonNullable<EngineRoom['step']>): EngineRoom {
  const room = roomAtFirstRound(mode);
  const path: [Actor, unknown][] = [
    ['A', { type: 'requestFloor', topic: 'the dishes' }],
    ['B', { type: 'listenerReady' }],
    ['A', { type: 'uTurn', part: { name: 'the part that gets scared', kind: 'exile', fears: 'being left' } }],
    ['A', { type: 'speak', text: 'A part of me feels alone when the dishes pile up.' }],
    ['B', { type: 'reflect', text: 'I heard a part of you feels alone.' }],
    ['A', { type: 'confirm' }],
    ['A', { type: 'answerMore', more: false }],
    ['B', { type: 'summarize', text: 'A part of you feels alone with the dishes.' }],
    ['A', { type: 'confirm' }],
    ['B', { type: 'validate', text: 'What makes sense to me is that it feels lonely.' }],
    ['B', { type: 'empathize', text: 'I imagine a part of you feels unseen.' }],
    ['A', { type: 'confirm' }],
    ['A', { type: 'land', text: 'It landed softly.', request: 'Could we do them together?' }],
  ];
  for (const [actor, command] of path) {
    if (room.step === step) return room;
    room.ok(actor, command);
  }
  if (room.step !== step) throw new Error(`never reached ${step}`);
  return room;
}
