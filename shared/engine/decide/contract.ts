import { otherPartner } from '../../protocol/seats.ts';
import { type DraftEvent, reject } from '../decision.ts';
import { optional } from '../optional.ts';
import { CONFIDENTIALITY_CHANGED } from './contractTerms.ts';
import type { Handlers } from './handler.ts';

/** Before the first round: letting partners in, the contract (T1–T3), safety plans (A12), check-in (T4). */
export const contractHandlers: Handlers<'admit' | 'agreeContract' | 'shareSafetyPlan' | 'checkIn'> = {
  admit(state, command) {
    if (state.admitted[command.seat]) return reject('already_done');
    return [{ type: 'seatAdmitted', seat: command.seat }];
  },

  agreeContract(state, command, seat) {
    if (state.contract[seat]) return reject('already_done');
    if (state.stage !== 'contract') return reject('wrong_step');
    // I41: a partner agrees to the confidentiality text they read, never to one that replaced it meanwhile.
    const terms = state.confidentiality;
    if (command.confidentialitySeq !== undefined && command.confidentialitySeq !== terms?.seq) {
      return reject('invalid_target', CONFIDENTIALITY_CHANGED);
    }
    return [
      {
        type: 'contractAgreed',
        seat,
        ...optional('safeWord', command.safeWord),
        ...optional('confidentialitySeq', terms?.seq),
      },
    ];
  },

  shareSafetyPlan(_state, command, seat) {
    if (!command.plan.location && !command.plan.emergencyContact) {
      return reject('bad_request', 'Write your location, an emergency contact, or both.');
    }
    return [{ type: 'safetyPlanShared', seat, plan: command.plan }];
  },

  checkIn(state, command, seat) {
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
  },
};
