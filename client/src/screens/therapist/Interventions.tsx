import { useEffect, useRef, useState } from 'react';
import {
  type ClientCommand,
  type CommandTypeFor,
  currentRound,
  otherPartner,
  PARTNER_SEATS,
  ROUND_STEPS,
  type RoomState,
  type RoundStep,
  stepIndex,
} from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { partnerName } from '../../components/names.ts';
import { SlowDownButtons } from '../../components/SlowDown.tsx';
import { useSend } from '../../room/hooks.ts';
import { STEP_COPY } from '../../steps.ts';
import '../../styles/names.css';
import { unansweredRepairs, whoIsSpeakingTarget } from './roomStatus.ts';
import { TherapistMoves } from './TherapistMoves.tsx';

/** What the console's buttons send: only commands `WHO_MAY_SEND` gives the therapist, or `tsc` fails. */
type TherapistCommand = Extract<ClientCommand, { type: CommandTypeFor<'therapy', 'therapist' | 'anyone'> }>;

/**
 * Every intervention one click away (T20–T29), compact enough to stay in view beside a video call
 * (issue 9 §5), with the end behind a confirmation. Short visible labels; each accessible name
 * begins with the visible words and says whom it is for.
 */
export function Interventions({ state }: { state: RoomState }) {
  const { send, error, busy } = useSend();
  const [minutes, setMinutes] = useState(3);
  const [rewindTo, setRewindTo] = useState<RoundStep | ''>('');
  const [say, setSay] = useState('');
  const round = currentRound(state);
  const inRound = round !== null;
  const held = round?.floor === 'held';
  // The button flags the speaker's newest words that can still be set aside; every other entry has
  // its own control in the conversation (T24).
  const lastEntry = round?.floor === 'held' ? whoIsSpeakingTarget(round) : undefined;
  const earlier = round ? ROUND_STEPS.filter((step) => stepIndex(step) < stepIndex(round.step)) : [];
  // Nothing to steer once the session has ended, and nobody to steer before the partners are in.
  const live = state.stage !== 'ended';
  const bothIn = state.admitted.A && state.admitted.B;
  const atNext = held && round.step === 'next';
  const button = (
    label: string,
    command: TherapistCommand,
    options: { enabled?: boolean; className?: string; name?: string; describedBy?: string } = {},
  ) => (
    <button
      type="button"
      className={options.className ?? ''}
      disabled={busy || !live || options.enabled === false}
      aria-label={options.name}
      aria-describedby={options.describedBy}
      onClick={() => send(command)}
    >
      {label}
    </button>
  );
  return (
    <section className="panel interventions" aria-labelledby="interventions-title">
      <h2 id="interventions-title">Interventions</h2>
      <div className="group">
        {state.pause
          ? button('Resume', { type: 'resume' }, { className: 'primary' })
          : button('Pause', { type: 'pause' })}
        <SlowDownButtons state={state} compact />
        {button(
          'Who is speaking?',
          { type: 'markFromPart', entrySeq: lastEntry?.seq ?? 0 },
          {
            enabled: Boolean(lastEntry),
            describedBy: 'who-is-speaking-what',
          },
        )}
        <span id="who-is-speaking-what" className="sr-only">
          {lastEntry
            ? `Sets aside ${partnerName(lastEntry.seat, state.partners)}'s latest words (${lastEntry.text === undefined ? 'said aloud' : `“${lastEntry.text.slice(0, 40)}${lastEntry.text.length > 40 ? '…' : ''}”`}) as spoken from a part; any other words of this round have their own button in the conversation`
            : 'No words of this round can be set aside now'}
        </span>
      </div>
      {PARTNER_SEATS.map((seat) => (
        <div key={seat} className="group seat-row">
          <span className={state.partners ? 'row-label named' : 'row-label'} aria-hidden="true">
            {state.partners ? partnerName(seat, state.partners) : seat}
          </span>
          {button(
            'U-turn',
            { type: 'requestUTurn', seat },
            {
              enabled: bothIn && !state.uTurnRequests[seat],
              name: `U-turn for ${partnerName(seat, state.partners)}`,
            },
          )}
          {button(
            'Stop contempt',
            { type: 'stopContempt', seat },
            {
              enabled: bothIn && !state.contempt,
              name: `Stop contempt (${partnerName(seat, state.partners)})`,
            },
          )}
          {!state.directAccess &&
            button(
              'Direct access',
              // I20: direct access begins by asking the partner; their yes starts it.
              { type: 'askDirectAccess', seat },
              {
                enabled: bothIn && !state.directAccessAsk && !state.witnessTurn,
                name: `Direct access: ask to talk with ${partnerName(seat, state.partners)}'s part`,
              },
            )}
        </div>
      ))}
      {/* Part C (I20–I28): asks, the witness's turn, stop contempt's next step, the listener's response. */}
      <TherapistMoves state={state} />
      {state.directAccess && (
        <div className="group direct">
          <p className="hint">
            Talking with {partnerName(state.directAccess.seat, state.partners)}'s part;{' '}
            {partnerName(state.directAccess.witness, state.partners)} witnesses.
          </p>
          <form
            className="inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              if (say.trim() && (await send({ type: 'directSay', text: say.trim() }))) setSay('');
            }}
          >
            <label htmlFor="direct-say" className="sr-only">
              Say to the part
            </label>
            <input
              id="direct-say"
              value={say}
              placeholder="Say to the part"
              onChange={(e) => setSay(e.target.value)}
            />
            <button type="submit" disabled={busy || !say.trim()}>
              Send
            </button>
          </form>
          {button('End direct access', { type: 'endDirectAccess' })}
        </div>
      )}
      {(inRound || state.stage === 'checkin') && (
        <div className="group">
          {state.stage === 'checkin' && button('Skip the check-in', { type: 'skipStep' })}
          {inRound &&
            button('Skip this step', { type: 'skipStep' }, { enabled: round.step !== 'next' && held })}
          {inRound && earlier.length > 0 && (
            <span className="inline-form">
              <label htmlFor="rewind" className="sr-only">
                Go back to
              </label>
              <select id="rewind" value={rewindTo} onChange={(e) => setRewindTo(e.target.value as RoundStep)}>
                <option value="">Go back to…</option>
                {earlier.map((step) => (
                  <option key={step} value={step}>
                    {STEP_COPY[step].title}
                  </option>
                ))}
              </select>
              <button
                type="button"
                disabled={busy || !rewindTo}
                onClick={async () => {
                  if (rewindTo && (await send({ type: 'rewind', to: rewindTo }))) setRewindTo('');
                }}
              >
                Go back
              </button>
            </span>
          )}
          {inRound &&
            round.floor === 'open' &&
            PARTNER_SEATS.map((seat) => (
              <span key={seat}>
                {button(`${partnerName(seat, state.partners)} speaks first`, { type: 'chooseSpeaker', seat })}
              </span>
            ))}
          {inRound &&
            button(
              'Swap roles',
              { type: 'swapRoles' },
              { enabled: held, className: atNext ? 'primary' : '' },
            )}
          {button('Move to closing', { type: 'startClosing' })}
        </div>
      )}
      <div className="group inline-form">
        <label htmlFor="timer-minutes" className="sr-only">
          Timer (minutes)
        </label>
        <input
          id="timer-minutes"
          className="minutes"
          type="number"
          min={1}
          max={120}
          value={minutes}
          onChange={(e) => setMinutes(Math.max(1, Math.min(120, Number(e.target.value) || 1)))}
        />
        <span aria-hidden="true">min</span>
        {button('Start timer', { type: 'setTimer', seconds: minutes * 60 })}
        {button('+1 minute', { type: 'extendTimer', seconds: 60 }, { enabled: Boolean(state.timer) })}
        {button('Clear timer', { type: 'clearTimer' }, { enabled: Boolean(state.timer) })}
      </div>
      <div className="group">
        <span id="draft-sharing-status" className="sr-only">
          {draftSharingStatus(state)}
        </span>
        {state.draftsVisibleToPartner
          ? button(
              'Hide drafts',
              { type: 'setDraftsVisible', visible: false },
              {
                name: "Hide drafts: each partner's unsent draft from the other, even if both chose to share it",
                describedBy: 'draft-sharing-status',
              },
            )
          : button(
              'Allow shared drafts',
              { type: 'setDraftsVisible', visible: true },
              {
                name: 'Allow shared drafts: the partners may share their unsent drafts again, if both choose to',
                describedBy: 'draft-sharing-status',
              },
            )}
        {state.endRequested ? null : button('End the session…', { type: 'requestEnd' })}
      </div>
      {state.endRequested && <EndConfirm state={state} busy={busy} send={send} />}
      <ErrorNote error={error} />
    </section>
  );
}

