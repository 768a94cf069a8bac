import { reject } from '../decision.ts';
import type { Handlers } from './handler.ts';

/** What a partner is told when the text they read was replaced before they agreed (I41). */
export const CONFIDENTIALITY_CHANGED =
  'Your therapist has just changed what stays confidential. Read it again, then agree.';

/**
 * Part D, the contract (issue 11 §8; I40–I49): the therapist's confidentiality text, each partner's
 * location today, and the private "is it safe for you to speak openly today?".
 */
export const contractTermsHandlers: Handlers<'setConfidentiality' | 'confirmLocation' | 'answerSafeToSpeak'> =
  {
    setConfidentiality(state, command) {
      // I40: the text is what the partners agree to, so it is fixed once the first of them has.
      if (state.stage !== 'contract') return reject('wrong_step', 'The contract has already been agreed.');
      if (state.contract.A || state.contract.B) {
        return reject(
          'already_done',
          'A partner has already agreed to the contract: the text they agreed to stays.',
        );
      }
      if (state.confidentiality?.text === command.text)
        return reject('already_done', 'That is the room’s text already.');
      return [{ type: 'confidentialitySet', text: command.text }];
    },

    // I44: at any stage until the end, so a partner who moves can say so; the screens ask at the start.
    confirmLocation(_state, command, seat) {
      return [{ type: 'locationConfirmed', seat, location: command.location }];
    },

    // I45: the latest answer stands; a partner may change it at any time.
    answerSafeToSpeak(_state, command, seat) {
      return [{ type: 'safeToSpeakAnswered', seat, answer: command.answer }];
    },
  };
