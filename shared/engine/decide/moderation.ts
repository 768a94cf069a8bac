import { LIMITS } from '../../protocol/limits.ts';
import { reject } from '../decision.ts';
import { optional } from '../optional.ts';
import { breakResumeRefusal, therapyPartnerResume } from './breathing.ts';
import type { Handlers } from './handler.ts';

/** Steering the room: pauses (T20–T22, T30), timers (T28), drafts (D4), the end (T19) and spoken or written (T37). */
export const moderationHandlers: Handlers<
  | 'pause'
  | 'timeOut'
  | 'safetyPause'
  | 'resume'
  | 'setTimer'
  | 'extendTimer'
  | 'clearTimer'
  | 'setDraftsVisible'
  | 'shareDraft'
  | 'requestEnd'
  | 'confirmEnd'
  | 'cancelEnd'
  | 'setTalk'
  | 'setPieceLimit'
  | 'setVideoLink'
  | 'clearVideoLink'
> = {
  pause(state, _command, seat) {
    if (state.pause) return reject('already_done');
    return [{ type: 'paused', kind: 'pause', seat }];
  },

  timeOut(state, _command, seat, now) {
    if (state.pause?.kind === 'time_out' || state.pause?.kind === 'safety') return reject('already_done');
    // I16: a partner's break is theirs to end; only its caller may turn it into a time-out (T22),
    // which the other partner could otherwise end at once as their own.
    if (state.pause?.kind === 'break' && state.pause.seat !== seat)
      return reject(
        'already_done',
        'Your partner asked for a break; either of you can end it once its time is up.',
      );
    return [{ type: 'paused', kind: 'time_out', seat, until: now + LIMITS.timeOutMs }];
  },

  safetyPause(state, _command, seat) {
    // T30: a second partner's safe word counts too (and alerts the therapist again). The same
    // partner pressing it again is already heard: accepted, so a frightened press never meets a
    // refusal, and nothing is written — no event, no audit row, no alert (T32).
    if (state.pause?.kind === 'safety' && state.pause.callers.includes(seat)) return [];
    return [{ type: 'paused', kind: 'safety', seat }];
  },

  resume(state, _command, seat, now) {
    const pause = state.pause;
    // T21, I16: in a therapy room the therapist resumes; a partner only a break they may end.
    const partnerRefused = therapyPartnerResume(state, seat, now);
    if (partnerRefused) return partnerRefused;
    if (!pause) return reject('invalid_target', 'The room is not paused.');
    if (state.mode === 'therapy') return [{ type: 'resumed' }];
    if (pause.kind === 'safety' && !pause.callers.some((caller) => caller === seat)) {
      return reject('not_allowed', 'Your partner called the safety pause; they resume when they are ready.');
    }
    // T22: whoever called the time-out brings the couple back; after its day is up, either may.
    if (pause.kind === 'time_out' && pause.seat !== seat && now < pause.until) {
      return reject('not_allowed', 'Your partner called the time-out; they will come back to it.');
    }
    return (pause.kind === 'break' && breakResumeRefusal(pause, seat, now)) || [{ type: 'resumed' }];
  },

  setTimer: (_state, command) => [
    { type: 'timerSet', durationMs: command.seconds * 1000, ...optional('label', command.label) },
  ],

  extendTimer(state, command) {
    if (!state.timer) return reject('invalid_target', 'No timer is running.');
    return [{ type: 'timerExtended', byMs: command.seconds * 1000 }];
  },

  clearTimer(state) {
    if (!state.timer) return reject('invalid_target', 'No timer is running.');
    return [{ type: 'timerCleared' }];
  },

  setDraftsVisible(state, command) {
    if (state.draftsVisibleToPartner === command.visible) return reject('already_done');
    return [{ type: 'draftsVisibilitySet', visible: command.visible }];
  },

  shareDraft(state, command, seat) {
    // D4: a partner's own consent; the other reads their draft only while both consent.
    if (state.draftSharing[seat] === command.shared) return reject('already_done');
    return [{ type: 'draftSharingSet', seat, shared: command.shared }];
  },

  requestEnd(state, _command, seat) {
    if (state.endRequested) return reject('already_done');
    return [{ type: 'endRequested', seat }];
  },

  confirmEnd(state, _command, seat) {
    const request = state.endRequested;
    if (!request) return reject('invalid_target', 'Ask to end first.');
    // T19: in practice the other partner confirms, so nobody ends a shared session alone — unless the
    // room is stopped by a safety pause or time-out, when ending is only a firmer stop.
    const stopped = state.pause?.kind === 'safety' || state.pause?.kind === 'time_out';
    if (state.mode === 'practice' && request.seat === seat && !stopped) {
      return reject('not_allowed', 'Your partner confirms the end; until then you can call a time-out.');
    }
    return [{ type: 'ended' }];
  },

  cancelEnd(state) {
    if (!state.endRequested) return reject('invalid_target', 'Nobody asked to end.');
    return [{ type: 'endCancelled' }];
  },

  setTalk(state, { talk }) {
    // T37: at any time, even paused; the steps and guards do not change, only whether text is required.
    if (state.talk === talk) return reject('already_done', `The room is already ${talk}.`);
    return [{ type: 'talkSet', talk }];
  },

  setPieceLimit(state, { chars }) {
    // T38: the therapist widens or narrows "a sentence or two" for this couple.
    if (state.pieceLimit === chars) return reject('already_done');
    return [{ type: 'pieceLimitSet', chars }];
  },

  setVideoLink(state, { url }) {
    // T39: pasted from the therapist's telehealth platform; partners get a "Join the video call" button.
    if (state.videoLink === url) return reject('already_done');
    return [{ type: 'videoLinkSet', url }];
  },

  clearVideoLink(state) {
    if (state.videoLink === null) return reject('invalid_target', 'No video link is set.');
    return [{ type: 'videoLinkSet', url: null }];
  },
};