/** T19: ending takes a second step; with a repair still unanswered (T18) the question says so first. */
function EndConfirm(props: {
  state: RoomState;
  busy: boolean;
  send: (command: TherapistCommand) => unknown;
}) {
  const unanswered = unansweredRepairs(props.state);
  // The question takes focus, so a keyboard or screen-reader user meets it where it appeared.
  const keepGoing = useRef<HTMLButtonElement>(null);
  useEffect(() => keepGoing.current?.focus(), []);
  return (
    <div className="confirm" role="alertdialog" aria-labelledby="end-question">
      {unanswered.length > 0 ? (
        <p id="end-question">
          {unanswered
            .map(
              (seat) =>
                `${partnerName(seat, props.state.partners)}'s repair has no answer from ${partnerName(otherPartner(seat), props.state.partners)} yet.`,
            )
            .join(' ')}{' '}
          End the session anyway?
        </p>
      ) : (
        <p id="end-question">End the session for everyone?</p>
      )}
      <button
        type="button"
        className="danger"
        disabled={props.busy}
        onClick={() => props.send({ type: 'confirmEnd' })}
      >
        {unanswered.length > 0 ? 'End without an answer' : 'Yes, end the session'}
      </button>
      <button
        ref={keepGoing}
        type="button"
        disabled={props.busy}
        onClick={() => props.send({ type: 'cancelEnd' })}
      >
        Keep going
      </button>
    </div>
  );
}

/** D4: you always read both drafts; a partner reads the other's only while both chose to and you allow it. */
function draftSharingStatus(state: RoomState): string {
  const choice = (seat: 'A' | 'B') =>
    `${partnerName(seat, state.partners)} ${state.draftSharing[seat] ? 'shares' : 'does not share'}`;
  const both = state.draftSharing.A && state.draftSharing.B;
  const now = !state.draftsVisibleToPartner
    ? 'You have hidden them from each other.'
    : both
      ? 'Each may read the other’s.'
      : 'Neither reads the other’s.';
  return `You always see both drafts. ${choice('A')}; ${choice('B')}. ${now}`;
}
