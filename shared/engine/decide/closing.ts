import { otherPartner } from '../../protocol/seats.ts';
import { reject } from '../decision.ts';
import { optional } from '../optional.ts';
import { currentRound } from '../state.ts';
import type { Handlers } from './handler.ts';

/** The close: what each will do next time, and a repair offered and answered (T17, T18). */
export const closingHandlers: Handlers<'startClosing' | 'closingReflection' | 'answerRepair'> = {
  startClosing(state) {
    if (state.mode === 'practice' && currentRound(state)?.step !== 'next') return reject('wrong_step');
    if (state.stage !== 'round' && state.stage !== 'checkin') return reject('wrong_step');
    return [{ type: 'closingStarted' }];
  },

  closingReflection(state, command, seat) {
    if (state.stage !== 'closing') return reject('wrong_step');
    return [
      {
        type: 'closingReflection',
        seat,
        nextTime: command.nextTime,
        ...optional('repair', command.repair),
      },
    ];
  },

  answerRepair(state, command, seat) {
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
  },
};
