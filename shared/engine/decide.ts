import { exhaustive } from '../exhaustive.ts';
import type { ClientCommand, SystemCommand } from '../protocol/commands.ts';
import type { Actor } from '../protocol/events.ts';
import { LIMITS } from '../protocol/limits.ts';
import { isPartner, otherPartner, type Seat, seatsOf } from '../protocol/seats.ts';
import { CONFIRM_STEPS, followingStep, type RoundStep, stepIndex } from '../protocol/steps.ts';
import { accept, type Decision, type DraftEvent, reject } from './decision.ts';
import { commonGuards, isDecision, isModerator, listenerOf, stepTurn } from './guards.ts';
import { optional } from './optional.ts';
import type { RoomState, Round } from './state.ts';

/**
 * The room's rules: given the state, a command and who sent it, either the events that follow or
 * a named rejection. Pure — no clock (`now` is passed in), no I/O — so the server, the tests and a
 * client can all run it. Rule numbers refer to `shared/SPEC.md`.
 */
export function decide(
  state: RoomState | null,
  command: ClientCommand | SystemCommand,
  actor: Actor,
  now: number,
): Decision {
  if (actor === 'system') return decideSystem(state, command as SystemCommand, now);
  if (state === null) return reject('room_not_found');
  if (isSystemCommand(command)) return reject('unknown_command');
  const guard = commonGuards(state, actor, command.type);
  if (guard) return guard;
  const result = decideClient(state, command, actor, now);
  return Array.isArray(result) ? accept(state, actor, now, result) : result;
}

function isSystemCommand(command: ClientCommand | SystemCommand): command is SystemCommand {
  return command.type === 'createRoom' || command.type === 'reissueSeat' || command.type === 'connectionLost';
}

function decideSystem(state: RoomState | null, command: SystemCommand, now: number): Decision {
  switch (command.type) {
    case 'createRoom':
      if (state !== null) return reject('already_done');
      return accept(null, 'system', now, [
        { type: 'roomCreated', roomId: command.roomId, mode: command.mode },
      ]);
    case 'reissueSeat':
      if (state === null) return reject('room_not_found');
      if (!seatsOf(state.mode).includes(command.seat)) return reject('not_allowed');
      // After the end a link can still be replaced (a leaked link to the record), but the log is closed.
      if (state.stage === 'ended') return accept(state, 'system', now, []);
      return accept(state, 'system', now, [{ type: 'seatReissued', seat: command.seat }]);
    case 'connectionLost':
      if (state === null) return reject('room_not_found');
      // T19: an ended session takes nothing more, not even from the server.
      if (state.stage === 'ended') return reject('session_ended');
      if (!seatsOf(state.mode).includes(command.seat)) return reject('not_allowed');
      // T33: a dropped seat pauses a round in progress; the floor does not move.
      if (state.stage !== 'round' || state.pause !== null) return accept(state, 'system', now, []);
      if (isPartner(command.seat) && !state.admitted[command.seat]) return accept(state, 'system', now, []);
      return accept(state, 'system', now, [{ type: 'paused', kind: 'connection', seat: command.seat }]);
    default:
      return exhaustive(command, 'system command');
  }
}

type Outcome = DraftEvent[] | Decision;

