import { useState } from 'react';
import {
  type ClientCommand,
  type CommandTypeFor,
  currentRound,
  PARTNER_SEATS,
  ROUND_STEPS,
  type RoomState,
  type RoundStep,
  stepIndex,
} from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { useSend } from '../../room/hooks.ts';
import { STEP_COPY } from '../../steps.ts';

/** What the console's buttons send: only commands `WHO_MAY_SEND` gives the therapist, or `tsc` fails. */
type TherapistCommand = Extract<ClientCommand, { type: CommandTypeFor<'therapy', 'therapist' | 'anyone'> }>;

/** Every intervention one click away (T20–T29), with the end behind a confirmation. */
export function Interventions({ state }: { state: RoomState }) {
  const { send, error, busy } = useSend();
  const [minutes, setMinutes] = useState(3);
  const [rewindTo, setRewindTo] = useState<RoundStep | ''>('');
  const [say, setSay] = useState('');
  const round = currentRound(state);
  const inRound = round !== null;
  const held = round?.floor === 'held';
  const lastEntry = round?.entries.at(-1);
  const earlier = round ? ROUND_STEPS.filter((step) => stepIndex(step) < stepIndex(round.step)) : [];
  // Nothing to steer once the session has ended, and nobody to steer before the partners are in.
  const live = state.stage !== 'ended';
  const bothIn = state.admitted.A && state.admitted.B;
  const button = (label: string, command: TherapistCommand, enabled = true, className = '') => (
    <button
      type="button"
      className={className}
      disabled={busy || !live || !enabled}
      onClick={() => send(command)}
    >
      {label}
    </button>
  );
  return (
    <section className="panel interventions" aria-labelledby="interventions-title">
      <h2 id="interventions-title">Interventions</h2>
      <fieldset className="group">
        <legend>Pause</legend>
        {state.pause
          ? button('Resume', { type: 'resume' }, true, 'primary')
          : button('Pause', { type: 'pause' })}
      </fieldset>
      <fieldset className="group">
        <legend>Parts</legend>
        {PARTNER_SEATS.map((seat) => (
          <span key={seat} className="pair">
            {button(
              `U-turn for Partner ${seat}`,
              { type: 'requestUTurn', seat },
              bothIn && !state.uTurnRequests[seat],
            )}
            {button(`Stop contempt (Partner ${seat})`, { type: 'stopContempt', seat }, bothIn)}
          </span>
        ))}
        {button(
          lastEntry
            ? `Who is speaking? Mark Partner ${lastEntry.seat}'s last words (“${(lastEntry.text ?? '').slice(0, 40)}${(lastEntry.text ?? '').length > 40 ? '…' : ''}”) as from a part`
            : 'Who is speaking? (nothing said yet)',
          { type: 'markFromPart', entrySeq: lastEntry?.seq ?? 0 },
          Boolean(inRound && lastEntry && lastEntry.setAside === null),
        )}
      </fieldset>
      <fieldset className="group">
        <legend>Direct access</legend>
        {state.directAccess ? (
          <>
            <p>
              Talking with Partner {state.directAccess.seat}'s part; Partner {state.directAccess.witness}{' '}
              witnesses.
            </p>
            <form
              onSubmit={async (e) => {
                e.preventDefault();
                if (say.trim() && (await send({ type: 'directSay', text: say.trim() }))) setSay('');
              }}
            >
              <label htmlFor="direct-say">Say to the part</label>
              <input id="direct-say" value={say} onChange={(e) => setSay(e.target.value)} />
              <button type="submit" disabled={busy || !say.trim()}>
                Send
              </button>
            </form>
            {button('End direct access', { type: 'endDirectAccess' })}
          </>
        ) : (
          PARTNER_SEATS.map((seat) => (
            <span key={seat}>
              {button(`Talk with Partner ${seat}'s part`, { type: 'startDirectAccess', seat })}
            </span>
          ))
        )}
      </fieldset>
      {(inRound || state.stage === 'checkin') && (
        <fieldset className="group">
          <legend>Steps</legend>
          {state.stage === 'checkin' && button('Skip the check-in', { type: 'skipStep' })}
          {inRound && button('Skip this step', { type: 'skipStep' }, round.step !== 'next' && held)}
          {inRound && earlier.length > 0 && (
            <span className="pair">
              <label htmlFor="rewind">Go back to</label>
              <select id="rewind" value={rewindTo} onChange={(e) => setRewindTo(e.target.value as RoundStep)}>
                <option value="">choose a step</option>
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
                {button(`Partner ${seat} speaks first`, { type: 'chooseSpeaker', seat })}
              </span>
            ))}
          {inRound && button('Swap roles', { type: 'swapRoles' }, held)}
          {(inRound || state.stage === 'checkin') && button('Move to closing', { type: 'startClosing' })}
        </fieldset>
      )}
      <fieldset className="group">
        <legend>Timer</legend>
        <label htmlFor="timer-minutes">Timer (minutes)</label>
        <input
          id="timer-minutes"
          type="number"
          min={1}
          max={120}
          value={minutes}
          onChange={(e) => setMinutes(Math.max(1, Math.min(120, Number(e.target.value) || 1)))}
        />
        {button('Start timer', { type: 'setTimer', seconds: minutes * 60 })}
        {button('+1 minute', { type: 'extendTimer', seconds: 60 }, Boolean(state.timer))}
        {button('Clear timer', { type: 'clearTimer' }, Boolean(state.timer))}
      </fieldset>
      <fieldset className="group">
        <legend>Drafts</legend>
        <p className="hint">{draftSharingStatus(state)}</p>
        {state.draftsVisibleToPartner
          ? button("Hide each partner's unsent draft from the other, even if both chose to share it", {
              type: 'setDraftsVisible',
              visible: false,
            })
          : button('Let the partners share their unsent drafts again, if both choose to', {
              type: 'setDraftsVisible',
              visible: true,
            })}
      </fieldset>
      <fieldset className="group end">
        <legend>End</legend>
        {state.endRequested ? (
          <div className="confirm" role="alertdialog" aria-labelledby="end-question">
            <p id="end-question">End the session for everyone?</p>
            {button('Yes, end the session', { type: 'confirmEnd' }, true, 'danger')}
            {button('Keep going', { type: 'cancelEnd' })}
          </div>
        ) : (
          button('End the session…', { type: 'requestEnd' })
        )}
      </fieldset>
      <ErrorNote error={error} />
    </section>
  );
}

/** D4: you always read both drafts; a partner reads the other's only while both chose to and you allow it. */
function draftSharingStatus(state: RoomState): string {
  const choice = (seat: 'A' | 'B') =>
    `Partner ${seat} ${state.draftSharing[seat] ? 'shares' : 'does not share'}`;
  const both = state.draftSharing.A && state.draftSharing.B;
  const now = !state.draftsVisibleToPartner
    ? 'You have hidden them from each other.'
    : both
      ? 'Each may read the other’s.'
      : 'Neither reads the other’s.';
  return `You always see both drafts. ${choice('A')}; ${choice('B')}. ${now}`;
}
