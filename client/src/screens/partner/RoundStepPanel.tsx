import { useEffect, useRef, useState } from 'react';
import {
  currentRound,
  isConfirmStep,
  type PartnerSeat,
  type RoomState,
  roleOf,
  STEP_ACTOR,
} from '../../../../shared/index.ts';
import { Composer } from '../../components/Composer.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { noticeKey, useClearOnChange } from '../../components/noticeKey.ts';
import { PartForm } from '../../components/PartForm.tsx';
import { useSend } from '../../room/hooks.ts';
import { CONFIRM_WORDS, STEP_COPY } from '../../steps.ts';

/** What to do now, for this partner, at this step of the round — and only that. */
export function RoundStepPanel({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy, clearError } = useSend();
  useClearOnChange(noticeKey(state), clearError);
  const [topic, setTopic] = useState('');
  const [later, setLater] = useState('');
  const round = currentRound(state);
  const heading = useFocusOnChange(`${round?.number}:${round?.step}:${state.pause?.kind ?? ''}`);
  if (!round) return null;
  const copy = STEP_COPY[round.step];
  const role = roleOf(round, me);
  const actor = STEP_ACTOR[round.step];
  const myTurn = (actor === 'speaker' && (role === 'speaker' || round.floor === 'open')) || actor === role;
  const rephrasing = round.floor === 'held' ? round.rephrasing : null;
  const rephrase = rephrasing !== null && round.entries.find((e) => e.seq === rephrasing)?.seat === me;

  const body = (() => {
    if (state.pause) {
      return (
        <p className="waiting-note">
          {myTurn
            ? 'The room is paused. Your step is waiting for you.'
            : 'The room is paused. Nothing moves until it resumes.'}
        </p>
      );
    }
    if (!myTurn && actor !== 'moderator') {
      return <p className="waiting-note">{role === 'listener' ? copy.listener : copy.speaker}</p>;
    }
    switch (round.step) {
      case 'request_floor':
        return (
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              if (topic.trim() && (await send({ type: 'requestFloor', topic: topic.trim() }))) setTopic('');
            }}
          >
            <label htmlFor="topic">{copy.speaker}</label>
            <input
              id="topic"
              value={topic}
              onChange={(e) => setTopic(e.target.value)}
              placeholder="one topic"
            />
            <button type="submit" className="primary" disabled={busy || !topic.trim()}>
              Ask for the floor
            </button>
          </form>
        );
      case 'listener_ready':
        return (
          <div className="actions">
            <p>
              {round.floor === 'held' && round.topic ? `Topic: “${round.topic}”. ` : ''}
              {copy.listener}
            </p>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => send({ type: 'listenerReady' })}
            >
              I'm ready to listen
            </button>
            <label htmlFor="later">Or suggest a better time</label>
            <input
              id="later"
              value={later}
              onChange={(e) => setLater(e.target.value)}
              placeholder="for example, after dinner"
            />
            <button
              type="button"
              disabled={busy}
              onClick={() => send({ type: 'proposeLater', ...(later.trim() ? { when: later.trim() } : {}) })}
            >
              Not now
            </button>
          </div>
        );
      case 'u_turn':
        return (
          <PartForm
            intro={copy.speaker}
            mode={state.mode}
            busy={busy}
            previous={state.parts[me]}
            onName={(part) => send({ type: 'uTurn', part })}
          />
        );
      case 'more':
        return (
          <div className="actions">
            <p>{copy.speaker}</p>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => send({ type: 'answerMore', more: true })}
            >
              Yes, there is more
            </button>
            <button type="button" disabled={busy} onClick={() => send({ type: 'answerMore', more: false })}>
              No, that's all for now
            </button>
          </div>
        );
      case 'next':
        return state.mode === 'practice' ? (
          <div className="actions">
            <p>{copy.speaker}</p>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => send({ type: 'swapRoles' })}
            >
              Swap roles
            </button>
            <button type="button" disabled={busy} onClick={() => send({ type: 'startClosing' })}>
              Move on to closing
            </button>
          </div>
        ) : (
          <p className="waiting-note">Your therapist will swap roles or move on to closing.</p>
        );
      default:
        return <TextStep state={state} me={me} busy={busy} send={send} />;
    }
  })();

  return (
    <section className="panel step" aria-labelledby="step-title">
      <h2 id="step-title" ref={heading} tabIndex={-1}>
        {copy.title}
      </h2>
      <Context state={state} me={me} />
      {role === 'listener' && topic.trim() && round.number === 1 && (
        <p className="notice">Your partner asked for the floor first. You will have it after the swap.</p>
      )}
      {rephrase && (
        <p className="notice">
          Your therapist asked: is this all of you, or a part? Say it again, for the part.
        </p>
      )}
      {body}
      <ErrorNote error={error} />
    </section>
  );
}

