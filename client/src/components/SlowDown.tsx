import { useState } from 'react';
import { BREATHING, type PartnerSeat, type RoomState, type Seat } from '../../../shared/index.ts';
import { useRoom, useSend } from '../room/hooks.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { aboutPartner, partnerName } from './names.ts';
import { useServerNow } from './timer.ts';
import '../styles/breathe.css';

/** Whose screen this is: a partner's or the therapist's console. */
type Viewer = PartnerSeat | 'therapist';
type Pause = NonNullable<RoomState['pause']>;
type Breathing = Extract<Pause, { kind: 'breathing' }>;
type Break = Extract<Pause, { kind: 'break' }>;

/** One breath: in for 4 s, out for 6 s — a slow rhythm the circle and the words share on every screen. */
const BREATH_MS = 10_000;
const IN_MS = 4_000;

/** Who asked for it, from the reader's side (P2, N3): "You", "Your therapist", "Sam". */
function whoAsked(seat: Seat, me: Viewer, state: RoomState): string {
  if (seat === me) return 'You';
  if (seat === 'therapist') return 'Your therapist';
  if (me === 'therapist') return partnerName(seat, state.partners);
  return aboutPartner('Your partner', me, state.partners);
}

/**
 * A breathing pause or a break, shown the same on every screen (I13, I17): the partners' pause
 * banner and the console mount it while the room holds one.
 */
export function SlowDownNow({ state, me }: { state: RoomState; me: Viewer }) {
  const pause = state.pause;
  if (pause?.kind === 'breathing') return <BreathingPause state={state} me={me} pause={pause} />;
  if (pause?.kind === 'break') return <BreakGuidance state={state} me={me} pause={pause} />;
  return null;
}

/** I13: a calm guided minute — a slow circle (words only with reduced motion), the seconds left, who asked. */
function BreathingPause({ state, me, pause }: { state: RoomState; me: Viewer; pause: Breathing }) {
  const { send, error, busy } = useSend();
  const now = useServerNow();
  // The circle starts where the shared rhythm is now, so every screen breathes together.
  const [delay] = useState(() => -((now - pause.at) % BREATH_MS));
  const left = Math.max(0, Math.ceil((pause.until - now) / 1000));
  const breathingIn = (now - pause.at) % BREATH_MS < IN_MS;
  const minute = pause.until - pause.at === BREATHING.defaultSeconds * 1000;
  // I14: the therapist ends it early; in practice either partner.
  const mayEnd = state.mode === 'practice' ? me !== 'therapist' : me === 'therapist';
  return (
    <section className="breathing" aria-labelledby="breathing-who" data-until={pause.until}>
      {/* Announced once; the seconds below change every second and are not a live region. */}
      <div aria-live="polite">
        <h2 id="breathing-who" className="breathing-who">
          {whoAsked(pause.seat, me, state)} asked for a breathing {minute ? 'minute' : 'pause'}.
        </h2>
      </div>
      <div className="breathing-circle" style={{ animationDelay: `${delay}ms` }} aria-hidden="true" />
      <p className="breathing-words" aria-hidden="true">
        {breathingIn ? 'Breathe in…' : '…and out…'}
      </p>
      <p className="breathing-left">
        {left > 0 ? `${left} second${left === 1 ? '' : 's'} left` : 'Coming back to the room…'}
      </p>
      {mayEnd && (
        <button type="button" disabled={busy} onClick={() => send({ type: 'resume' })}>
          End early
        </button>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

/**
 * I16, I17: a flooding break — a few lines of self-soothing guidance, the time to come back in the
 * reader's clock, and the way back for whoever may take it (the caller, the moderator, either
 * partner once the time has come).
 */
function BreakGuidance({ state, me, pause }: { state: RoomState; me: Viewer; pause: Break }) {
  const { send, error, busy } = useSend();
  const { clockOffsetMs } = useRoom();
  const now = useServerNow();
  const due = now >= pause.until;
  const back = new Date(pause.until - clockOffsetMs).toLocaleTimeString([], {
    hour: 'numeric',
    minute: '2-digit',
  });
  const moderator = state.mode === 'therapy' ? me === 'therapist' : false;
  // I16: in a therapy room a break taken over another hold (`over`) is the therapist's to end.
  const partnerMay = !(state.mode === 'therapy' && pause.over) && (me === pause.seat || due);
  const mayReturn = moderator || (me !== 'therapist' && partnerMay);
  const minutes = Math.round((pause.until - pause.at) / 60_000);
  return (
    <section className="break-guidance" aria-labelledby="break-who">
      <div aria-live="polite">
        <h2 id="break-who">
          {whoAsked(pause.seat, me, state)} asked for a break of {minutes} minutes.
        </h2>
      </div>
      <p>Your body needs about 20 minutes to settle.</p>
      <p>Do something soothing that doesn’t replay the argument: a walk, slow breathing, music.</p>
      <p className="break-back">{due ? 'It’s time to come back.' : `Come back at ${back}.`}</p>
      {mayReturn ? (
        <button type="button" className="primary" disabled={busy} onClick={() => send({ type: 'resume' })}>
          {me === 'therapist' ? 'Resume the room' : 'Come back to the room'}
        </button>
      ) : (
        <p className="hint">
          {state.mode === 'therapy' && pause.over
            ? 'Your therapist will resume the room.'
            : 'Either of you can come back once it is time.'}
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

const BREAK_CHOICES = [
  { minutes: 20, label: '20 minutes' },
  { minutes: 30, label: '30 minutes' },
  { minutes: 60, label: 'An hour' },
] as const;

/**
 * I18: "Breathe" and "Take a break" — for a partner, under their step, no typing; on the console, two
 * compact buttons beside the pause (`compact`).
 */
export function SlowDownButtons({ state, compact = false }: { state: RoomState; compact?: boolean }) {
  const { send, error, busy } = useSend();
  // T25: the witness and the accessed partner of direct access have the safety pause, not these.
  if (state.stage === 'ended' || (state.directAccess && !compact)) return null;
  const stopped =
    state.pause?.kind === 'safety' || state.pause?.kind === 'time_out' || state.pause?.kind === 'break';
  const breathe = (
    <button
      type="button"
      className="breathe-button"
      disabled={busy || state.pause !== null}
      aria-describedby={compact ? undefined : 'breathe-what'}
      onClick={() => send({ type: 'breathe' })}
    >
      Breathe
    </button>
  );
  if (compact) {
    return (
      <>
        {breathe}
        <button
          type="button"
          disabled={busy || stopped}
          onClick={() => send({ type: 'takeBreak', minutes: BREATHING.breakMinMinutes })}
        >
          Break 20 min
        </button>
        <ErrorNote error={error} />
      </>
    );
  }
  return (
    <div className="slow-down">
      {breathe}
      <span id="breathe-what" className="sr-only">
        A guided breathing pause for everyone in the room; it ends by itself.
      </span>
      {!stopped && (
        <details className="take-break">
          <summary>Take a break</summary>
          <p className="hint">Flooded? Your body needs about 20 minutes. The room waits where it is.</p>
          <div className="take-break-choices">
            {BREAK_CHOICES.map((choice) => (
              <button
                key={choice.minutes}
                type="button"
                disabled={busy}
                aria-label={`Take a break of ${choice.label.toLowerCase()}`}
                onClick={() => send({ type: 'takeBreak', minutes: choice.minutes })}
              >
                {choice.label}
              </button>
            ))}
          </div>
        </details>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
