import { useEffect, useState } from 'react';
import type { PartnerSeat, RoomState } from '../../../shared/index.ts';
import { useSend } from '../room/hooks.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { aboutPartner, partnerName } from './names.ts';
import { noticeKey, useClearOnChange } from './noticeKey.ts';
import { SlowDownButtons, SlowDownNow } from './SlowDown.tsx';

/** How long "Noted, quietly" stays: long enough to read, then out of the way. */
const NOTED_MS = 8000;

/** A partner's signals: in practice the pause, time-out and own U-turn; the urge to speak. (The safety pause is pinned in the header.) */
export function PartnerControls({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy, clearError } = useSend();
  const [urged, setUrged] = useState(false);
  useClearOnChange(noticeKey(state), () => {
    clearError();
    setUrged(false);
  });
  useEffect(() => {
    if (!urged) return;
    const timer = setTimeout(() => setUrged(false), NOTED_MS);
    return () => clearTimeout(timer);
  }, [urged]);
  const practice = state.mode === 'practice';
  if (state.stage === 'ended') return null;
  const held = state.stage === 'round' && state.round.floor === 'held' ? state.round : null;
  const inRound = held !== null;
  const listening = held !== null && held.speaker !== me;
  return (
    <section className="panel controls" aria-label="Pause and signals">
      <SlowDownButtons state={state} />
      {practice && !state.pause && (
        <>
          <button type="button" disabled={busy} onClick={() => send({ type: 'pause' })}>
            Pause
          </button>
          <button type="button" disabled={busy} onClick={() => send({ type: 'timeOut' })}>
            Time-out (come back within a day)
          </button>
        </>
      )}
      {practice && inRound && !state.uTurnRequests[me] && (
        <button type="button" disabled={busy} onClick={() => send({ type: 'requestUTurn', seat: me })}>
          I need a U-turn
        </button>
      )}
      {practice && inRound && !state.pause && (
        <button
          type="button"
          disabled={busy}
          onClick={() => send({ type: 'setTimer', seconds: 180, label: 'Speaking' })}
        >
          {state.timer ? 'Restart the 3-minute timer' : 'Start a 3-minute timer'}
        </button>
      )}
      {practice && (
        // T37: in practice either partner is the moderator, so either may switch spoken/written, even paused.
        <button
          type="button"
          disabled={busy}
          onClick={() => send({ type: 'setTalk', talk: state.talk === 'spoken' ? 'written' : 'spoken' })}
        >
          {state.talk === 'spoken'
            ? 'Switch to writing each step'
            : 'Switch to talking aloud (one tap a step)'}
        </button>
      )}
      {practice && <PracticeEnd state={state} me={me} />}
      {listening && (
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            if (await send({ type: 'urgeToSpeak' })) setUrged(true);
          }}
        >
          I have an urge to speak
        </button>
      )}
      {urged && listening && (
        <p className="hint" role="status">
          Noted, quietly{state.mode === 'therapy' ? ' — your therapist can see it' : ''}. Your turn to speak
          comes after the swap.
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

/** T19 in practice: one partner asks to end, the other confirms (or the asker alone while the room is stopped). */
function PracticeEnd({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy } = useSend();
  const request = state.endRequested;
  const stopped = state.pause?.kind === 'safety' || state.pause?.kind === 'time_out';
  if (state.stage === 'ended') return null;
  if (!request) {
    return (
      <button type="button" disabled={busy} onClick={() => send({ type: 'requestEnd' })}>
        End the practice…
      </button>
    );
  }
  const mine = request.seat === me;
  return (
    <div className="confirm" role="alertdialog" aria-labelledby="end-practice">
      <p id="end-practice">
        {aboutPartner(
          mine
            ? stopped
              ? 'End the practice now? The room is stopped, so you can end it on your own.'
              : 'Waiting for your partner to agree to end.'
            : 'Your partner would like to end the practice. End it now?',
          me,
          state.partners,
        )}
      </p>
      {(!mine || stopped) && (
        <button type="button" className="danger" disabled={busy} onClick={() => send({ type: 'confirmEnd' })}>
          Yes, end it
        </button>
      )}
      <button type="button" disabled={busy} onClick={() => send({ type: 'cancelEnd' })}>
        Keep going
      </button>
      <ErrorNote error={error} />
    </div>
  );
}

/** Shown while the room is paused: why, and — for whoever may — the way back. */
export function PauseBanner({ state, me }: { state: RoomState; me: PartnerSeat | 'therapist' }) {
  const { send, error, busy } = useSend();
  const pause = state.pause;
  if (!pause) return null;
  // Part B (I13, I17): a breathing pause and a break have their own guided screen.
  if (pause.kind === 'breathing' || pause.kind === 'break') return <SlowDownNow state={state} me={me} />;
  const therapy = state.mode === 'therapy';
  const canResume = therapy
    ? me === 'therapist'
    : pause.kind === 'safety'
      ? pause.callers.some((caller) => caller === me)
      : pause.kind === 'time_out'
        ? pause.seat === me || Date.now() >= pause.until
        : true;
  const message =
    pause.kind === 'safety'
      ? pause.seat === me
        ? 'You called a safety pause. Take all the time you need.'
        : 'A safety pause was called. Everything has stopped.'
      : pause.kind === 'time_out'
        ? `A time-out was called. Come back to this within a day — by ${new Date(pause.until).toLocaleString([], { weekday: 'long', hour: 'numeric', minute: '2-digit' })}.`
        : pause.kind === 'connection'
          ? `${pause.seat === 'therapist' ? 'The therapist’s' : pause.seat === me ? 'Your' : me === 'therapist' ? `${partnerName(pause.seat, state.partners)}’s` : aboutPartner('Your partner’s', me, state.partners)} connection dropped. The room is waiting; nobody’s turn has moved.`
          : 'The room is paused. It will continue exactly where it stopped.';
  return (
    <section className="pause-banner" role="status" aria-live="polite">
      <p>{message}</p>
      {canResume && (
        <button type="button" className="primary" disabled={busy} onClick={() => send({ type: 'resume' })}>
          Resume
        </button>
      )}
      {!canResume && therapy && me !== 'therapist' && (
        <p className="hint">Your therapist will resume when it is right.</p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

/** The safe word as a button: its own sender, never disabled by anything else in flight (T30). */
export function SafetyButton({ state }: { state: RoomState }) {
  const { send, error, clearError } = useSend();
  useClearOnChange(noticeKey(state), clearError);
  if (state.stage === 'ended') return null;
  return (
    <>
      <button type="button" className="safety" onClick={() => send({ type: 'safetyPause' })}>
        Safety pause
      </button>
      <ErrorNote error={error} />
    </>
  );
}
