import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  buildRecord,
  CLIENT_COMMAND_TYPES,
  type ClientCommandType,
  currentRound,
  type Decision,
  ERROR_MESSAGES,
  evolve,
  type Mode,
  otherPartner,
  type PartnerSeat,
  ROUND_STEPS,
  RoomEvent,
  RoomState,
  type Round,
  type RoundStep,
  type Seat,
  STAGES,
  STEP_ACTOR,
  type SystemCommand,
  seatsOf,
  viewEvent,
  viewState,
} from '../../shared/index.ts';
import { EngineRoom, replay, roomAtFirstRound } from '../support/engineRoom.ts';
import { anyChoice, type Choice, type Move, POOL_TYPES, resolve } from './commandPool.ts';

/**
 * The engine fuzz: random command sequences from random seats (see `commandPool.ts`), both modes,
 * from a fresh room and from round 1. After every command it checks the rules that must hold whatever
 * happens; a seed that ever fails is pinned below as the moves it made.
 */

/** The commands that do a step's work, and the steps they belong to (T5). */
const STEP_COMMANDS: Partial<Record<ClientCommandType, readonly RoundStep[]>> = {
  requestFloor: ['request_floor'],
  listenerReady: ['listener_ready'],
  proposeLater: ['listener_ready'],
  speak: ['speak'],
  reflect: ['reflect'],
  confirm: ['confirm', 'summary_confirm', 'empathy_confirm'],
  correct: ['confirm', 'summary_confirm', 'empathy_confirm'],
  answerMore: ['more'],
  summarize: ['summary'],
  validate: ['validate'],
  empathize: ['empathy'],
  land: ['landing'],
  // Part C (I28): the listener's one response from the heart, at `validate`.
  respondFromHeart: ['validate'],
};

/** What the runs reached, so the suite fails if the generator stops exploring the room. */
const reached = {
  steps: new Set<RoundStep>(),
  stages: new Set<string>(),
  accepted: new Set<string>(),
  rejected: new Set<string>(),
};

const isPartnerActor = (actor: Actor): actor is 'A' | 'B' => actor === 'A' || actor === 'B';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function speakerOf(round: Round | null): PartnerSeat | null {
  return round?.floor === 'held' ? round.speaker : null;
}

/** The seat that acts at `step` of this round: `null` means either partner (the open first floor). */
function seatOfStep(state: RoomState, step: RoundStep): Seat | null {
  const speaker = speakerOf(currentRound(state));
  const actor = STEP_ACTOR[step];
  if (actor === 'moderator') return state.mode === 'therapy' ? 'therapist' : null;
  if (speaker === null) return null;
  return actor === 'speaker' ? speaker : otherPartner(speaker);
}

/**
 * A cheap assertion for the hot loop: vitest's `expect` costs too much to call tens of thousands of
 * times per run. The message names the broken rule; fast-check then prints the shrunk commands.
 */
function check(ok: boolean, rule: string, detail?: unknown): asserts ok {
  if (!ok) throw new Error(`${rule}${detail === undefined ? '' : ` — ${JSON.stringify(detail)}`}`);
}

