import { useEffect, useState } from 'react';
import {
  PARTNER_SEATS,
  type PartnerSeat,
  type PresenceStatus,
  type RoomState,
  shorterAskCounts,
  timerRemaining,
} from '../../../../shared/index.ts';
import { ConnectionBadge } from '../../components/ConnectionBadge.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { partnerLabel, partnerName } from '../../components/names.ts';
import { formatDuration } from '../../components/timer.ts';
import type { LinkStatus } from '../../room/connection.ts';
import { useRoom, useSend } from '../../room/hooks.ts';
import { doing, nextAction, partSpeakingCounts, pauseLabel, roleOf, where } from './roomStatus.ts';
import { AlertsToggle } from './SafetyAlert.tsx';

/**
 * The pinned strip a therapist glances at while talking (issue 9 §5): where the room is, the timer,
 * and for each partner presence, role, what they are doing, urges to speak and the part now named.
 * Each partner's row is a list of small facts, so later ones (spoken mode, "shorter, please") slot in.
 */
export function StatusStrip(props: {
  state: RoomState;
  presence: Partial<Record<string, PresenceStatus>>;
  link: LinkStatus;
}) {
  const { state } = props;
  const { send, error, busy } = useSend();
  const shorter = shorterAskCounts(state);
  const patterns = partSpeakingCounts(state);
  return (
    <section className="console-strip" aria-label="Room status">
      <div className="strip-top">
        <p className="strip-where">
          <strong>{where(state)}</strong>
          {state.pause && <span className="chip warn">{pauseLabel(state.pause.kind)}</span>}
          <span className="strip-next">{nextAction(state)}</span>
        </p>
        {state.timer && <TimerLeft timer={state.timer} />}
        <TalkSwitch state={state} busy={busy} send={send} />
        {state.videoLink && (
          <a className="video-link" href={state.videoLink} target="_blank" rel="noopener noreferrer">
            Join the video call
          </a>
        )}
        <AlertsToggle />
        <ConnectionBadge status={props.link} />
      </div>
      <h2 className="sr-only">Who is here</h2>
      <ul className="strip-people">
        {PARTNER_SEATS.map((seat) => {
          const status = props.presence[seat] ?? 'offline';
          const urges = state.urges.filter((urge) => urge.seat === seat).length;
          const named = partsNamed(state, seat);
          const role = roleOf(state, seat);
          return (
            <li key={seat}>
              <span className="name">{partnerLabel(seat, state.partners)}</span>
              <span className={`presence presence-${status}`}>{status}</span>
              {role && <span className="chip">{role}</span>}
              <span className="doing">{doing(state, seat)}</span>
              {urges > 0 && (
                <span className="chip urge">
                  {urges} {urges === 1 ? 'urge' : 'urges'} to speak
                </span>
              )}
              {named.length > 0 && (
                <span className="part">
                  {named.length === 1 ? 'part' : 'parts'}:{' '}
                  {named.map(({ seq, name, listening }, i) => (
                    <span key={seq}>
                      {i > 0 && ', '}
                      <q>{name}</q>
                      {listening && ' (while listening)'}
                    </span>
                  ))}
                </span>
              )}
              {shorter[seat] > 0 && <span className="chip">asked “shorter” {shorter[seat]}×</span>}
              {patterns[seat] > 0 && (
                <span className="chip" title="Blaming or contemptuous wording found in their words (W1–W4)">
                  {patterns[seat]} part-speaking {patterns[seat] === 1 ? 'pattern' : 'patterns'}
                </span>
              )}
              {!state.admitted[seat] && status === 'waiting' && (
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => send({ type: 'admit', seat })}
                >
                  Let {partnerName(seat, state.partners)} in
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <ErrorNote error={error} />
    </section>
  );
}

/**
 * T28: what is left on the room's timer, on the server's clock. While the room is paused the timer
 * is frozen (`pausedAt`), so it says so and does not count down.
 */
function TimerLeft({ timer }: { timer: NonNullable<RoomState['timer']> }) {
  const { clockOffsetMs } = useRoom();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, []);
  const left = timerRemaining(timer, now + clockOffsetMs);
  const frozen = timer.pausedAt !== undefined;
  return (
    <p className="timer">
      Timer{timer.label ? ` (${timer.label})` : ''}:{' '}
      {left > 0 ? `${formatDuration(left)} left` : 'time is up'}
      {frozen && left > 0 && <span className="chip">frozen while paused</span>}
    </p>
  );
}

/** T37: how the partners talk — aloud on the call, or typed — and the switch, at any time. */
function TalkSwitch(props: {
  state: RoomState;
  busy: boolean;
  send: (command: { type: 'setTalk'; talk: 'spoken' | 'written' }) => unknown;
}) {
  const spoken = props.state.talk === 'spoken';
  const other = spoken ? 'written' : 'spoken';
  return (
    <p className="talk">
      <span className="chip">{spoken ? 'Spoken: partners talk on the call' : 'Written: partners type'}</span>
      <button
        type="button"
        className="quiet"
        disabled={props.busy || props.state.stage === 'ended'}
        aria-label={
          spoken
            ? 'Switch to written: partners type every step'
            : 'Switch to spoken: partners say each step aloud, one tap each'
        }
        onClick={() => props.send({ type: 'setTalk', talk: other })}
      >
        Switch to {other}
      </button>
    </p>
  );
}

/** Every part the partner named this session, newest last; the latest one alone for a log from before A16. */
function partsNamed(
  state: RoomState,
  seat: PartnerSeat,
): { seq: number; name: string; listening?: boolean }[] {
  // I1: a part named while getting ready to listen says so; the others were named to speak for.
  const named = (state.partsNamed[seat] ?? []).map((entry) => ({
    seq: entry.seq,
    name: entry.part.name,
    ...(entry.listening ? { listening: true } : {}),
  }));
  const latest = state.parts[seat]?.name;
  return named.length === 0 && latest ? [{ seq: 0, name: latest }] : named;
}
