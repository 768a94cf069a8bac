import { type PartnerSeat, type RoomState, STEP_ACTOR } from '../../../shared/index.ts';
import { Composer } from '../components/Composer.tsx';
import { ConnectionBadge } from '../components/ConnectionBadge.tsx';
import { PartnerControls, PauseBanner } from '../components/Controls.tsx';
import { Export } from '../components/Export.tsx';
import { PartForm } from '../components/PartForm.tsx';
import { Record } from '../components/Record.tsx';
import { SharedNotes } from '../components/SharedNotes.tsx';
import { formatDuration, useTimeLeft } from '../components/timer.ts';
import { useRoom, useSend } from '../room/hooks.ts';
import { STEP_COPY } from '../steps.ts';
import { CheckInStage } from './partner/CheckInStage.tsx';
import { ClosingStage } from './partner/ClosingStage.tsx';
import { ContractStage } from './partner/ContractStage.tsx';
import { FirstTimeExplainer } from './partner/FirstTimeExplainer.tsx';
import { RoundStepPanel } from './partner/RoundStepPanel.tsx';

/** A partner's room, often on a phone: whose turn it is and what to do now, large and calm. */
export function PartnerRoom() {
  const view = useRoom();
  const state = view.state as RoomState;
  const me = view.welcome?.seat as PartnerSeat;
  return (
    <div className="room partner">
      <header className="room-header">
        <p className="who">
          You are <strong>Partner {me}</strong>
          {state.mode === 'practice' ? ' · practising together' : ''}
        </p>
        <ConnectionBadge status={view.status} />
      </header>
      <main className="room-main">
        <TurnBanner state={state} me={me} />
        <PauseBanner state={state} me={me} />
        <Stage state={state} me={me} />
        <PartnerControls state={state} me={me} />
        <Record me={me} />
        <SharedNotes />
        <Export me={me} state={state} />
      </main>
    </div>
  );
}

/** Always visible, in large type: whose turn it is and which step the room is in. */
function TurnBanner({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const round = state.round;
  let headline = '';
  let detail = '';
  if (state.stage === 'contract') headline = 'Agreeing to the ground rules';
  else if (state.stage === 'checkin') headline = 'Checking in';
  else if (state.stage === 'closing') headline = 'Closing the session';
  else if (state.stage === 'ended') headline = 'The session has ended';
  else if (round) {
    const copy = STEP_COPY[round.step];
    const role = round.speaker === null ? null : round.speaker === me ? 'speaker' : 'listener';
    const actor = STEP_ACTOR[round.step];
    const mine = actor === role || (actor === 'speaker' && round.speaker === null);
    headline =
      role === 'speaker'
        ? 'You have the floor'
        : role === 'listener'
          ? 'Your partner has the floor — you listen'
          : 'The floor is open';
    detail = `${copy.title} · ${mine ? 'your turn' : actor === 'moderator' ? (state.mode === 'therapy' ? 'your therapist’s turn' : 'either of you') : 'your partner’s turn'}`;
  }
  return (
    <section className="turn-banner" aria-live="polite">
      <p className="headline">{headline}</p>
      {detail && <p className="detail">{detail}</p>}
      {state.timer && <Timer timer={state.timer} />}
    </section>
  );
}

function Timer({ timer }: { timer: NonNullable<RoomState['timer']> }) {
  const left = useTimeLeft(timer);
  return (
    <p className="timer">
      {timer.label ? `${timer.label}: ` : 'Timer: '}
      {left > 0 ? `${formatDuration(left)} left` : 'time is up — finish the sentence you are on'}
    </p>
  );
}

function Stage({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, busy, error } = useSend();
  if (state.uTurnRequests[me]) {
    return (
      <section className="panel step">
        <h2>A moment for a U-turn</h2>
        <PartForm
          intro="Turn your attention inward. Which part of you is stirred up right now?"
          busy={busy}
          onName={(part) => send({ type: 'uTurn', part })}
        />
        {error && (
          <p role="alert" className="notice error">
            {error}
          </p>
        )}
      </section>
    );
  }
  if (state.directAccess?.witness === me) {
    return (
      <section className="panel step">
        <h2>Witnessing</h2>
        <p>Your therapist is talking with a part of your partner. You are invited to simply witness.</p>
      </section>
    );
  }
  if (state.directAccess?.seat === me) {
    return (
      <section className="panel step">
        <h2>Talking with your therapist</h2>
        <Composer
          seat={me}
          label="Your therapist is talking with your part. Let it answer."
          stems={[]}
          action="Send"
          busy={busy}
          onSend={(text) => send({ type: 'directSay', text })}
        />
      </section>
    );
  }
  switch (state.stage) {
    case 'contract':
      return <ContractStage state={state} me={me} />;
    case 'checkin':
      return <CheckInStage state={state} me={me} />;
    case 'round':
      return (
        <>
          {state.mode === 'practice' && state.round && <FirstTimeExplainer step={state.round.step} />}
          <RoundStepPanel state={state} me={me} />
        </>
      );
    case 'closing':
      return <ClosingStage state={state} me={me} />;
    case 'ended':
      return (
        <section className="panel step">
          <h2>Thank you</h2>
          <p>The session has ended. You can keep a copy of the record below.</p>
        </section>
      );
    default:
      return null;
  }
}