function decideClient(state: RoomState, command: ClientCommand, seat: Seat, now: number): Outcome {
  switch (command.type) {
    case 'admit':
      if (state.mode !== 'therapy' || seat !== 'therapist') return reject('not_allowed');
      if (state.admitted[command.seat]) return reject('already_done');
      return [{ type: 'seatAdmitted', seat: command.seat }];
    case 'agreeContract':
      if (!isPartner(seat)) return reject('not_allowed', 'Only the partners agree to the contract.');
      if (state.contract[seat]) return reject('already_done');
      if (state.stage !== 'contract') return reject('wrong_step');
      return [{ type: 'contractAgreed', seat, ...optional('safeWord', command.safeWord) }];
    case 'shareSafetyPlan':
      if (!isPartner(seat)) return reject('not_allowed');
      if (state.mode !== 'therapy') {
        return reject('not_allowed', 'A practice room has no therapist to share a safety plan with.');
      }
      if (!command.plan.location && !command.plan.emergencyContact) {
        return reject('bad_request', 'Write your location, an emergency contact, or both.');
      }
      return [{ type: 'safetyPlanShared', seat, plan: command.plan }];
    case 'checkIn':
      return checkIn(state, seat, command);
    case 'requestFloor':
      return roundStep(state, seat, ['request_floor'], () => [
        { type: 'floorRequested', seat: seat as 'A' | 'B', topic: command.topic },
      ]);
    case 'chooseSpeaker': {
      // T36: before anyone asked for the floor, the therapist may say who speaks first.
      if (state.mode !== 'therapy' || seat !== 'therapist') return reject('not_allowed');
      const round = state.round;
      if (state.stage !== 'round' || round?.step !== 'request_floor') return reject('wrong_step');
      if (round.speaker !== null)
        return reject('invalid_target', 'Someone already has the floor for this round.');
      return [{ type: 'speakerChosen', seat: command.seat }];
    }
    case 'listenerReady':
      return roundStep(state, seat, ['listener_ready'], () => [
        { type: 'listenerReady', seat: seat as 'A' | 'B' },
      ]);
    case 'proposeLater':
      return roundStep(state, seat, ['listener_ready'], () => [
        { type: 'floorDeclined', seat: seat as 'A' | 'B', ...optional('when', command.when) },
      ]);
    case 'urgeToSpeak':
      return urgeToSpeak(state, seat);
    case 'uTurn':
      return uTurn(state, seat, command.part);
    case 'speak':
      return roundStep(state, seat, ['speak'], (round) => [
        // T9, A11: the part named at this round's own U-turn or speak step — never `state.parts`,
        // which also holds parts named in private (a U-turn asked for elsewhere, direct access).
        {
          type: 'spoke',
          seat: round.speaker as 'A' | 'B',
          text: command.text,
          part: round.speakerPart,
          ...rephrase(round),
        },
      ]);
    case 'reflect':
      return entry(state, seat, 'reflect', (s, r) => ({
        type: 'reflected',
        seat: s,
        text: command.text,
        ...r,
      }));
    case 'summarize':
      return entry(state, seat, 'summary', (s, r) => ({
        type: 'summarized',
        seat: s,
        text: command.text,
        ...r,
      }));
    case 'empathize':
      return entry(state, seat, 'empathy', (s, r) => ({
        type: 'empathized',
        seat: s,
        text: command.text,
        ...r,
      }));
    case 'validate':
      return entry(state, seat, 'validate', (s, r) => ({
        type: 'validated',
        seat: s,
        text: command.text,
        ...optional('ownParts', command.ownParts),
        ...r,
      }));
    case 'land':
      return entry(state, seat, 'landing', (s, r) => ({
        type: 'landed',
        seat: s,
        text: command.text,
        ...optional('request', command.request),
        ...r,
      }));
    case 'confirm':
      return roundStep(state, seat, CONFIRMS, (round) => [
        {
          type: 'confirmed',
          seat: round.speaker as 'A' | 'B',
          step: round.step as keyof typeof CONFIRM_STEPS,
        },
      ]);
    case 'correct':
      return roundStep(state, seat, CONFIRMS, (round) => [
        {
          type: 'corrected',
          seat: round.speaker as 'A' | 'B',
          step: round.step as keyof typeof CONFIRM_STEPS,
          text: command.text,
          ...rephrase(round),
        },
      ]);
    case 'answerMore':
      return roundStep(state, seat, ['more'], (round) => [
        { type: 'moreAnswered', seat: round.speaker as 'A' | 'B', more: command.more },
      ]);
    case 'swapRoles':
      return swapRoles(state, seat);
    case 'startClosing':
      return startClosing(state, seat);
    case 'closingReflection':
      if (!isPartner(seat)) return reject('not_allowed');
      if (state.stage !== 'closing') return reject('wrong_step');
      return [
        {
          type: 'closingReflection',
          seat,
          nextTime: command.nextTime,
          ...optional('repair', command.repair),
        },
      ];
    case 'pause':
      if (!isModerator(state, seat))
        return reject(
          'not_allowed',
          'In a therapy room the therapist pauses; use the safety pause if you need to stop.',
        );
      if (state.pause) return reject('already_done');
      return [{ type: 'paused', kind: 'pause', seat }];
    case 'timeOut':
      if (state.mode !== 'practice' || !isPartner(seat)) return reject('not_allowed');
      if (state.pause?.kind === 'time_out' || state.pause?.kind === 'safety') return reject('already_done');
      return [{ type: 'paused', kind: 'time_out', seat, until: now + LIMITS.timeOutMs }];
    case 'safetyPause':
      if (!isPartner(seat)) return reject('not_allowed');
      // T30: a second partner's safe word counts too (and alerts the therapist again). The same
      // partner pressing it again is already heard: accepted, so a frightened press never meets a
      // refusal, and nothing is written — no event, no audit row, no alert (T32).
      if (state.pause?.kind === 'safety' && state.pause.callers?.includes(seat)) return [];
      return [{ type: 'paused', kind: 'safety', seat }];
    case 'resume':
      return resume(state, seat, now);
    case 'answerRepair': {
      if (!isPartner(seat)) return reject('not_allowed');
      if (state.stage !== 'closing') return reject('wrong_step');
      const note = state.closing[otherPartner(seat)];
      if (!note?.repair) return reject('invalid_target', 'Your partner has not offered a repair.');
      // T18: one answer to the words offered; if your partner changes them, you answer again.
      if (note.repairAccepted !== undefined)
        return reject(
          'already_done',
          'You have already answered this repair. If your partner changes it, you can answer again.',
        );
      return [{ type: 'repairAnswered', seat, accepted: command.accepted }];
    }
    case 'requestUTurn':
      if (state.mode === 'therapy' ? seat !== 'therapist' : seat !== command.seat) {
        return reject(
          'not_allowed',
          state.mode === 'practice' ? 'Each of you can ask for your own U-turn.' : undefined,
        );
      }
      if (state.uTurnRequests[command.seat]) return reject('already_done');
      return [{ type: 'uTurnRequested', seat: command.seat }];
    case 'markFromPart':
      return markFromPart(state, seat, command.entrySeq);
    case 'startDirectAccess':
      if (state.mode !== 'therapy' || seat !== 'therapist') return reject('not_allowed');
      if (state.directAccess) return reject('already_done');
      return [{ type: 'directAccessStarted', seat: command.seat, witness: otherPartner(command.seat) }];
    case 'directSay':
      if (!state.directAccess) return reject('wrong_step');
      if (seat !== 'therapist' && seat !== state.directAccess.seat) return reject('witness_locked');
      return [{ type: 'directSaid', seat, text: command.text }];
    case 'endDirectAccess':
      if (state.mode !== 'therapy' || seat !== 'therapist') return reject('not_allowed');
      if (!state.directAccess) return reject('invalid_target', 'Nobody is in direct access.');
      return [{ type: 'directAccessEnded' }];
    case 'stopContempt':
      if (state.mode !== 'therapy' || seat !== 'therapist') return reject('not_allowed');
      return [
        { type: 'contemptStopped', seat: command.seat },
        ...(state.uTurnRequests[command.seat]
          ? []
          : [{ type: 'uTurnRequested' as const, seat: command.seat }]),
      ];
    case 'rewind':
      return rewind(state, seat, command.to);
    case 'skipStep':
      return skipStep(state, seat);
    case 'setDraftsVisible':
      // D4: the therapist's override can only hide; in practice the partners' own choice is the switch.
      if (state.mode !== 'therapy' || seat !== 'therapist')
        return reject(
          'not_allowed',
          state.mode === 'practice'
            ? 'Each of you chooses whether the other sees your draft.'
            : 'Only the therapist can hide drafts; you choose whether your partner sees yours.',
        );
      if (state.draftsVisibleToPartner === command.visible) return reject('already_done');
      return [{ type: 'draftsVisibilitySet', visible: command.visible }];
    case 'shareDraft':
      // D4: a partner's own consent; the other reads their draft only while both consent.
      if (!isPartner(seat)) return reject('not_allowed', 'Only the partners have drafts to share.');
      if (state.draftSharing[seat] === command.shared) return reject('already_done');
      return [{ type: 'draftSharingSet', seat, shared: command.shared }];
    case 'setTimer':
      if (!isModerator(state, seat)) return reject('not_allowed');
      return [{ type: 'timerSet', durationMs: command.seconds * 1000, ...optional('label', command.label) }];
    case 'extendTimer':
      if (!isModerator(state, seat)) return reject('not_allowed');
      if (!state.timer) return reject('invalid_target', 'No timer is running.');
      return [{ type: 'timerExtended', byMs: command.seconds * 1000 }];
    case 'clearTimer':
      if (!isModerator(state, seat)) return reject('not_allowed');
      if (!state.timer) return reject('invalid_target', 'No timer is running.');
      return [{ type: 'timerCleared' }];
    case 'requestEnd':
      if (!isModerator(state, seat)) return reject('not_allowed');
      if (state.endRequested) return reject('already_done');
      return [{ type: 'endRequested', seat }];
    case 'confirmEnd':
      return confirmEnd(state, seat);
    case 'cancelEnd':
      if (!isModerator(state, seat)) return reject('not_allowed');
      if (!state.endRequested) return reject('invalid_target', 'Nobody asked to end.');
      return [{ type: 'endCancelled' }];
    default:
      return exhaustive(command, 'command');
  }
}

