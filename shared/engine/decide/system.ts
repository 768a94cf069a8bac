import { PartnersInput, partnersProblem } from '../../protocol/partners.ts';
import { isPartner, seatsOf } from '../../protocol/seats.ts';
import { defaultTalk } from '../../protocol/talk.ts';
import { accept, reject } from '../decision.ts';
import { breathingSystemHandlers } from './breathing.ts';
import type { SystemHandlers } from './handler.ts';

/** What the server itself decides on: a new room, a replaced link, a dropped connection. */
export const systemHandlers: SystemHandlers = {
  createRoom(state, command, now) {
    if (state !== null) return reject('already_done');
    const talk = command.talk ?? defaultTalk(command.mode);
    // N1: names are checked here, not only at the REST edge, so no caller can record a bad one.
    let partners = null;
    if (command.partners !== undefined) {
      const parsed = PartnersInput.safeParse(command.partners);
      if (!parsed.success) return { ok: false, rejection: partnersProblem(parsed.error.issues[0]) };
      partners = parsed.data;
    }
    // I40: a couple's confidentiality text travels with the room's first event (a therapy room only).
    const terms = command.mode === 'therapy' ? command.confidentiality : undefined;
    const breathing = command.breathingSeconds;
    return accept(null, 'system', now, [
      {
        type: 'roomCreated',
        roomId: command.roomId,
        mode: command.mode,
        talk,
        partners,
        ...(terms === undefined ? {} : { confidentiality: terms }),
        ...(breathing === undefined ? {} : { breathingSeconds: breathing }),
      },
    ]);
  },

  reissueSeat(state, command, now) {
    if (state === null) return reject('room_not_found');
    if (!seatsOf(state.mode).includes(command.seat)) return reject('not_allowed');
    // After the end a link can still be replaced (a leaked link to the record), but the log is closed.
    if (state.stage === 'ended') return accept(state, 'system', now, []);
    return accept(state, 'system', now, [{ type: 'seatReissued', seat: command.seat }]);
  },

  connectionLost(state, command, now) {
    if (state === null) return reject('room_not_found');
    // T19: an ended session takes nothing more, not even from the server.
    if (state.stage === 'ended') return reject('session_ended');
    if (!seatsOf(state.mode).includes(command.seat)) return reject('not_allowed');
    // T33: a dropped seat pauses a round in progress; the floor does not move.
    if (state.stage !== 'round' || state.pause !== null) return accept(state, 'system', now, []);
    if (isPartner(command.seat) && !state.admitted[command.seat]) return accept(state, 'system', now, []);
    return accept(state, 'system', now, [{ type: 'paused', kind: 'connection', seat: command.seat }]);
  },

  ...breathingSystemHandlers,
};
