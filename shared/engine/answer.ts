import type { RoundStep } from '../protocol/steps.ts';
import type { Entry, Round } from './state.ts';

/** The words of the round that stand: set-aside entries (T24, T26) are never anyone's to answer. */
export function standingEntries(round: Round): Entry[] {
  return round.entries.filter((entry) => entry.setAside === null);
}

function latest(entries: readonly Entry[], kind: Entry['kind']): Entry[] {
  const found = entries.findLast((entry) => entry.kind === kind);
  return found ? [found] : [];
}

/**
 * What the card of the round's current step shows for its partner to answer (T5, T24, T26, T27),
 * oldest first — never a set-aside entry. Built from the state alone, so after a rewind the step it
 * returns to shows its content again:
 * - `reflect`: the latest piece and what the speaker added since ("not quite…");
 * - `confirm`, `summary_confirm`, `empathy_confirm`: the reflection, summary or empathy to check;
 * - `summary`: every piece of the round and every correction;
 * - `validate`, `empathy`: every piece of the round;
 * - `landing`: the validation and the empathy (or the response from the heart, I28);
 * - other steps: nothing (the speaker speaks, or nobody is answering anything).
 */
export function entriesToAnswer(round: Round): Entry[] {
  const entries = standingEntries(round);
  const step: RoundStep = round.step;
  switch (step) {
    case 'reflect': {
      const piece = entries.findLastIndex((entry) => entry.kind === 'piece');
      if (piece === -1) return [];
      return entries.slice(piece).filter((entry) => entry.kind === 'piece' || entry.kind === 'correction');
    }
    case 'confirm':
      return latest(entries, 'reflection');
    case 'summary':
      return entries.filter((entry) => entry.kind === 'piece' || entry.kind === 'correction');
    case 'summary_confirm':
      return latest(entries, 'summary');
    case 'validate':
    case 'empathy':
      return entries.filter((entry) => entry.kind === 'piece');
    case 'empathy_confirm':
      return latest(entries, 'empathy');
    case 'landing':
      // I28: after "respond from your heart", that one response is what lands.
      if (round.floor === 'held' && round.responding === 'heart') return latest(entries, 'heart');
      return [...latest(entries, 'validation'), ...latest(entries, 'empathy')];
    case 'request_floor':
    case 'listener_ready':
    case 'u_turn':
    case 'speak':
    case 'more':
    case 'next':
      return [];
  }
}
