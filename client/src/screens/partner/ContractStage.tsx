import { useState } from 'react';
import type { PartnerSeat, RoomState } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { aboutPartner } from '../../components/names.ts';
import { useSend } from '../../room/hooks.ts';
import { groundRules } from '../../steps.ts';
import { Confidentiality } from './Confidentiality.tsx';

/** T1: each partner agrees to the ground rules once, with an optional safe word. */
export function ContractStage({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy } = useSend();
  const [safeWord, setSafeWord] = useState('');
  // I44: where they said they are today is where the plan starts, so nobody types it twice.
  const [location, setLocation] = useState(state.locations[me]?.location ?? '');
  const [contact, setContact] = useState('');
  const agreed = Boolean(state.contract[me]);
  const planShared = Boolean(state.safetyPlans[me]);
  const therapy = state.mode === 'therapy';
  return (
    <section className="panel step" aria-labelledby="contract-title">
      <h2 id="contract-title">Before we begin</h2>
      <p>These ground rules keep the conversation safe for both of you:</p>
      <ul className="rules">
        {groundRules(state.mode).map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <Confidentiality state={state} />
      <SafeWords state={state} me={me} />
      {agreed ? (
        <p className="notice">{aboutPartner('You agreed. Waiting for your partner.', me, state.partners)}</p>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            await send({
              type: 'agreeContract',
              ...(safeWord.trim() ? { safeWord: safeWord.trim() } : {}),
              // I41: the version read above; a newer one makes the room ask to read it again.
              ...(state.confidentiality ? { confidentialitySeq: state.confidentiality.seq } : {}),
            });
          }}
        >
          <label htmlFor="safe-word">A safe word or signal for pausing (optional)</label>
          <input id="safe-word" value={safeWord} onChange={(e) => setSafeWord(e.target.value)} />
          <button type="submit" className="primary" disabled={busy}>
            I agree to the ground rules
          </button>
        </form>
      )}
      {/* A12: in therapy the plan is the therapist's to read; in practice it is the partner's own. */}
      {!planShared && (
        <details className="safety-plan">
          <summary>
            {therapy
              ? 'Safety plan for your therapist (only they see it)'
              : 'A safety plan for yourself (only you see it)'}
          </summary>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              await send({
                type: 'shareSafetyPlan',
                plan: {
                  ...(location.trim() ? { location: location.trim() } : {}),
                  ...(contact.trim() ? { emergencyContact: contact.trim() } : {}),
                },
              });
            }}
          >
            <label htmlFor="location">Where are you right now?</label>
            <input id="location" value={location} onChange={(e) => setLocation(e.target.value)} />
            <label htmlFor="contact">An emergency contact</label>
            <input id="contact" value={contact} onChange={(e) => setContact(e.target.value)} />
            <button type="submit" disabled={busy || (!location.trim() && !contact.trim())}>
              {therapy ? 'Share with my therapist' : 'Keep my safety plan'}
            </button>
          </form>
        </details>
      )}
      {planShared && (
        <p className="hint">
          {therapy
            ? 'Your safety plan is with your therapist.'
            : 'Your safety plan is kept here, for you alone. It shows if a safety pause is called.'}
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

/** Both partners need to know each other's safe word. */
function SafeWords({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const words = (['A', 'B'] as const).flatMap((seat) => {
    const word = state.contract[seat]?.safeWord;
    return word
      ? [`${seat === me ? 'Your' : aboutPartner('Your partner’s', me, state.partners)} safe word: “${word}”`]
      : [];
  });
  if (words.length === 0) return null;
  return (
    <ul className="safe-words">
      {words.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
