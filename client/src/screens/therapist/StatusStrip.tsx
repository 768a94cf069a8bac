import {
  currentRound,
  PARTNER_SEATS,
  type PartnerSeat,
  type PresenceStatus,
  type RoomState,
  STEP_ACTOR,
} from '../../../../shared/index.ts';
import { ConnectionBadge } from '../../components/ConnectionBadge.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { formatDuration, useTimeLeft } from '../../components/timer.ts';
import type { LinkStatus } from '../../room/connection.ts';
import { useSend } from '../../room/hooks.ts';
import { STEP_COPY } from '../../steps.ts';
import { AlertsToggle } from './SafetyAlert.tsx';

const STAGE_TITLE: Record<RoomState['stage'], string> = {
  contract: 'Ground rules',
  checkin: 'Check-in',
  round: 'Round',
  closing: 'Closing',
  ended: 'Ended',
};

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

function where(state: RoomState): string {
  const round = currentRound(state);
  if (!round) return STAGE_TITLE[state.stage];
  const topic = round.floor === 'held' && round.topic ? ` · “${round.topic}”` : '';
  return `Round ${round.number} · ${STEP_COPY[round.step].title}${topic}`;
}

function pauseLabel(kind: NonNullable<RoomState['pause']>['kind']): string {
  return {
    pause: 'Paused',
    time_out: 'Time-out',
    safety: 'Safety pause',
    connection: 'Paused: a connection dropped',
  }[kind];
}

/** What should happen next, in a few words: who acts, or what the therapist might do. */
function nextAction(state: RoomState): string {
  if (state.pause) return 'Resume when it is right.';
  if (state.endRequested) return 'Confirm or cancel the end.';
  if (!state.admitted.A || !state.admitted.B) return 'Next: let the partners in.';
  const round = currentRound(state);
  switch (state.stage) {
    case 'contract':
      return 'Next: both agree to the ground rules.';
    case 'checkin':
      return 'Next: the check-in (or skip it).';
    case 'closing':
      return 'Next: each shares a closing note; then end the session.';
    case 'ended':
      return 'The session has ended.';
    case 'round':
      if (!round || round.floor === 'open')
        return 'Next: a partner asks for the floor (or choose who speaks first).';
      if (round.step === 'next') return 'Next: swap roles or move to closing.';
      return `Next: Partner ${actorOf(round.speaker, round.step)}'s move.`;
  }
}

function actorOf(speaker: PartnerSeat, step: keyof typeof STEP_ACTOR): PartnerSeat {
  return STEP_ACTOR[step] === 'listener' ? (speaker === 'A' ? 'B' : 'A') : speaker;
}

function roleOf(state: RoomState, seat: PartnerSeat): string | null {
  if (state.directAccess?.witness === seat) return 'witness';
  const round = currentRound(state);
  if (round?.floor !== 'held') return null;
  return round.speaker === seat ? 'speaker' : 'listener';
}

/** What a partner is doing now, without repeating the step's name (the strip shows it once). */
function doing(state: RoomState, seat: PartnerSeat): string {
  if (!state.admitted[seat]) return 'not in yet';
  if (state.directAccess?.seat === seat) return 'talking with you';
  if (state.directAccess?.witness === seat) return 'witnessing';
  if (state.uTurnRequests[seat]) return 'asked for a U-turn';
  switch (state.stage) {
    case 'contract':
      return state.contract[seat] ? 'agreed' : 'reading the ground rules';
    case 'checkin':
      return state.checkIns[seat] ? 'checked in' : 'checking in';
    case 'closing':
      return state.closing[seat] ? 'shared a closing note' : 'writing a closing note';
    case 'ended':
      return 'session ended';
    case 'round': {
      const round = state.round;
      if (round.floor === 'open') return 'may ask for the floor';
      if (round.step === 'next') return 'done with this round';
      return actorOf(round.speaker, round.step) === seat ? 'their move' : 'waiting';
    }
  }
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
