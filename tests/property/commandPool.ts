import fc from 'fast-check';
import {
  type Actor,
  type ClientCommand,
  type ClientCommandType,
  currentRound,
  exhaustive,
  isPartner,
  otherPartner,
  type PartnerSeat,
  ROUND_STEPS,
  type RoomState,
  type RoundStep,
  type Seat,
  type SystemCommand,
  stepIndex,
} from '../../shared/index.ts';

/**
 * Commands for the engine fuzz test. Private text carries markers (`FEAR-A`, `PLAN-B`,
 * `CHECKIN-A-self`, …) so the test can search a seat's view for what it must never read; `{me}` is
 * replaced by the sending seat when the command is sent.
 */

export type Move = { actor: Actor; command: ClientCommand | SystemCommand };

/** What one step of a fuzz run does: follow the room (guided), send anything, or drop a connection. */
export type Choice =
  | { kind: 'guided'; pick: number }
  | { kind: 'random'; seat: Seat; command: ClientCommand }
  | { kind: 'system'; seat: Seat }
  /** A move written out as is: how a failing seed is pinned once the generator has changed. */
  | { kind: 'exact'; move: Move };

const seat = fc.constantFrom<Seat>('therapist', 'A', 'B');
const partner = fc.constantFrom<PartnerSeat>('A', 'B');
const piece = fc.constantFrom(
  'A part of me feels alone.',
  'I heard a part of you…',
  'What makes sense to me is…',
);
const label = fc.constantFrom('the dishes', 'money', 'weekends');
const seconds = fc.integer({ min: 10, max: 7200 });
const part = fc.record(
  {
    name: fc.constantFrom('a worried part', 'the defender'),
    kind: fc.constantFrom('protector', 'exile', 'not_sure'),
    feltWhere: fc.constantFrom('chest', 'throat'),
    fears: fc.constant('FEAR-{me}'),
  },
  { requiredKeys: ['name', 'kind'] },
) as fc.Arbitrary<Extract<ClientCommand, { type: 'uTurn' }>['part']>;

