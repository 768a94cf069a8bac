import { useEffect, useRef, useState } from 'react';
import {
  currentRound,
  type Entry,
  entriesToAnswer,
  isConfirmStep,
  LIMITS,
  type PartnerSeat,
  type RoomState,
  roleOf,
  STEP_ACTOR,
} from '../../../../shared/index.ts';
import { Composer } from '../../components/Composer.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { aboutPartner, stepCopyFor } from '../../components/names.ts';
import { noticeKey, useClearOnChange } from '../../components/noticeKey.ts';
import { PartForm } from '../../components/PartForm.tsx';
import { useSend } from '../../room/hooks.ts';
import { CONFIRM_WORDS } from '../../steps.ts';
import { ListenerReady } from './ListenerReady.tsx';
import { NotNowNote, ShorterPlease } from './Pace.tsx';
import { SelfCheckAfterUTurn } from './SelfCheck.tsx';
import { SpokenStep, type SpokenTap } from './SpokenStep.tsx';

/** What to do now, for this partner, at this step of the round — and only that. */
export function RoundStepPanel({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy, clearError } = useSend();
  useClearOnChange(noticeKey(state), clearError);
  const [topic, setTopic] = useState('');
  const round = currentRound(state);
  const heading = useFocusOnChange(`${round?.number}:${round?.step}:${state.pause?.kind ?? ''}`);
  if (!round) return null;
  const copy = stepCopyFor(round.step, me, state.partners);
  const role = roleOf(round, me);
  const actor = STEP_ACTOR[round.step];
  const myTurn = (actor === 'speaker' && (role === 'speaker' || round.floor === 'open')) || actor === role;

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
    if (state.talk === 'spoken' && round.step !== 'listener_ready' && round.step !== 'next') {
      return <SpokenBody state={state} me={me} busy={busy} send={send} />;
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
        return <ListenerReady state={state} me={me} busy={busy} send={send} intro={copy.listener} />;
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
        <p className="notice">
          {aboutPartner(
            'Your partner asked for the floor first. You will have it after the swap.',
            me,
            state.partners,
          )}
        </p>
      )}
      <SetAsideNotice state={state} me={me} />
      <NotNowNote state={state} me={me} />
      <SelfCheckAfterUTurn state={state} me={me} />
      {body}
      <ShorterPlease state={state} me={me} />
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
  // The speaker chose to turn inward after the gentle check (W1): the part's form, above their piece.
  const [turning, setTurning] = useState(false);
  const step = currentRound(state)?.step;
  if (!step) return null;
  const copy = stepCopyFor(step, me, state.partners);
  // The one-tap U-turn the check offers: at `speak` the speaker names the part again (T8); in
  // practice anyone may ask one for themselves (T23); in a session that is the therapist's to ask.
  const onUTurn =
    step === 'speak'
      ? () => setTurning(true)
      : state.mode === 'practice'
        ? () => void send({ type: 'requestUTurn', seat: me })
        : undefined;
  const composer = (
    action: string,
    onSend: (text: string) => Promise<boolean>,
    label = copy.speaker,
    limit: number = LIMITS.pieceChars,
  ) => (
    <Composer
      seat={me}
      label={label}
      stems={copy.stems}
      action={action}
      busy={busy}
      onSend={onSend}
      limit={limit}
      partCheck={onUTurn ? { onUTurn } : {}}
    />
  );
  if (turning && step === 'speak') {
    return (
      <>
        <PartForm
          intro="Turn inward: which part of you wants to say this? Name it, then speak for it."
          mode={state.mode}
          busy={busy}
          previous={state.parts[me]}
          onName={async (part) => {
            const named = await send({ type: 'uTurn', part });
            if (named) setTurning(false);
            return named;
          }}
        />
        <button type="button" onClick={() => setTurning(false)}>
          Back to my piece
        </button>
      </>
    );
  }
  if (isConfirmStep(step)) {
    const words = CONFIRM_WORDS[step];
    return (
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => send({ type: 'confirm' })}>
          {words.yes}
        </button>
        {composer(words.correct, (text) => send({ type: 'correct', text }), words.label, state.pieceLimit)}
      </div>
    );
  }
  switch (step) {
    case 'speak':
      return composer(
        'Send this piece',
        (text) => send({ type: 'speak', text }),
        copy.speaker,
        state.pieceLimit,
      );
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
export function Context({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const round = currentRound(state);
  if (!round) return null;
  // Each quote is labelled from the reader's side: their own words are "you", the other's "your partner".
  const speaking = roleOf(round, me) === 'speaker';
  const partner = aboutPartner('your partner', me, state.partners);
  const Partner = aboutPartner('Your partner', me, state.partners);
  const who = (e: Entry): string => {
    switch (e.kind) {
      case 'piece':
        if (speaking) return e.part?.name ? `You, for ${e.part.name}` : 'You said';
        return e.part?.name ? `${Partner}, for ${e.part.name}` : `${Partner} said`;
      case 'correction':
        return speaking ? 'What you said was missed' : 'What was missed';
      case 'reflection':
        return speaking ? `${Partner} heard` : 'Your reflection';
      case 'summary':
        return speaking ? aboutPartner('Your partner’s summary', me, state.partners) : 'Your summary';
      case 'validation':
        return speaking ? `What makes sense to ${partner}` : 'What makes sense to you';
      case 'empathy':
        return speaking ? `${Partner} imagines` : 'What you imagined';
      case 'landing':
        return speaking ? 'How it landed for you' : 'How it landed';
      case 'heart':
        return speaking ? `${Partner}, from the heart` : 'Your response';
    }
  };
  // Never a set-aside entry (T24, T26), and after a rewind the step's content again (T27).
  const answer = entriesToAnswer(round);
  // `validate` and `empathy` quote the latest two pieces: the whole round stays in the record below.
  const shown = round.step === 'validate' || round.step === 'empathy' ? answer.slice(-2) : answer;
  if (shown.length === 0) return null;
  return (
    <div className="context">
      {shown.map((entry) => (
        <blockquote key={entry.seq}>
          <p className="who">{who(entry)}</p>
          <p>{entry.text ?? (entry.seat === me ? 'You said it aloud.' : 'Said aloud, on the call.')}</p>
        </blockquote>
      ))}
    </div>
  );
}

/**
 * After the therapist set words aside (T24, T26): the partner they were aimed at is told plainly it
 * is not theirs to answer; their author is told what to do now. Shown until the author says it again.
 */
function SetAsideNotice({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const round = currentRound(state);
  if (round?.floor !== 'held' || round.rephrasing === null) return null;
  const entry = round.entries.find((e) => e.seq === round.rephrasing);
  if (!entry?.setAside) return null;
  if (entry.seat !== me) {
    return (
      <p className="notice set-aside" role="status">
        {state.mode === 'therapy' ? 'Your therapist stopped that.' : 'That was set aside.'} It is not yours to
        answer.
      </p>
    );
  }
  return (
    <p className="notice set-aside" role="status">
      {entry.setAside === 'contempt'
        ? 'Your therapist stopped that. Turn inward, then say it again, for the part.'
        : 'Your therapist asked: is this all of you, or a part? Say it again, for the part.'}
    </p>
  );
}

/**
 * A step of a spoken room (T37), one tap each: the words were said on the video call. At `confirm`
 * "Yes, you got it" also answers "is there more?" (T11), so the speaker never needs a second tap.
 */
function SpokenBody(props: {
  state: RoomState;
  me: PartnerSeat;
  busy: boolean;
  send: ReturnType<typeof useSend>['send'];
}) {
  const { state, me, busy, send } = props;
  const round = currentRound(state);
  if (!round) return null;
  const copy = stepCopyFor(round.step, me, state.partners);
  const step = (prompt: string, taps: SpokenTap[], limit: number = LIMITS.pieceChars) => (
    <SpokenStep
      seat={me}
      prompt={aboutPartner(prompt, me, state.partners)}
      taps={taps}
      busy={busy}
      limit={limit}
    />
  );
  const notQuite: SpokenTap = {
    label: 'Not quite',
    send: (text) => send({ type: 'correct', ...optionalText(text) }),
  };
  switch (round.step) {
    case 'request_floor':
      return step(SPOKEN_PROMPTS.request_floor, [
        {
          label: 'Ask for the floor',
          primary: true,
          send: (topic) => send({ type: 'requestFloor', ...(topic ? { topic } : {}) }),
        },
      ]);
    case 'u_turn':
      return (
        <>
          {step(SPOKEN_PROMPTS.u_turn, [
            { label: "I've turned inward", primary: true, send: () => send({ type: 'uTurn' }) },
          ])}
          <details className="for-the-record">
            <summary>Name the part for the record</summary>
            <PartForm
              intro="If you like, give the part a name here too."
              mode={state.mode}
              busy={busy}
              previous={state.parts[me]}
              onName={(part) => send({ type: 'uTurn', part })}
            />
          </details>
        </>
      );
    case 'speak':
      return step(
        SPOKEN_PROMPTS.speak,
        [
          {
            label: "I've said it",
            primary: true,
            send: (text) => send({ type: 'speak', ...optionalText(text) }),
          },
        ],
        state.pieceLimit,
      );
    case 'reflect':
      return step(SPOKEN_PROMPTS.reflect, [
        {
          label: "I've reflected",
          primary: true,
          send: (text) => send({ type: 'reflect', ...optionalText(text) }),
        },
      ]);
    case 'confirm':
      return step(
        copy.speaker,
        [
          {
            label: 'Yes — there’s more',
            primary: true,
            send: () => send({ type: 'confirm', more: true }),
          },
          { label: 'Yes — that’s all', send: () => send({ type: 'confirm', more: false }) },
          notQuite,
        ],
        state.pieceLimit,
      );
    case 'more':
      return step(copy.speaker, [
        { label: 'There’s more', primary: true, send: () => send({ type: 'answerMore', more: true }) },
        { label: 'That’s all for now', send: () => send({ type: 'answerMore', more: false }) },
      ]);
    case 'summary':
      return step(SPOKEN_PROMPTS.summary, [
        {
          label: "I've summed it up",
          primary: true,
          send: (text) => send({ type: 'summarize', ...optionalText(text) }),
        },
      ]);
    case 'summary_confirm':
    case 'empathy_confirm':
      return step(
        copy.speaker,
        [
          { label: CONFIRM_WORDS[round.step].yes, primary: true, send: () => send({ type: 'confirm' }) },
          notQuite,
        ],
        state.pieceLimit,
      );
    case 'validate':
      return step(SPOKEN_PROMPTS.validate, [
        {
          label: "I've said what makes sense",
          primary: true,
          send: (text) => send({ type: 'validate', ...optionalText(text) }),
        },
      ]);
    case 'empathy':
      return step(SPOKEN_PROMPTS.empathy, [
        {
          label: "I've said how I imagine it feels",
          primary: true,
          send: (text) => send({ type: 'empathize', ...optionalText(text) }),
        },
      ]);
    case 'landing':
      return step(SPOKEN_PROMPTS.landing, [
        {
          label: "I've said how it landed",
          primary: true,
          send: (text) => send({ type: 'land', ...optionalText(text) }),
        },
      ]);
    default:
      return null;
  }
}

function optionalText(text: string | undefined): { text?: string } {
  return text ? { text } : {};
}

/** What each spoken step asks, said aloud on the call: the tap only tells the room it was said. */
const SPOKEN_PROMPTS = {
  request_floor: 'Ask for the floor aloud, on one topic — then tap.',
  u_turn: 'Turn inward. Which part of you is stirred up right now? Name it aloud if you like — then tap.',
  speak: 'Speak for your part aloud, a sentence or two — then tap.',
  reflect: 'Reflect aloud the essence of what you heard. No rebuttal, no advice — then tap.',
  summary: 'Sum up aloud the whole of what you heard — then tap.',
  validate: 'Say aloud what makes sense to you — then tap.',
  empathy: 'Imagine aloud how this feels for your partner — then tap.',
  landing: 'Say aloud how it landed. You may add a request — an invitation, not a demand.',
} as const;
