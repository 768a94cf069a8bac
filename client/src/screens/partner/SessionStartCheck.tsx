import { useState } from 'react';
import type { PartnerSeat, RoomState, SafeToSpeak } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useSend } from '../../room/hooks.ts';
import '../../styles/contract.css';

const ANSWERS: [SafeToSpeak, string][] = [
  ['yes', 'Yes'],
  ['not_sure', 'Not sure'],
  ['no', 'No'],
];

/**
 * The start of a therapy session (issue 11 §8, I44–I46): where the partner is today, pre-filled from
 * their safety plan, and a private "is it safe for you to speak openly today?". Both go to the
 * therapist alone. After an answer the card says the same words whatever it was, so a glance at the
 * phone tells nobody what was chosen (I46).
 */
export function SessionStartCheck({ state, me }: { state: RoomState; me: PartnerSeat }) {
  if (state.mode !== 'therapy' || (state.stage !== 'contract' && state.stage !== 'checkin')) return null;
  return (
    <section className="panel start-check" aria-labelledby="start-check-title">
      <h2 id="start-check-title">Before we start today</h2>
      <TodaysLocation state={state} me={me} />
      <SafeToSpeakQuestion state={state} me={me} />
    </section>
  );
}

function TodaysLocation({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy } = useSend();
  const confirmed = state.locations[me];
  const [editing, setEditing] = useState(false);
  const [where, setWhere] = useState(confirmed?.location ?? state.safetyPlans[me]?.plan?.location ?? '');
  if (confirmed && !editing) {
    return (
      <div className="start-check-row">
        <p className="notice">Your therapist knows where you are today: {confirmed.location}</p>
        <button type="button" className="link-button" onClick={() => setEditing(true)}>
          I’ve moved
        </button>
      </div>
    );
  }
  return (
    <form
      className="start-check-row"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await send({ type: 'confirmLocation', location: where.trim() })) setEditing(false);
      }}
    >
      <label htmlFor="today-location">Where are you for this session? Only your therapist sees it.</label>
      <input
        id="today-location"
        value={where}
        autoComplete="off"
        placeholder="e.g. at home, in the study"
        onChange={(e) => setWhere(e.target.value)}
      />
      <button type="submit" disabled={busy || !where.trim()}>
        Confirm where I am
      </button>
      <ErrorNote error={error} />
    </form>
  );
}

function SafeToSpeakQuestion({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy } = useSend();
  const answered = state.safeToSpeak[me] !== undefined;
  const [changing, setChanging] = useState(false);
  if (answered && !changing) {
    return (
      <div className="start-check-row">
        <p className="notice">Thank you. Only your therapist sees your answer.</p>
        <button type="button" className="link-button" onClick={() => setChanging(true)}>
          Change my answer
        </button>
      </div>
    );
  }
  return (
    <fieldset className="start-check-row safe-to-speak">
      <legend>Is it safe for you to speak openly today?</legend>
      <p className="hint">Only your therapist sees your answer.</p>
      <div className="safe-answers">
        {ANSWERS.map(([answer, words]) => (
          <button
            key={answer}
            type="button"
            disabled={busy}
            onClick={async () => {
              if (await send({ type: 'answerSafeToSpeak', answer })) setChanging(false);
            }}
          >
            {words}
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
    </fieldset>
  );
}
