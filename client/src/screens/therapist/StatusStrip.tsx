import { PARTNER_SEATS, type PresenceStatus, type RoomState } from '../../../../shared/index.ts';
import { ConnectionBadge } from '../../components/ConnectionBadge.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { formatDuration, useTimeLeft } from '../../components/timer.ts';
import type { LinkStatus } from '../../room/connection.ts';
import { useSend } from '../../room/hooks.ts';
import { doing, nextAction, pauseLabel, roleOf, where } from './roomStatus.ts';
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
  return (
    <section className="console-strip" aria-label="Room status">
      <div className="strip-top">
        <p className="strip-where">
          <strong>{where(state)}</strong>
          {state.pause && <span className="chip warn">{pauseLabel(state.pause.kind)}</span>}
          <span className="strip-next">{nextAction(state)}</span>
        </p>
        {state.timer && <TimerLeft timer={state.timer} />}
        <AlertsToggle />
        <ConnectionBadge status={props.link} />
      </div>
      <h2 className="sr-only">Who is here</h2>
      <ul className="strip-people">
        {PARTNER_SEATS.map((seat) => {
          const status = props.presence[seat] ?? 'offline';
          const urges = state.urges.filter((urge) => urge.seat === seat).length;
          const part = state.parts[seat]?.name;
          const role = roleOf(state, seat);
          return (
            <li key={seat}>
              <span className="name">Partner {seat}</span>
              <span className={`presence presence-${status}`}>{status}</span>
              {role && <span className="chip">{role}</span>}
              <span className="doing">{doing(state, seat)}</span>
              {urges > 0 && (
                <span className="chip urge">
                  {urges} {urges === 1 ? 'urge' : 'urges'} to speak
                </span>
              )}
              {part && (
                <span className="part">
                  part: <q>{part}</q>
                </span>
              )}
              {!state.admitted[seat] && status === 'waiting' && (
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => send({ type: 'admit', seat })}
                >
                  Let Partner {seat} in
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

function TimerLeft({ timer }: { timer: NonNullable<RoomState['timer']> }) {
  const left = useTimeLeft(timer);
  return (
    <p className="timer">
      Timer{timer.label ? ` (${timer.label})` : ''}:{' '}
      {left > 0 ? `${formatDuration(left)} left` : 'time is up'}
    </p>
  );
}