function TextStep(props: {
  state: RoomState;
  me: PartnerSeat;
  busy: boolean;
  send: ReturnType<typeof useSend>['send'];
}) {
  const { state, me, busy, send } = props;
  const step = currentRound(state)?.step;
  if (!step) return null;
  const copy = STEP_COPY[step];
  const composer = (action: string, onSend: (text: string) => Promise<boolean>, label = copy.speaker) => (
    <Composer seat={me} label={label} stems={copy.stems} action={action} busy={busy} onSend={onSend} />
  );
  if (isConfirmStep(step)) {
    const words = CONFIRM_WORDS[step];
    return (
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => send({ type: 'confirm' })}>
          {words.yes}
        </button>
        {composer(words.correct, (text) => send({ type: 'correct', text }), words.label)}
      </div>
    );
  }
  switch (step) {
    case 'speak':
      return composer('Send this piece', (text) => send({ type: 'speak', text }));
    case 'reflect':
      return composer('Send my reflection', (text) => send({ type: 'reflect', text }), copy.listener);
    case 'summary':
      return composer('Send my summary', (text) => send({ type: 'summarize', text }), copy.listener);
    case 'validate':
      return composer('Send', (text) => send({ type: 'validate', text }), copy.listener);
    case 'empathy':
      return composer('Send', (text) => send({ type: 'empathize', text }), copy.listener);
    case 'landing':
      return composer('Send', (text) => send({ type: 'land', text }));
    default:
      return null;
  }
}

/** Moves focus (and the view) to the step's heading whenever the step changes, so the next action is never off-screen. */
export function useFocusOnChange(key: string) {
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the trigger, not a value read here
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ block: 'start', behavior: 'auto' });
  }, [key]);
  return heading;
}

/** What the person is answering, quoted right above their box: the piece, the reflection, the summary… */
function Context({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const round = currentRound(state);
  if (!round) return null;
  // Each quote is labelled from the reader's side: their own words are "you", the other's "your partner".
  const speaking = roleOf(round, me) === 'speaker';
  const piece = (e: { part?: { name?: string } | null | undefined }) =>
    speaking
      ? e.part?.name
        ? `You, for ${e.part.name}`
        : 'You said'
      : e.part?.name
        ? `Your partner, for ${e.part.name}`
        : 'Your partner said';
  const answer: Record<string, string> = speaking
    ? {
        reflection: 'Your partner heard',
        summary: 'Your partner’s summary',
        empathy: 'Your partner imagines',
      }
    : { reflection: 'Your reflection', summary: 'Your summary', empathy: 'What you imagined' };
  const entries = round.entries;
  const last = (kinds: string[]) => [...entries].reverse().find((e) => kinds.includes(e.kind));
  let quotes: { who: string; text: string }[] = [];
  switch (round.step) {
    case 'reflect':
    case 'summary': {
      const since =
        round.step === 'summary'
          ? entries
          : entries.slice(entries.findLastIndex((e) => e.kind === 'reflection') + 1);
      quotes = (
        round.step === 'summary'
          ? since.filter((e) => e.kind === 'piece' || e.kind === 'correction')
          : since.filter((e) => e.kind !== 'reflection')
      ).map((e) => ({
        who: e.kind === 'correction' ? (speaking ? 'What you said was missed' : 'What was missed') : piece(e),
        text: e.text ?? '(said aloud)',
      }));
      break;
    }
    case 'confirm':
    case 'summary_confirm':
    case 'empathy_confirm': {
      const entry = last(
        round.step === 'confirm'
          ? ['reflection']
          : round.step === 'summary_confirm'
            ? ['summary']
            : ['empathy'],
      );
      if (entry)
        quotes = [{ who: answer[entry.kind] ?? 'Your partner heard', text: entry.text ?? '(said aloud)' }];
      break;
    }
    case 'validate':
    case 'empathy': {
      const pieces = entries.filter((e) => e.kind === 'piece');
      quotes = pieces.slice(-2).map((e) => ({ who: piece(e), text: e.text ?? '(said aloud)' }));
      break;
    }
    default:
      break;
  }
  if (quotes.length === 0) return null;
  return (
    <div className="context">
      {quotes.map((quote) => (
        <blockquote key={`${quote.who}:${quote.text}`}>
          <p className="who">{quote.who}</p>
          <p>{quote.text}</p>
        </blockquote>
      ))}
    </div>
  );
}
