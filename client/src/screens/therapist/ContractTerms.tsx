import { useState } from 'react';
import { LIMITS, PARTNER_SEATS, type RoomState } from '../../../../shared/index.ts';
import { DEFAULT_CONFIDENTIALITY, NOT_LEGAL_ADVICE } from '../../components/confidentialityDefault.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { partnerLabel, partnerName } from '../../components/names.ts';
import { useSend } from '../../room/hooks.ts';
import {
  confidentialityEditable,
  SAFE_TO_SPEAK_NEXT_STEP,
  safeToSpeakConcerns,
  whereToday,
} from './contractStatus.ts';
import '../../styles/contract.css';

const SAFE_WORDS = { yes: 'yes', not_sure: 'not sure', no: 'no' } as const;
const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * I47: a partner's "not sure" or "no" to "safe to speak openly today?", for the therapist's eyes only,
 * with one suggested next step; it stays until that partner answers "yes".
 */
export function SafeToSpeakAlert({ state }: { state: RoomState }) {
  const concerns = safeToSpeakConcerns(state);
  if (concerns.length === 0 || state.stage === 'ended') return null;
  return (
    <div role="alert" className="notice alert console-alert safe-to-speak-alert">
      {concerns.map((concern) => (
        <p key={concern.seat}>
          {partnerName(concern.seat, state.partners)} answered “{SAFE_WORDS[concern.answer]}” to “Is it safe
          for you to speak openly today?” ({clock(concern.at)}).
        </p>
      ))}
      <p>{SAFE_TO_SPEAK_NEXT_STEP}</p>
    </div>
  );
}

/**
 * The contract's terms on the console (I40, I43, I44, I45): the room's confidentiality text, editable
 * until a partner has agreed (a default draft to start from), who agreed to which version, and each
 * partner's location today and answer — what only the therapist sees.
 */
export function ContractTerms({ state }: { state: RoomState }) {
  const { send, error, busy } = useSend();
  const editable = confidentialityEditable(state);
  const terms = state.confidentiality;
  const [draft, setDraft] = useState(terms?.text ?? DEFAULT_CONFIDENTIALITY);
  return (
    <section className="panel contract-terms" aria-labelledby="contract-terms-title">
      <h2 id="contract-terms-title">The contract</h2>
      {PARTNER_SEATS.map((seat) => {
        const where = whereToday(state, seat);
        const safe = state.safeToSpeak[seat];
        const agreed = state.contract[seat];
        return (
          <div key={seat} className="private-seat">
            <h3>{partnerLabel(seat, state.partners)}</h3>
            <p>
              Where today:{' '}
              {where
                ? `${where.location} (${where.confirmedToday ? `confirmed ${clock(where.at)}` : 'from their safety plan, not confirmed today'})`
                : 'not confirmed yet'}
            </p>
            <p>
              Safe to speak openly today:{' '}
              {safe ? `${SAFE_WORDS[safe.answer]} (${clock(safe.at)})` : 'not answered yet'}
            </p>
            {agreed && (
              <p>
                Agreed at {clock(agreed.at)}
                {agreed.confidentialitySeq === undefined
                  ? ', with no confidentiality text'
                  : agreed.confidentialitySeq === terms?.seq
                    ? ' to this confidentiality text'
                    : ` to an earlier text (version ${agreed.confidentialitySeq})`}
                .
              </p>
            )}
          </div>
        );
      })}
      <h3>Confidentiality and its limits</h3>
      {editable ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            await send({ type: 'setConfidentiality', text: draft.trim() });
          }}
        >
          <label htmlFor="confidentiality-draft">
            {terms ? 'The partners will read this before agreeing' : 'Not set yet: the partners see no text'}
          </label>
          <textarea
            id="confidentiality-draft"
            rows={8}
            maxLength={LIMITS.noteChars}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-describedby="confidentiality-advice"
          />
          <p id="confidentiality-advice" className="hint">
            {NOT_LEGAL_ADVICE} Fixed once a partner agrees.
          </p>
          <button type="submit" disabled={busy || !draft.trim() || draft.trim() === terms?.text}>
            {terms ? 'Replace the text' : 'Show this text at the contract'}
          </button>
        </form>
      ) : terms ? (
        <p className="terms-text">{terms.text}</p>
      ) : (
        <p className="hint">This session had no confidentiality text.</p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
