import { type ReactNode, useState } from 'react';
import { currentRound, type PartnerSeat, type RoomState } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { aboutPartner } from '../../components/names.ts';
import { useSend } from '../../room/hooks.ts';
import { groundRules } from '../../steps.ts';
import { Context, useFocusOnChange } from './RoundStepPanel.tsx';
import { therapistMoveFor } from './therapistMove.ts';
import '../../styles/moves.css';

/**
 * Part C of issue 11 on a partner's phone (shared/SPEC.md I26): the therapist's ask for direct
 * access, the witness's turn, each step of "stop contempt", and the one response from the heart.
 * One line each, big buttons; in a spoken room nothing needs typing.
 */

export function TherapistMoveCard({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const move = therapistMoveFor(state, me);
  const heading = useFocusOnChange(`${move}:${state.contempt?.step ?? ''}`);
  const title = (text: string) => (
    <h2 ref={heading} tabIndex={-1}>
      {text}
    </h2>
  );
  switch (move) {
    case 'consent':
      return <Consent title={title('May I talk with this part?')} />;
    case 'witness':
      return <WitnessTurn state={state} me={me} title={title('What did you notice?')} />;
    case 'contempt':
      return <ContemptStep state={state} me={me} title={title('Your therapist stepped in')} />;
    case 'heart':
      return <Heart state={state} me={me} title={title('Respond from your heart')} />;
    default:
      return null;
  }
}

/** I20: the asked partner's yes or "not now"; a "not now" is respected. */
function Consent({ title }: { title: ReactNode }) {
  const { send, busy, error } = useSend();
  return (
    <section className="panel step move-card">
      {title}
      <p className="move-line">Your therapist asks: may I talk with this part directly?</p>
      <div className="move-buttons">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => send({ type: 'answerDirectAccess', yes: true })}
        >
          Yes
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => send({ type: 'answerDirectAccess', yes: false })}
        >
          Not now
        </button>
      </div>
      <p className="hint">Either answer is fine. Only your therapist sees it.</p>
      <ErrorNote error={error} />
    </section>
  );
}

/** I22: the witness says what they noticed (a line, or "I said it" in a spoken room), or skips. */
function WitnessTurn({ state, me, title }: { state: RoomState; me: PartnerSeat; title: ReactNode }) {
  const { send, busy, error } = useSend();
  const [text, setText] = useState('');
  const witness = state.witnessTurn?.seat;
  if (witness !== me) {
    return (
      <section className="panel step move-card">
        {title}
        <p className="move-line">
          {aboutPartner(
            'Your partner is saying what they noticed. Then the round goes on.',
            me,
            state.partners,
          )}
        </p>
      </section>
    );
  }
  const spoken = state.talk === 'spoken';
  return (
    <section className="panel step move-card">
      {title}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const words = text.trim();
          if (await send({ type: 'witnessSay', ...(words ? { text: words } : {}) })) setText('');
        }}
      >
        <label htmlFor="witness-line" className="move-line">
          What did you notice or feel while you witnessed?
        </label>
        <input
          id="witness-line"
          value={text}
          maxLength={state.pieceLimit}
          placeholder={spoken ? 'say it on the call — or a word for the record' : 'one line'}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="move-buttons">
          <button type="submit" className="primary" disabled={busy || (!spoken && !text.trim())}>
            {spoken && !text.trim() ? 'I said it' : 'Share it'}
          </button>
          <button type="button" disabled={busy} onClick={() => send({ type: 'skipWitness' })}>
            Skip
          </button>
        </div>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}

/** I24–I26: one line per step; at "recall" both partners read the ground rules they agreed to. */
function ContemptStep({ state, me, title }: { state: RoomState; me: PartnerSeat; title: ReactNode }) {
  const contempt = state.contempt;
  if (!contempt) return null;
  const mine = contempt.seat === me;
  const line = {
    stop: mine
      ? 'Your therapist stopped the conversation for a moment.'
      : 'Your therapist stopped that. It is not yours to answer.',
    name: 'Your therapist is naming what just happened.',
    recall: 'Your therapist is recalling the ground rules you both agreed to:',
    hurt: 'Your therapist is speaking to the hurt underneath.',
  }[contempt.step];
  const safeWord = state.contract[me]?.safeWord;
  return (
    <section className="panel step move-card" aria-live="polite">
      {title}
      <p className="move-line">{line}</p>
      {contempt.step === 'recall' && (
        <>
          <ul className="rules">
            {groundRules(state.mode).map((rule) => (
              <li key={rule}>{rule}</li>
            ))}
          </ul>
          <p className="hint">
            {safeWord ? `Your safe word: “${safeWord}”. ` : ''}The safety pause at the top is always there.
          </p>
        </>
      )}
    </section>
  );
}

/** I28: the listener's one free response, then the landing; the speaker waits for it. */
function Heart({ state, me, title }: { state: RoomState; me: PartnerSeat; title: ReactNode }) {
  const { send, busy, error } = useSend();
  const [text, setText] = useState('');
  const round = currentRound(state);
  if (round?.floor !== 'held') return null;
  const spoken = state.talk === 'spoken';
  if (round.speaker === me) {
    return (
      <section className="panel step move-card">
        {title}
        <p className="move-line">
          {aboutPartner('Your partner is responding from the heart.', me, state.partners)}
        </p>
      </section>
    );
  }
  return (
    <section className="panel step move-card">
      {title}
      {/* What the heart answers, quoted like the chain's cards: the speaker's latest pieces. */}
      <Context state={state} me={me} />
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const words = text.trim();
          if (await send({ type: 'respondFromHeart', ...(words ? { text: words } : {}) })) setText('');
        }}
      >
        <label htmlFor="heart-line" className="move-line">
          {aboutPartner('What does your heart want to say to your partner now?', me, state.partners)}
        </label>
        <textarea
          id="heart-line"
          rows={3}
          value={text}
          maxLength={state.pieceLimit}
          placeholder={spoken ? 'say it on the call — or a word for the record' : ''}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || (!spoken && !text.trim())}>
          {spoken && !text.trim() ? 'I’ve said it' : 'Send my response'}
        </button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
