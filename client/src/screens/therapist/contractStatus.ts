import {
  PARTNER_SEATS,
  type PartnerSeat,
  type RoomState,
  type SafeToSpeak,
} from '../../../../shared/index.ts';

/** A partner's latest "not sure" or "no" to "safe to speak openly today?" (I47), for the console's alert. */
export interface SafeToSpeakConcern {
  seat: PartnerSeat;
  answer: Exclude<SafeToSpeak, 'yes'>;
  at: number;
}

/** The partners whose latest answer was "not sure" or "no", A first; gone once they answer "yes" (I47). */
export function safeToSpeakConcerns(state: RoomState): SafeToSpeakConcern[] {
  return PARTNER_SEATS.flatMap((seat) => {
    const latest = state.safeToSpeak[seat];
    if (!latest || latest.answer === 'yes') return [];
    return [{ seat, answer: latest.answer, at: latest.at }];
  });
}

/** What the console suggests after a "not sure" or "no" (I47): one calm next step, not a script. */
export const SAFE_TO_SPEAK_NEXT_STEP =
  'Their partner does not know. Consider meeting each partner on their own before any joint work, and keep today to safety and the contract.';

/** Where a partner is (I44): confirmed today, else the location of their safety plan; null when neither. */
export function whereToday(
  state: RoomState,
  seat: PartnerSeat,
): { location: string; confirmedToday: boolean; at: number } | null {
  const today = state.locations[seat];
  if (today) return { location: today.location, confirmedToday: true, at: today.at };
  const plan = state.safetyPlans[seat];
  return plan?.plan?.location ? { location: plan.plan.location, confirmedToday: false, at: plan.at } : null;
}

/** Whether the therapist may still change the room's confidentiality text (I40). */
export function confidentialityEditable(state: RoomState): boolean {
  return state.stage === 'contract' && !state.contract.A && !state.contract.B;
}