const CONFIRMS = Object.keys(CONFIRM_STEPS) as RoundStep[];

/** Runs `make` when the seat acts at one of `steps` in the current round (T5–T14). */
function roundStep(
  state: RoomState,
  seat: Seat,
  steps: readonly RoundStep[],
  make: (round: Round) => Outcome,
): Outcome {
  const round = stepTurn(state, seat, steps);
  return isDecision(round) ? round : make(round);
}

/** A listener's or speaker's entry at one step; carries `rephrases` when it answers "who is speaking?". */
function entry(
  state: RoomState,
  seat: Seat,
  step: RoundStep,
  make: (seat: 'A' | 'B', rephrases: { rephrases?: number }) => DraftEvent,
): Outcome {
  return roundStep(state, seat, [step], (round) => [make(seat as 'A' | 'B', rephrase(round))]);
}

function rephrase(round: Round): { rephrases?: number } {
  return round.rephrasing === null ? {} : { rephrases: round.rephrasing };
}

function checkIn(
  state: RoomState,
  seat: Seat,
  command: Extract<ClientCommand, { type: 'checkIn' }>,
): Outcome {
  if (!isPartner(seat)) return reject('not_allowed', 'Only the partners check in.');
  if (state.checkIns[seat]) return reject('already_done');
  if (state.stage !== 'checkin') return reject('wrong_step');
  if (command.visibility === 'therapist' && state.mode === 'practice') {
    return reject(
      'invalid_target',
      'A practice room has no therapist: keep it to yourself or share it with both.',
    );
  }
  const drafts: DraftEvent[] = [
    { type: 'checkedIn', seat, visibility: command.visibility, checkIn: command.checkIn },
  ];
  // T4: once both have checked in, the first round opens with the floor free.
  if (state.checkIns[otherPartner(seat)]) drafts.push({ type: 'roundStarted', round: 1, speaker: null });
  return drafts;
}