/** A cycle-map end (I34): parts named at a U-turn, shared in a check-in, or never named (`CYCLE-`). */
const linkEnd = fc
  .record({
    seat: partner,
    part: fc.constantFrom('PART', 'CYCLE', 'ASKED', 'CHECKIN-room'),
    aloud: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(({ seat, part, aloud }) =>
    dropUndefined({
      seat,
      part: part === 'CHECKIN-room' ? `CHECKIN-${seat}-room` : `${part}-${seat}`,
      aloud,
    }),
  );

const c = <T extends ClientCommandType>(type: T, shape: Record<string, fc.Arbitrary<unknown>> = {}) =>
  fc.record({ type: fc.constant(type), ...shape }) as unknown as fc.Arbitrary<
    Extract<ClientCommand, { type: T }>
  >;

/** One generator per command type: `tsc` fails when a new command is added without one. */
const POOL: { [K in ClientCommandType]: fc.Arbitrary<Extract<ClientCommand, { type: K }>> } = {
  admit: c('admit', { seat: partner }),
  agreeContract: c('agreeContract', { safeWord: fc.option(label, { nil: undefined }) }).map(dropUndefined),
  shareSafetyPlan: c('shareSafetyPlan', {
    plan: fc.record(
      { location: fc.constant('PLAN-{me}-where'), emergencyContact: fc.constant('PLAN-{me}-who') },
      { requiredKeys: [] },
    ),
  }),
  checkIn: fc
    .record({
      visibility: fc.constantFrom('self', 'therapist', 'room'),
      body: fc.option(fc.constant('shoulders'), { nil: undefined }),
      selfEnergy: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    })
    .map(({ visibility, body, selfEnergy }) => checkInCommand(visibility, body, selfEnergy)),
  requestFloor: c('requestFloor', { topic: fc.option(label, { nil: undefined }) }).map(dropUndefined),
  listenerReady: c('listenerReady'),
  proposeLater: c('proposeLater', {
    when: fc.option(label, { nil: undefined }),
    minutes: fc.option(fc.integer({ min: 1, max: 1440 }), { nil: undefined }),
  }).map(dropUndefined),
  urgeToSpeak: c('urgeToSpeak'),
  uTurn: c('uTurn', { part: fc.option(part, { nil: undefined }) }).map(dropUndefined),
  speak: c('speak', { text: fc.option(piece, { nil: undefined }) }).map(dropUndefined),
  reflect: c('reflect', { text: fc.option(piece, { nil: undefined }) }).map(dropUndefined),
  confirm: c('confirm', { more: fc.option(fc.boolean(), { nil: undefined }) }).map(dropUndefined),
  correct: c('correct', { text: fc.option(piece, { nil: undefined }) }).map(dropUndefined),
  answerMore: c('answerMore', { more: fc.boolean() }),
  summarize: c('summarize', { text: fc.option(piece, { nil: undefined }) }).map(dropUndefined),
  validate: c('validate', {
    text: fc.option(piece, { nil: undefined }),
    ownParts: fc.option(piece, { nil: undefined }),
  }).map(dropUndefined),
  empathize: c('empathize', { text: fc.option(piece, { nil: undefined }) }).map(dropUndefined),
  land: c('land', {
    text: fc.option(piece, { nil: undefined }),
    request: fc.option(piece, { nil: undefined }),
  }).map(dropUndefined),
  swapRoles: c('swapRoles'),
  startClosing: c('startClosing'),
  closingReflection: c('closingReflection', {
    nextTime: piece,
    repair: fc.option(fc.record({ apology: piece, myPart: piece }, { requiredKeys: [] }), { nil: undefined }),
  }).map(dropUndefined),
  pause: c('pause'),
  timeOut: c('timeOut'),
  safetyPause: c('safetyPause'),
  resume: c('resume'),
  requestUTurn: c('requestUTurn', { seat: partner }),
  markFromPart: c('markFromPart', { entrySeq: fc.integer({ min: 1, max: 80 }) }),
  directSay: c('directSay', { text: piece }),
  endDirectAccess: c('endDirectAccess'),
  stopContempt: c('stopContempt', { seat: partner }),
  rewind: c('rewind', { to: fc.constantFrom(...ROUND_STEPS) }),
  skipStep: c('skipStep'),
  setTimer: c('setTimer', { seconds, label: fc.option(label, { nil: undefined }) }).map(dropUndefined),
  extendTimer: c('extendTimer', { seconds }),
  clearTimer: c('clearTimer'),
  requestEnd: c('requestEnd'),
  confirmEnd: c('confirmEnd'),
  cancelEnd: c('cancelEnd'),
  answerRepair: c('answerRepair', { accepted: fc.boolean() }),
  setDraftsVisible: c('setDraftsVisible', { visible: fc.boolean() }),
  shareDraft: c('shareDraft', { shared: fc.boolean() }),
  chooseSpeaker: c('chooseSpeaker', { seat: partner }),
  setTalk: c('setTalk', { talk: fc.constantFrom('spoken', 'written') }),
  askShorter: c('askShorter'),
  setVideoLink: c('setVideoLink', {
    url: fc.constantFrom('https://meet.example.com/a', 'https://video.example.org/x?y=1'),
  }),
  clearVideoLink: c('clearVideoLink'),
  setPieceLimit: c('setPieceLimit', { chars: fc.constantFrom(80, 300, 800) }),
  // Part D (I40–I49): a location carries the `WHERE-` marker the fuzz looks for in other seats' views.
  setConfidentiality: c('setConfidentiality', {
    text: fc.constantFrom(
      'What you tell me alone may be shared with you both.',
      'The limits of confidentiality.',
    ),
  }),
  confirmLocation: c('confirmLocation', { location: fc.constant('WHERE-{me}') }),
  answerSafeToSpeak: c('answerSafeToSpeak', { answer: fc.constantFrom('yes', 'not_sure', 'no') }),
  // Part A — listening inside (I1–I9): a listening part is private, so its name is an `ASKED-` marker.
  nameListeningPart: c('nameListeningPart', {
    part: fc.option(fc.constantFrom({ name: 'ASKED-{me}', kind: 'protector' as const, fears: 'FEAR-{me}' }), {
      nil: undefined,
    }),
  }).map(dropUndefined),
  askListeningHelp: c('askListeningHelp'),
  checkSelf: fc.oneof(
    c('checkSelf', {
      moment: fc.constantFrom('u_turn', 'start', 'end'),
      qualities: fc.subarray(['calm', 'curious', 'compassionate', 'connected'] as const),
      notYet: fc.constant(false),
    }),
    c('checkSelf', {
      moment: fc.constantFrom('u_turn', 'start', 'end'),
      qualities: fc.constant([]),
      notYet: fc.constant(true),
    }),
  ),
  // Part B, slowing down (I10, I15).
  breathe: c('breathe'),
  takeBreak: c('takeBreak', { minutes: fc.constantFrom(20, 45, 1440) }),
  // Part C, therapist moves (I20–I29)
  askDirectAccess: c('askDirectAccess', { seat: partner }),
  answerDirectAccess: c('answerDirectAccess', { yes: fc.boolean() }),
  withdrawDirectAccess: c('withdrawDirectAccess'),
  witnessSay: c('witnessSay', { text: fc.option(piece, { nil: undefined }) }).map(dropUndefined),
  skipWitness: c('skipWitness'),
  contemptStep: c('contemptStep', { step: fc.constantFrom('name', 'recall', 'hurt', 'u_turn') }),
  endContempt: c('endContempt'),
  chooseResponse: c('chooseResponse', { response: fc.constantFrom('chain', 'heart', 'landing') }),
  respondFromHeart: c('respondFromHeart', { text: fc.option(piece, { nil: undefined }) }).map(dropUndefined),
  // Part E (I30–I39). `MOMENT-` marks what only the therapist may read; `CYCLE-` a part nobody named.
  offerRepair: c('offerRepair', {
    repair: fc.record({ apology: piece, myPart: piece }, { requiredKeys: [] }),
  }),
  answerRepairOffer: c('answerRepairOffer', {
    offerSeq: fc.integer({ min: 1, max: 80 }),
    accepted: fc.boolean(),
  }),
  markMoment: c('markMoment', {
    kind: fc.constantFrom('unburdening', 'repair'),
    note: fc.option(fc.constant('MOMENT-note'), { nil: undefined }),
  }).map(dropUndefined),
  linkParts: c('linkParts', { from: linkEnd, to: linkEnd }),
  unlinkParts: c('unlinkParts', { linkSeq: fc.integer({ min: 1, max: 80 }) }),
};

export const POOL_TYPES = Object.keys(POOL) as ClientCommandType[];

/** One fixed command of `type`, for tests that go through a list of command types (T29). */
export function exampleCommand<K extends ClientCommandType>(type: K): Extract<ClientCommand, { type: K }> {
  const [example] = fc.sample(POOL[type], { numRuns: 1, seed: 8 });
  if (example === undefined) throw new Error(`No example of ${type}`);
  return example;
}

export const anyClientCommand: fc.Arbitrary<ClientCommand> = fc.oneof(
  ...Object.values(POOL as Record<string, fc.Arbitrary<ClientCommand>>),
);

export const anyChoice: fc.Arbitrary<Choice> = fc.oneof(
  { weight: 7, arbitrary: fc.record({ kind: fc.constant('guided' as const), pick: fc.nat(99) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('random' as const), seat, command: anyClientCommand }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('system' as const), seat }) },
);

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function checkInCommand(
  visibility: 'self' | 'therapist' | 'room',
  body?: string,
  selfEnergy?: number,
): Extract<ClientCommand, { type: 'checkIn' }> {
  const checkIn = dropUndefined({ parts: [`CHECKIN-{me}-${visibility}`], body, selfEnergy });
  return { type: 'checkIn', checkIn, visibility };
}

/** Fills in the sender's seat, so a marker names whose private content it is. */
export function personalize<T>(command: T, actor: Actor): T {
  return JSON.parse(JSON.stringify(command).replaceAll('{me}', actor));
}

/** Turns a choice into the move it makes in this state, or null when a guided choice has nothing to do. */
export function resolve(choice: Choice, state: RoomState): Move | null {
  switch (choice.kind) {
    case 'random':
      return { actor: choice.seat, command: personalize(choice.command, choice.seat) };
    case 'system':
      // Part B (I12): during a breathing pause the server's clock may end it (a no-op until it is due).
      if (state.pause?.kind === 'breathing' && choice.seat === 'A')
        return { actor: 'system', command: { type: 'endBreathing', startedAt: state.pause.at } };
      return { actor: 'system', command: { type: 'connectionLost', seat: choice.seat } };
    case 'exact':
      return choice.move;
    case 'guided': {
      const main = mainMoves(state);
      const side = sideMoves(state);
      // Mostly follow the round, sometimes intervene, so runs get deep and still meet every lock.
      const list = (choice.pick < 80 && main.length > 0) || side.length === 0 ? main : side;
      const move = list[choice.pick % Math.max(list.length, 1)];
      return move ? { actor: move.actor, command: personalize(move.command, move.actor) } : null;
    }
    default:
      return exhaustive(choice, 'choice');
  }
}

const move = (actor: Actor, command: ClientCommand | SystemCommand): Move => ({ actor, command });

/** The moves that take the room forward from here: admissions, the contract, check-in, the steps, the end. */
function mainMoves(state: RoomState): Move[] {
  if (state.stage === 'ended') return [];
  const therapy = state.mode === 'therapy';
  const moves: Move[] = [];
  for (const p of ['A', 'B'] as const) {
    if (!state.admitted[p]) moves.push(move('therapist', { type: 'admit', seat: p }));
  }
  if (moves.length) return moves;
  if (state.endRequested) {
    const asker = state.endRequested.seat;
    const confirmer = therapy ? 'therapist' : isPartner(asker) ? otherPartner(asker) : 'A';
    const confirm = move(confirmer, { type: 'confirmEnd' });
    return [confirm, confirm, confirm, move(therapy ? 'therapist' : 'A', { type: 'cancelEnd' })];
  }
  if (state.directAccess) {
    const accessed = state.directAccess.seat;
    return [
      move('therapist', { type: 'endDirectAccess' }),
      move(accessed, { type: 'directSay', text: 'It is scared.' }),
      move('therapist', { type: 'directSay', text: 'What does it need?' }),
      move(accessed, { type: 'uTurn', part: { name: 'ASKED-{me}', kind: 'exile', fears: 'FEAR-{me}' } }),
    ];
  }
  // Part C (I22–I25): the witness's turn and the guided stop-contempt hold the round until done.
  if (state.witnessTurn) {
    const witness = state.witnessTurn.seat;
    // witnessSay twice: with every part's side moves in the pool, one in three left it unreached.
    return [
      move(witness, { type: 'witnessSay', text: 'I noticed how scared it is.' }),
      move(witness, { type: 'witnessSay', text: 'I noticed how scared it is.' }),
      move(witness, { type: 'skipWitness' }),
      move('therapist', { type: 'skipWitness' }),
    ];
  }
  if (state.contempt) {
    const next = { stop: 'name', name: 'recall', recall: 'hurt', hurt: 'u_turn' } as const;
    return [
      move('therapist', { type: 'contemptStep', step: next[state.contempt.step] }),
      move('therapist', { type: 'contemptStep', step: 'u_turn' }),
      move('therapist', { type: 'endContempt' }),
    ];
  }
  if (state.pause) {
    const resumer = therapy
      ? 'therapist'
      : state.pause.kind === 'safety' && state.pause.seat
        ? state.pause.seat
        : 'B';
    return [move(resumer, { type: 'resume' })];
  }
  if (state.directAccessAsk) {
    // An ask waits for its answer while the round goes on (I20).
    const asked = state.directAccessAsk.seat;
    moves.push(
      move(asked, { type: 'answerDirectAccess', yes: true }),
      move(asked, { type: 'answerDirectAccess', yes: false }),
      move('therapist', { type: 'withdrawDirectAccess' }),
    );
  }
  for (const p of ['A', 'B'] as const) {
    if (state.uTurnRequests[p]) {
      // Written from A11: only the speaker's part named at the round's own U-turn or speak step may
      // reach the listener (on a piece); any other is `ASKED-…`, which the fuzz looks for.
      const round = currentRound(state);
      const own =
        round?.floor === 'held' && round.speaker === p && (round.step === 'u_turn' || round.step === 'speak');
      const name = own ? 'PART-{me}' : 'ASKED-{me}';
      moves.push(move(p, { type: 'uTurn', part: { name, kind: 'protector', fears: 'FEAR-{me}' } }));
    }
  }
  if (moves.length) return moves;
  switch (state.stage) {
    case 'contract':
      return (['A', 'B'] as const)
        .filter((p) => !state.contract[p])
        .flatMap((p) => [
          move(p, { type: 'agreeContract', safeWord: 'pineapple' }),
          // Part D (I44, I45): a therapy partner's location and private answer before agreeing.
          ...(therapy && !state.safeToSpeak[p]
            ? [
                move(p, { type: 'confirmLocation', location: 'WHERE-{me}' }),
                move(p, { type: 'answerSafeToSpeak', answer: p === 'A' ? 'no' : 'yes' }),
              ]
            : []),
        ]);
    case 'checkin':
      return (['A', 'B'] as const)
        .filter((p) => !state.checkIns[p])
        .flatMap((p) =>
          (therapy ? (['self', 'therapist', 'room'] as const) : (['self', 'room'] as const)).map(
            (visibility) => move(p, checkInCommand(visibility, 'chest', 5)),
          ),
        );
    case 'round':
      return roundMoves(state);
    case 'closing': {
      const closer = therapy ? 'therapist' : 'A';
      return [
        move('A', { type: 'closingReflection', nextTime: 'Slow down.', repair: { apology: 'Sorry.' } }),
        move('B', { type: 'closingReflection', nextTime: 'Listen longer.' }),
        move('B', { type: 'answerRepair', accepted: true }),
        move(closer, { type: 'requestEnd' }),
      ];
    }
    default:
      return exhaustive(state, 'stage');
  }
}

function roundMoves(state: RoomState): Move[] {
  const round = currentRound(state);
  if (!round) return [];
  if (round.floor === 'open') {
    return [
      move('A', { type: 'requestFloor', topic: 'the dishes' }),
      move('B', { type: 'requestFloor', topic: 'money' }),
    ];
  }
  const speaker = round.speaker;
  const listener = otherPartner(speaker);
  const say = (actor: PartnerSeat, command: ClientCommand) => move(actor, command);
  switch (round.step) {
    case 'request_floor':
      return [say(speaker, { type: 'requestFloor', topic: 'weekends' })];
    case 'listener_ready':
      return [
        say(listener, { type: 'listenerReady' }),
        say(listener, { type: 'listenerReady' }),
        say(listener, { type: 'proposeLater' }),
      ];
    case 'u_turn':
      return [
        say(speaker, {
          type: 'uTurn',
          part: { name: 'PART-{me}', kind: 'exile', feltWhere: 'chest', fears: 'FEAR-{me}' },
        }),
      ];
    case 'speak':
      return [say(speaker, { type: 'speak', text: 'A part of me feels alone.' })];
    case 'reflect':
      return [say(listener, { type: 'reflect', text: 'I heard a part of you feels alone.' })];
    case 'confirm':
    case 'summary_confirm':
    case 'empathy_confirm':
      return [
        say(speaker, { type: 'confirm' }),
        say(speaker, { type: 'confirm' }),
        say(speaker, { type: 'correct', text: 'Not quite.' }),
      ];
    case 'more':
      return [
        say(speaker, { type: 'answerMore', more: false }),
        say(speaker, { type: 'answerMore', more: true }),
      ];
    case 'summary':
      return [say(listener, { type: 'summarize', text: 'All of it.' })];
    case 'validate':
      // Part C (I28): the one response from the heart, when the therapist chose it for this round.
      if (round.responding === 'heart')
        return [say(listener, { type: 'respondFromHeart', text: 'My heart goes out to that part.' })];
      return [
        say(listener, {
          type: 'validate',
          text: 'What makes sense to me is…',
          ownParts: 'a part of me tenses',
        }),
      ];
    case 'empathy':
      return [say(listener, { type: 'empathize', text: 'I imagine a part of you feels unseen.' })];
    case 'landing':
      return [say(speaker, { type: 'land', text: 'It landed.', request: 'Could we try again?' })];
    case 'next': {
      const moderators: Seat[] = state.mode === 'therapy' ? ['therapist'] : ['A', 'B'];
      return moderators.flatMap((m) => [
        move(m, { type: 'swapRoles' }),
        move(m, { type: 'swapRoles' }),
        move(m, { type: 'startClosing' }),
      ]);
    }
    default:
      return exhaustive(round, 'step');
  }
}

/** Interventions and side signals, plausible for this state but not always accepted. */
function sideMoves(state: RoomState): Move[] {
  if (state.stage === 'ended') return [];
  const round = currentRound(state);
  const listener = round?.floor === 'held' ? otherPartner(round.speaker) : 'B';
  const latest = round?.entries.at(-1)?.seq ?? 1;
  const earlier: RoundStep = round
    ? (ROUND_STEPS[Math.max(0, stepIndex(round.step) - 2)] as RoundStep)
    : 'request_floor';
  const moderator: Seat = state.mode === 'therapy' ? 'therapist' : 'A';
  return [
    move(moderator, { type: 'pause' }),
    move('B', { type: 'safetyPause' }),
    move('A', { type: 'timeOut' }),
    move('system', { type: 'connectionLost', seat: 'B' }),
    move('therapist', { type: 'requestUTurn', seat: 'A' }),
    move('B', { type: 'requestUTurn', seat: 'B' }),
    move('therapist', { type: 'stopContempt', seat: listener }),
    move('therapist', { type: 'askDirectAccess', seat: 'B' }),
    // Part C (I27): the listener's response, chosen
    move('therapist', { type: 'chooseResponse', response: 'heart' }),
    move('therapist', { type: 'chooseResponse', response: 'landing' }),
    move('therapist', { type: 'markFromPart', entrySeq: latest }),
    move(listener, { type: 'urgeToSpeak' }),
    move('therapist', { type: 'rewind', to: earlier }),
    move('therapist', { type: 'skipStep' }),
    move(moderator, { type: 'setTimer', seconds: 60, label: 'a minute' }),
    move(moderator, { type: 'extendTimer', seconds: 30 }),
    move(moderator, { type: 'requestEnd' }),
    move('A', { type: 'shareSafetyPlan', plan: { location: 'PLAN-{me}-where' } }),
    move('therapist', { type: 'swapRoles' }),
    move('therapist', { type: 'startClosing' }),
    // Part D (I40, I44): the therapist's text at any stage (refused after the contract), a partner
    // moving mid-session; and the video link cleared, which random commands alone reach too rarely.
    move('therapist', { type: 'setConfidentiality', text: 'What stays between us, and its limits.' }),
    move('B', { type: 'confirmLocation', location: 'WHERE-{me}-moved' }),
    move('therapist', { type: 'setVideoLink', url: 'https://meet.example.com/a' }),
    move('therapist', { type: 'clearVideoLink' }),
    // Part A — listening inside (I1–I9)
    move(listener, {
      type: 'nameListeningPart',
      part: { name: 'ASKED-{me}', kind: 'protector', fears: 'FEAR-{me}' },
    }),
    move(listener, { type: 'askListeningHelp' }),
    move(round?.floor === 'held' ? round.speaker : 'A', {
      type: 'checkSelf',
      moment: 'u_turn',
      qualities: ['calm', 'curious'],
      notYet: false,
    }),
    move('A', {
      type: 'checkSelf',
      moment: state.stage === 'closing' ? 'end' : 'start',
      qualities: [],
      notYet: true,
    }),
    // Part E (I30–I39)
    move('A', { type: 'offerRepair', repair: { apology: 'Sorry I snapped.' } }),
    move('B', {
      type: 'answerRepairOffer',
      offerSeq: state.repairOffers.find((offer) => offer.seat === 'A' && !offer.answer)?.seq ?? 1,
      accepted: true,
    }),
    move('therapist', { type: 'markMoment', kind: 'unburdening', note: 'MOMENT-note' }),
    move('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'PART-A' },
      to: { seat: 'B', part: 'PART-B' },
    }),
    move('therapist', {
      type: 'linkParts',
      from: { seat: 'B', part: 'CYCLE-B' },
      to: { seat: 'A', part: 'CHECKIN-A-room' },
    }),
    move('therapist', { type: 'unlinkParts', linkSeq: state.cycleMap[0]?.seq ?? 1 }),
  ];
}