/** Equality that, like `toEqual`, ignores keys whose value is undefined (states are plain JSON data). */
function sameData(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

/**
 * What `viewer` received must hold none of the other partners' private content (A10–A13). Checking
 * the events is enough for the text: the snapshot is their fold (A14, checked beside this).
 */
function checkNothingPrivateOfOthers(state: RoomState, viewer: Seat, received: RoomEvent[]) {
  const text = JSON.stringify(received);
  const view = viewState(state, viewer);
  for (const owner of ['A', 'B'] as const) {
    if (owner === viewer) continue;
    // The therapist reads plans and parts, and check-ins shared with them; never a check-in kept to oneself.
    check(
      !text.includes(`CHECKIN-${owner}-self`),
      `A10 ${viewer} received ${owner}'s own check-in`,
      received,
    );
    if (viewer === 'therapist') continue;
    check(!text.includes(`FEAR-${owner}`), `A11 ${viewer} received what ${owner}'s part fears`, received);
    check(
      !text.includes(`ASKED-${owner}`),
      `A11 ${viewer} received a part ${owner} named in private`,
      received,
    );
    check(!text.includes(`PLAN-${owner}`), `A12 ${viewer} received ${owner}'s safety plan`, received);
    check(
      !text.includes(`CHECKIN-${owner}-therapist`),
      `A10 ${viewer} received ${owner}'s check-in`,
      received,
    );
    const urge = received.some((e) => e.type === 'urgeToSpeak' && e.seat === owner);
    check(!urge, `A13 ${viewer} received ${owner}'s urge`, received);
    const inner = received.some(
      (e) =>
        (e.type === 'listeningPartNamed' || e.type === 'listeningHelpAsked' || e.type === 'selfChecked') &&
        e.seat === owner,
    );
    check(!inner, `I8 ${viewer} received what ${owner} noticed inside`, received);
    check(
      view.listeningInside.every((n) => n.seat === viewer) && view.selfChecks.every((c) => c.seat === viewer),
      `I8 ${viewer} sees what ${owner} noticed inside`,
    );
    // Part C (I21): the ask for direct access and its answer stay between that partner and the therapist.
    const consent = received.some(
      (e) =>
        (e.type === 'directAccessAsked' ||
          e.type === 'directAccessDeclined' ||
          e.type === 'directAccessWithdrawn') &&
        e.seat === owner,
    );
    check(!consent, `I21 ${viewer} received the ask to ${owner}`, received);
    check(
      view.directAccessAsk?.seat !== owner,
      `I21 ${viewer} sees the ask to ${owner}`,
      view.directAccessAsk,
    );
    check(view.parts[owner] === undefined, `A11 ${viewer} sees ${owner}'s part`, view.parts);
    check(
      view.safetyPlans[owner]?.plan === undefined,
      `A12 ${viewer} sees ${owner}'s plan`,
      view.safetyPlans,
    );
    const checkIn = view.checkIns[owner];
    check(
      checkIn?.visibility === 'room' || checkIn?.content === undefined,
      `A10 ${viewer} sees ${owner}'s check-in`,
    );
    check(
      view.urges.every((urge) => urge.seat === viewer),
      `A13 ${viewer} sees ${owner}'s urges`,
      view.urges,
    );
    // Part D: today's location and the safe-to-speak answer are the partner's and the therapist's only.
    check(!text.includes(`WHERE-${owner}`), `I44 ${viewer} received ${owner}'s location`, received);
    const answered = received.some(
      (e) => (e.type === 'safeToSpeakAnswered' || e.type === 'locationConfirmed') && e.seat === owner,
    );
    check(!answered, `I46 ${viewer} received ${owner}'s private answer`, received);
    check(
      view.locations[owner] === undefined && view.safeToSpeak[owner] === undefined,
      `I46 ${viewer} sees ${owner}'s location or answer`,
      view,
    );
    check(!text.includes('MOMENT-') && view.moments.length === 0, `I33 ${viewer} received a mark`, received);
    check(!text.includes(`CYCLE-${owner}`), `I36 ${viewer} received ${owner}'s unnamed part`, received);
    checkCycleView(view, viewer, owner);
  }
}

/**
 * I35, I36 on a partner's own view: every link they hold has their own part, one they named; the
 * other partner's part has its name only when that name is in what the viewer was shown — a piece
 * of theirs carrying it, or their check-in shared with the room.
 */
function checkCycleView(view: RoomState, viewer: 'A' | 'B', owner: 'A' | 'B') {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const rounds = [...view.previousRounds, ...(view.stage === 'round' ? [view.round] : [])];
  const carried = rounds.flatMap((r) =>
    r.entries.flatMap((e) => (e.seat === owner && e.kind === 'piece' && e.part ? [e.part.name] : [])),
  );
  const checkIn = view.checkIns[owner];
  const shared = checkIn?.visibility === 'room' ? (checkIn.content?.parts ?? []) : [];
  for (const link of view.cycleMap) {
    const mine = link.from.seat === viewer ? link.from : link.to;
    const theirs = link.from.seat === viewer ? link.to : link.from;
    check(
      mine.seat === viewer && mine.named && mine.part !== undefined,
      `I35 ${viewer} holds a link not theirs`,
      link,
    );
    const name = theirs.part;
    check(
      name === undefined || [...carried, ...shared].some((n) => same(n, name)),
      `I36 ${viewer} reads the name of ${owner}'s part before it was shown`,
      { link, carried, shared },
    );
  }
}

function checkAccepted(before: RoomState, after: RoomState, move: Move, events: RoomEvent[], now: number) {
  const { actor, command } = move;
  const what = `${String(actor)} ${command.type}`;
  // T32: at least one event for a client command — but a safety pause from a partner already among
  // its callers, which changes nothing — consecutive seqs, the decision's time and actor.
  const repeatedSafetyPause =
    command.type === 'safetyPause' &&
    before.pause?.kind === 'safety' &&
    before.pause.callers.some((caller) => caller === actor);
  check(
    actor === 'system' || events.length > 0 || repeatedSafetyPause === true,
    `T32 ${what} was accepted without an event`,
  );
  check(events.length > 0 || after === before, `T32 ${what} changed the room without an event`);
  events.forEach((event, i) => {
    check(event.seq === before.seq + i + 1, 'T32 seqs are consecutive', event);
    check(event.at === now && event.actor === actor, 'T32 an event carries its time and actor', event);
    check(RoomEvent.safeParse(event).success, 'T32 every event is a valid wire event', event);
  });
  // T16: a partner's events are about that partner; a system event about the seat it names.
  const about = actor === 'system' ? (command as SystemCommand & { seat: Seat }).seat : actor;
  if (isPartnerActor(actor) || actor === 'system') {
    for (const event of events) {
      check(!('seat' in event) || event.seat === about, `T16 ${what} acted for another seat`, event);
    }
  }

  // T5, T16: a step command is decided at one of its steps, by the seat STEP_ACTOR names there.
  const stepSteps = STEP_COMMANDS[command.type as ClientCommandType];
  const roundBefore = currentRound(before);
  const roundAfter = currentRound(after);
  const step = roundBefore?.step;
  if (stepSteps && actor !== 'system') {
    check(
      before.stage === 'round' && stepSteps.includes(step as RoundStep),
      `T6 ${what} accepted at ${step}`,
    );
    const expected = seatOfStep(before, step as RoundStep);
    check(
      expected === null ? isPartnerActor(actor) : actor === expected,
      `T16 ${what} at ${step} by the wrong seat`,
    );
  }
  for (const event of events) {
    if (event.type === 'partNamed' && !event.requested) {
      check(step === 'u_turn' || step === 'speak', `T8 part named at ${step}`);
      check(actor === speakerOf(roundBefore), `T8 ${what}: only the speaker names the part at u_turn`);
    }
    if (event.type === 'rolesSwapped') check(event.speaker !== event.listener, 'T16 one speaker', event);
  }

  // T16: a partner moves the round only by their own step, or (practice) by swapping at next.
  const sameRound = roundBefore !== null && roundAfter?.number === roundBefore.number;
  if (isPartnerActor(actor) && sameRound && roundAfter?.step !== step) {
    check(stepSteps !== undefined || command.type === 'uTurn', `T16 ${what} moved the step from ${step}`);
  }
  if (isPartnerActor(actor) && roundBefore !== null && !sameRound && after.stage === 'round') {
    check(
      before.mode === 'practice' && command.type === 'swapRoles' && step === 'next',
      `T15 ${what} swapped`,
    );
  }
  // T33: a dropped connection never moves the floor or the step.
  if (actor === 'system') check(roundAfter === roundBefore, 'T33 a dropped connection moved the round');
  // T16: within a round the floor never passes from one partner to the other.
  const speakerBefore = speakerOf(roundBefore);
  if (sameRound && speakerBefore && speakerOf(roundAfter) !== speakerBefore) {
    const declined =
      roundAfter?.floor === 'open' && events.length === 1 && events[0]?.type === 'floorDeclined';
    check(declined, `T16 ${what} passed the floor`, roundAfter);
  }
}

function checkState(state: RoomState) {
  // The state the engine folds is always one the snapshot schema accepts (§6 of docs/PROTOCOL.md).
  check(RoomState.safeParse(state).success, 'the state fits its snapshot schema', state);
  const round = currentRound(state);
  if (round) {
    const speaker = speakerOf(round);
    check(speaker === null || speaker === 'A' || speaker === 'B', 'T16 one speaker');
    // T24: a rephrase answers a marked entry of its own author, at the same step.
    for (const entry of round.entries) {
      if (entry.rephrases === undefined) continue;
      const marked = round.entries.find((e) => e.seq === entry.rephrases);
      const answers = marked?.setAside != null && marked.seat === entry.seat && marked.step === entry.step;
      check(answers, 'T24 a rephrase answers the marked entry of its author', { entry, marked });
    }
    reached.steps.add(round.step);
  }
  reached.stages.add(state.stage);
}

function runRoom(mode: Mode, start: 'fresh' | 'round 1', choices: Choice[]) {
  const room = start === 'fresh' ? new EngineRoom(mode) : roomAtFirstRound(mode);
  const seats = seatsOf(mode);
  const views = new Map<Seat, RoomState | null>(seats.map((s) => [s, replay(room.eventsSeenBy(s))]));
  deepFreeze(room.state);
  for (const choice of choices) {
    const move = resolve(choice, room.state);
    if (!move) continue;
    const before = room.state;
    const count = room.events.length;
    const fromRoom = move.actor === 'system' || seats.includes(move.actor);
    const decision: Decision = room.send(move.actor, move.command);
    const what = `${String(move.actor)} ${move.command.type}`;
    if (!decision.ok) {
      // T31: nothing changes (and the frozen state proves decide did not touch it).
      check(
        room.state === before && room.events.length === count,
        `T31 ${what} was refused but changed the room`,
      );
      check(decision.rejection.code in ERROR_MESSAGES, `T31 ${what} refused with an unknown code`, decision);
      // T19: after the end, everything from the room's seats is session_ended.
      if (before.stage === 'ended' && fromRoom) {
        check(decision.rejection.code === 'session_ended', `T19 ${what} after the end`, decision.rejection);
      }
      reached.rejected.add(decision.rejection.code);
      continue;
    }
    check(before.stage !== 'ended' || !fromRoom, `T19 ${what} was accepted after the end`);
    deepFreeze(room.state);
    deepFreeze(decision.events);
    reached.accepted.add(move.command.type);
    checkAccepted(before, room.state, move, decision.events, room.now);
    checkState(room.state);
    // A14: folding what each seat received equals the snapshot it would receive.
    for (const seat of seats) {
      const received = decision.events.map((e) => viewEvent(e, mode, seat));
      let view = views.get(seat) ?? null;
      for (const event of received) view = evolve(view, event);
      views.set(seat, view);
      const snapshot = viewState(room.state, seat);
      if (!sameData(view, snapshot)) expect(view).toEqual(snapshot);
      // A14: the snapshot a seat would receive is one a client can parse (`sync.state`).
      check(
        RoomState.safeParse(JSON.parse(JSON.stringify(snapshot))).success,
        `A14 ${seat}'s snapshot fits the schema`,
      );
      checkNothingPrivateOfOthers(room.state, seat, received);
    }
  }
  // T32: the whole log is gap-free from 1. T34: replaying it (as stored) rebuilds the state.
  expect(room.events.map((e) => e.seq)).toEqual(room.events.map((_, i) => i + 1));
  expect(replay(JSON.parse(JSON.stringify(room.events)))).toEqual(room.state);
  // D2: the record, read by every seat, holds none of anyone's private content.
  const record = JSON.stringify(buildRecord(room.events));
  check(
    !/FEAR-|ASKED-|PLAN-|WHERE-|CHECKIN-[AB]-(self|therapist)/.test(record),
    'D2 private content in the record',
  );
  if (room.state.stage === 'ended') {
    for (const actor of [...seats, 'system'] as Actor[]) {
      const command = actor === 'system' ? { type: 'connectionLost', seat: 'A' } : { type: 'resume' };
      room.rejects(actor, command, 'session_ended');
    }
  }
}

const choices = fc.array(anyChoice, { minLength: 5, maxLength: 100, size: 'max' });
const mode = fc.constantFrom<Mode>('therapy', 'practice');

// 600 runs of up to a few hundred commands each: under a loaded machine they passed 30 s; nothing
// here asserts a time, so the runs get room.
describe('engine fuzz', { timeout: 120_000 }, () => {
  it('T16 T19 T31 T32 T34 A10–A14 I8 I21 I33 I35 I36 I46 random commands from a fresh room keep every invariant', () => {
    fc.assert(
      fc.property(mode, choices, (m, cs) => runRoom(m, 'fresh', cs)),
      { seed: 20_240_611, numRuns: 300 },
    );
  });

  it('T16 T19 T31 T32 T34 A10–A14 I8 I21 I33 I35 I36 I46 random commands from round 1 keep every invariant', () => {
    fc.assert(
      fc.property(mode, choices, (m, cs) => runRoom(m, 'round 1', cs)),
      { seed: 7_001, numRuns: 300 },
    );
  });

  // Runs after the two properties above (vitest keeps a file's order): a fuzz that stopped reaching
  // deep states would otherwise pass without checking much.
  it('the fuzz reached every step, stage, command type and lock', () => {
    expect([...reached.steps].sort()).toEqual([...ROUND_STEPS].sort());
    expect([...reached.stages].sort()).toEqual([...STAGES].sort());
    expect([...reached.accepted].sort()).toEqual(
      [...CLIENT_COMMAND_TYPES, 'connectionLost', 'endBreathing'].sort(),
    );
    const locks = ['not_admitted', 'paused', 'in_u_turn', 'witness_locked', 'direct_access', 'session_ended'];
    const turns = ['not_your_turn', 'wrong_step', 'not_allowed', 'already_done', 'invalid_target'];
    expect([...reached.rejected]).toEqual(expect.arrayContaining([...locks, ...turns]));
  });

  it('the command pool covers every client command type', () => {
    expect([...POOL_TYPES].sort()).toEqual([...CLIENT_COMMAND_TYPES].sort());
  });
});

/** Seeds that once failed, pinned as the moves they made (the generator may change; these must not). */
describe('engine fuzz regressions', () => {
  const exact = (moves: Move[]): Choice[] => moves.map((move) => ({ kind: 'exact', move }));

  it('T19 seed 20240611: a connection lost after the end was accepted', () => {
    runRoom(
      'therapy',
      'fresh',
      exact([
        { actor: 'therapist', command: { type: 'admit', seat: 'A' } },
        { actor: 'therapist', command: { type: 'requestEnd' } },
        { actor: 'therapist', command: { type: 'confirmEnd' } },
        { actor: 'system', command: { type: 'connectionLost', seat: 'therapist' } },
      ]),
    );
  });

  it('T19 seed 7001: a practice session ended mid-round still took a dropped connection', () => {
    runRoom(
      'practice',
      'round 1',
      exact([
        { actor: 'A', command: { type: 'requestFloor', topic: 'the dishes' } },
        { actor: 'B', command: { type: 'listenerReady' } },
        { actor: 'A', command: { type: 'requestEnd' } },
        { actor: 'B', command: { type: 'confirmEnd' } },
      ]),
    );
  });

  it("T24 seed 7001: after a marked correction was confirmed, the listener's summary claimed to rephrase it", () => {
    runRoom(
      'therapy',
      'round 1',
      exact([
        { actor: 'A', command: { type: 'requestFloor', topic: 'the dishes' } },
        { actor: 'B', command: { type: 'listenerReady' } },
        { actor: 'A', command: { type: 'uTurn', part: { name: 'PART-A', kind: 'exile', fears: 'FEAR-A' } } },
        { actor: 'A', command: { type: 'speak', text: 'A part of me feels alone.' } },
        { actor: 'B', command: { type: 'reflect', text: 'I heard a part of you feels alone.' } },
        { actor: 'A', command: { type: 'correct', text: 'Not quite.' } },
        { actor: 'therapist', command: { type: 'markFromPart', entrySeq: 14 } },
        { actor: 'A', command: { type: 'confirm' } },
        { actor: 'A', command: { type: 'answerMore', more: false } },
        { actor: 'B', command: { type: 'summarize', text: 'All of it.' } },
      ]),
    );
  });
});