function urgeToSpeak(state: RoomState, seat: Seat): Outcome {
  const round = state.round;
  if (state.stage !== 'round' || round === null || round.speaker === null) return reject('wrong_step');
  if (listenerOf(round) !== seat)
    return reject('not_your_turn', 'Only the listener signals an urge to speak.');
  return [{ type: 'urgeToSpeak', seat }];
}

function uTurn(
  state: RoomState,
  seat: Seat,
  part: Extract<ClientCommand, { type: 'uTurn' }>['part'],
): Outcome {
  if (!isPartner(seat)) return reject('not_allowed');
  // Outside the speaker's own U-turn step: asked for one (T23), or finding the part with the therapist (T25).
  if (state.uTurnRequests[seat] || state.directAccess?.seat === seat) {
    return [{ type: 'partNamed', seat, requested: true, part }];
  }
  return roundStep(state, seat, ['u_turn', 'speak'], () => [
    { type: 'partNamed', seat, requested: false, part },
  ]);
}

function swapRoles(state: RoomState, seat: Seat): Outcome {
  if (!isModerator(state, seat)) return reject('not_allowed');
  const round = state.round;
  if (state.stage !== 'round' || round === null) return reject('wrong_step');
  // In practice the room keeps the order; a therapist may swap at any point once someone has the floor.
  if (state.mode === 'practice' && round.step !== 'next') return reject('wrong_step');
  if (round.speaker === null) return reject('invalid_target', 'Nobody has the floor yet.');
  const listener = otherPartner(round.speaker);
  return [{ type: 'rolesSwapped', round: round.number + 1, speaker: listener, listener: round.speaker }];
}

function startClosing(state: RoomState, seat: Seat): Outcome {
  if (!isModerator(state, seat)) return reject('not_allowed');
  if (state.mode === 'practice' && state.round?.step !== 'next') return reject('wrong_step');
  if (state.stage !== 'round' && state.stage !== 'checkin') return reject('wrong_step');
  return [{ type: 'closingStarted' }];
}

function resume(state: RoomState, seat: Seat, now: number): Outcome {
  const pause = state.pause;
  if (!pause) return reject('invalid_target', 'The room is not paused.');
  if (state.mode === 'therapy' && seat !== 'therapist')
    return reject('not_allowed', 'The therapist will resume the room.');
  if (state.mode === 'practice' && pause.kind === 'safety' && !pause.callers?.includes(seat as 'A' | 'B')) {
    return reject('not_allowed', 'Your partner called the safety pause; they resume when they are ready.');
  }
  // T22: whoever called the time-out brings the couple back; after its day is up, either may.
  if (
    state.mode === 'practice' &&
    pause.kind === 'time_out' &&
    pause.seat !== seat &&
    now < (pause.until ?? 0)
  ) {
    return reject('not_allowed', 'Your partner called the time-out; they will come back to it.');
  }
  return [{ type: 'resumed' }];
}

function markFromPart(state: RoomState, seat: Seat, entrySeq: number): Outcome {
  if (state.mode !== 'therapy' || seat !== 'therapist') return reject('not_allowed');
  const last = state.round?.entries.at(-1);
  if (state.stage !== 'round' || !last || last.seq !== entrySeq) {
    return reject('invalid_target', 'Only the latest entry of the round can be marked.');
  }
  if (last.fromPart) return reject('already_done');
  return [{ type: 'entryMarkedFromPart', entrySeq, step: last.step }];
}

function rewind(state: RoomState, seat: Seat, to: RoundStep): Outcome {
  if (state.mode !== 'therapy' || seat !== 'therapist') return reject('not_allowed');
  const round = state.round;
  if (state.stage !== 'round' || round === null) return reject('wrong_step');
  if (stepIndex(to) >= stepIndex(round.step))
    return reject('invalid_target', 'Rewind goes to an earlier step.');
  if (to === 'request_floor' || round.speaker !== null)
    return [{ type: 'stepRewound', from: round.step, to }];
  return reject('invalid_target');
}

function skipStep(state: RoomState, seat: Seat): Outcome {
  if (state.mode !== 'therapy' || seat !== 'therapist') return reject('not_allowed');
  if (state.stage === 'checkin') return [{ type: 'stepSkipped', from: 'checkin', to: 'request_floor' }];
  if (state.stage === 'contract')
    return reject('invalid_target', 'The contract cannot be skipped: both partners agree to it first.');
  const round = state.round;
  if (state.stage !== 'round' || round === null) return reject('wrong_step');
  const to = followingStep(round.step);
  if (to === null) return reject('invalid_target', 'Swap roles or close from here.');
  if (round.speaker === null) return reject('invalid_target', 'Nobody has the floor yet.');
  return [{ type: 'stepSkipped', from: round.step, to }];
}

function confirmEnd(state: RoomState, seat: Seat): Outcome {
  if (!isModerator(state, seat)) return reject('not_allowed');
  const request = state.endRequested;
  if (!request) return reject('invalid_target', 'Ask to end first.');
  // T19: in practice the other partner confirms, so nobody ends a shared session alone — unless the
  // room is stopped by a safety pause or time-out, when ending is only a firmer stop.
  const stopped = state.pause?.kind === 'safety' || state.pause?.kind === 'time_out';
  if (state.mode === 'practice' && request.seat === seat && !stopped) {
    return reject('not_allowed', 'Your partner confirms the end; until then you can call a time-out.');
  }
  return [{ type: 'ended' }];
}
