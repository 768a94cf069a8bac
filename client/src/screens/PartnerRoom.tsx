import { Suspense, useEffect } from 'react';
import {
  currentRound,
  otherPartner,
  type PartnerSeat,
  type PresenceStatus,
  type RoomState,
  roleOf,
  STEP_ACTOR,
} from '../../../shared/index.ts';
import { Composer } from '../components/Composer.tsx';
import { ConnectionBadge } from '../components/ConnectionBadge.tsx';
import { PartnerControls, PauseBanner, SafetyButton } from '../components/Controls.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Export } from '../components/Export.tsx';
import { aboutPartner, partnerName } from '../components/names.ts';
import { PartForm } from '../components/PartForm.tsx';
import { Record } from '../components/Record.tsx';
import { SafetyHelp } from '../components/SafetyHelp.tsx';
import { SharedNotes } from '../components/SharedNotes.tsx';
import { formatDuration, useTimeLeft } from '../components/timer.ts';
import { useRoom, useSend } from '../room/hooks.ts';
import { STEP_COPY } from '../steps.ts';
import { CheckInStage } from './partner/CheckInStage.tsx';
import { ContractStage } from './partner/ContractStage.tsx';
import { CycleView } from './partner/CycleView.tsx';
import { FirstTimeExplainer } from './partner/FirstTimeExplainer.tsx';
import { RoundStepPanel, useFocusOnChange } from './partner/RoundStepPanel.tsx';
import { SessionStartCheck } from './partner/SessionStartCheck.tsx';
import { therapistMoveFor } from './partner/therapistMove.ts';
import '../styles/partner.css';
import { LoadingPanel, lazyPanel, prefetchWhenIdle } from '../lazyScreen.tsx';

// Steps that come later in a session, or only in some sessions: not in the partner's first load,
// fetched once the room is on screen (prefetchWhenIdle) so they are there when the step comes.
const loadClosingStage = () => import('./partner/ClosingStage.tsx').then((m) => m.ClosingStage);
const loadRepairOffer = () => import('./partner/RepairOffer.tsx').then((m) => m.RepairOffer);
const loadTherapistMoveCard = () => import('./partner/TherapistMoves.tsx').then((m) => m.TherapistMoveCard);
const ClosingStage = lazyPanel(loadClosingStage);
const RepairOffer = lazyPanel(loadRepairOffer);
const TherapistMoveCard = lazyPanel(loadTherapistMoveCard);

/** A partner's room, often on a phone: whose turn it is and what to do now, large and calm. */
export function PartnerRoom() {
  const view = useRoom();
  const state = view.state as RoomState;
  const me = view.welcome?.seat as PartnerSeat;
  useEffect(() => prefetchWhenIdle([loadClosingStage, loadRepairOffer, loadTherapistMoveCard]), []);
  return (
    <div className="room partner">
      {/* Pinned, and one short row even at 200% text: is my link alive, and the safety pause (§4, §7). */}
      <header className="room-header partner-header">
        <h1 className="sr-only">Dialogue Room — {partnerName(me, state.partners)}</h1>
        <ConnectionBadge status={view.status} quiet />
        <div className="partner-header-safety">
          <SafetyButton state={state} />
        </div>
      </header>
      <main className="room-main">
        <div className="partner-whereabouts">
          <p className="who">
            You are <strong>{partnerName(me, state.partners)}</strong>
            {state.mode === 'practice' ? ' · practising together' : ''}
          </p>
          <PartnerPresence state={state} me={me} status={view.presence?.seats[otherPartner(me)]} />
          {/* T39: the session's call, beside the room; a new tab, so the room keeps its place. */}
          {state.videoLink && state.stage !== 'ended' && (
            <a className="button video-link" href={state.videoLink} target="_blank" rel="noopener noreferrer">
              Join the video call
            </a>
          )}
        </div>
        <TurnBanner state={state} me={me} />
        <PauseBanner state={state} me={me} />
        {state.pause?.kind === 'safety' && (
          <SafetyHelp state={state} me={me} resources={view.welcome?.crisisResources} />
        )}
        <SessionStartCheck state={state} me={me} />
        <Suspense fallback={<LoadingPanel />}>
          <Stage state={state} me={me} />
        </Suspense>
        {/* Part E (I30–I32, I35, I36): a repair at any moment, and this partner's view of the cycle map. */}
        {(state.repairOffers.length > 0 || state.stage === 'round' || state.stage === 'closing') && (
          // RepairOffer shows nothing before a round unless an offer exists (its own `canOffer`).
          <Suspense fallback={null}>
            <RepairOffer state={state} me={me} />
          </Suspense>
        )}
        <CycleView state={state} me={me} />
        <PartnerControls state={state} me={me} />
        <Record
          me={me}
          title={
            state.stage === 'ended'
              ? `The record of this ${state.mode === 'practice' ? 'practice' : 'session'}`
              : undefined
          }
        />
        <details className="more" open={state.stage === 'closing' || state.stage === 'ended'}>
          <summary>Shared notes and keeping a copy</summary>
          <SharedNotes />
          <Export me={me} state={state} />
        </details>
      </main>
    </div>
  );
}

const PRESENCE_WORDS: Record<PresenceStatus | 'absent', string> = {
  online: 'Your partner is here.',
  waiting: 'Your partner is in the waiting room.',
  reconnecting: 'Your partner’s connection dropped. They are reconnecting…',
  offline: 'Your partner has left the room.',
  absent: 'Your partner has not joined yet.',
};

/** Is the other partner with me? From the `presence` message the server sends every admitted seat (§5). */
function PartnerPresence({
  state,
  me,
  status,
}: {
  state: RoomState;
  me: PartnerSeat;
  status: PresenceStatus | undefined;
}) {
  if (state.stage === 'ended') return null;
  const key = status ?? 'absent';
  return (
    <p className={`partner-presence partner-presence-${key}`} role="status">
      <span className="dot" aria-hidden="true" />
      {aboutPartner(PRESENCE_WORDS[key], me, state.partners)}
    </p>
  );
}

/** Always visible, in large type: whose turn it is and which step the room is in. */
function TurnBanner({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const round = currentRound(state);
  let headline = '';
  let detail = '';
  if (state.stage === 'contract') headline = 'Agreeing to the ground rules';
  else if (state.stage === 'checkin') headline = 'Checking in';
  else if (state.stage === 'closing') headline = 'Closing the session';
  else if (state.stage === 'ended')
    headline = state.mode === 'practice' ? 'The practice has ended' : 'The session has ended';
  else if (round) {
    const copy = STEP_COPY[round.step];
    const role = roleOf(round, me);
    const actor = STEP_ACTOR[round.step];
    const mine = actor === role || (actor === 'speaker' && round.floor === 'open');
    headline =
      role === 'speaker'
        ? 'You have the floor'
        : role === 'listener'
          ? 'Your partner has the floor — you listen'
          : 'The floor is open';
    detail = `${copy.title} · ${mine ? (role === 'listener' ? 'your turn to respond' : 'your turn') : actor === 'moderator' ? (state.mode === 'therapy' ? 'your therapist’s turn' : 'either of you') : 'your partner’s turn'}`;
    // Part C (I23, I25): while the witness speaks or the therapist guides a moment, the round waits.
    if (state.witnessTurn || state.contempt) detail = `${copy.title} · the round waits a moment`;
    else if (round.floor === 'held' && round.step === 'validate' && round.responding === 'heart')
      detail = detail.replace(copy.title, 'From the heart'); // I28
  }
  return (
    <section className="turn-banner">
      <div aria-live="polite">
        <p className="headline">{aboutPartner(headline, me, state.partners)}</p>
        {detail && <p className="detail">{aboutPartner(detail, me, state.partners)}</p>}
      </div>
      {/* Outside the live region: a ticking timer would be read aloud every second. */}
      {state.timer && <Timer timer={state.timer} />}
    </section>
  );
}

function Timer({ timer }: { timer: NonNullable<RoomState['timer']> }) {
  const left = useTimeLeft(timer);
  return (
    <p className="timer">
      {timer.label ? `${timer.label}: ` : 'Timer: '}
      {left > 0
        ? `${formatDuration(left)} left${timer.pausedAt === undefined ? '' : ' (stopped while paused)'}`
        : 'time is up'}
    </p>
  );
}

function Stage({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, busy, error } = useSend();
  const overrideKey = `${state.stage}:${Boolean(state.uTurnRequests[me])}:${state.directAccess?.seat ?? ''}`;
  const heading = useFocusOnChange(overrideKey);
  // Part C (I26): the therapist's ask, the witness's turn, a stop-contempt step, a response from the heart.
  if (state.stage !== 'ended' && therapistMoveFor(state, me))
    return <TherapistMoveCard state={state} me={me} />;
  if (state.uTurnRequests[me]) {
    return (
      <section className="panel step">
        <h2 ref={heading} tabIndex={-1}>
          A moment for a U-turn
        </h2>
        <PartForm
          intro="Turn your attention inward. Which part of you is stirred up right now?"
          mode={state.mode}
          busy={busy}
          onName={(part) => send({ type: 'uTurn', part })}
        />
        <ErrorNote error={error} />
      </section>
    );
  }
  if (state.directAccess?.witness === me) {
    return (
      <section className="panel step">
        <h2 ref={heading} tabIndex={-1}>
          Witnessing
        </h2>
        <p>
          {aboutPartner(
            'Your therapist is talking with a part of your partner. You are invited to simply witness.',
            me,
            state.partners,
          )}
        </p>
        <DirectExchange state={state} me={me} witness />
      </section>
    );
  }
  if (state.directAccess?.seat === me) {
    return (
      <section className="panel step">
        <h2 ref={heading} tabIndex={-1}>
          Talking with your therapist
        </h2>
        <DirectExchange state={state} me={me} />
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
          {state.mode === 'practice' && <FirstTimeExplainer step={state.round.step} />}
          <RoundStepPanel state={state} me={me} />
        </>
      );
    case 'closing':
      return <ClosingStage state={state} me={me} />;
    case 'ended':
      return (
        <section className="panel step">
          <h2 ref={heading} tabIndex={-1}>
            Thank you
          </h2>
          <p>
            The {state.mode === 'practice' ? 'practice' : 'session'} has ended. You can keep a copy of the
            record below.
          </p>
        </section>
      );
    default:
      return null;
  }
}

/**
 * In direct access, what the therapist and the part have said so far: right above the answer box
 * for the partner, and live for the witness (issue 9 §2), newest last.
 */
function DirectExchange({
  state,
  me,
  witness = false,
}: {
  state: RoomState;
  me: PartnerSeat;
  witness?: boolean;
}) {
  const accessed = state.directAccess?.seat;
  const lines = state.directExchanges
    .filter((line) => line.seat === 'therapist' || line.seat === accessed)
    .slice(witness ? -6 : -4);
  if (lines.length === 0) return null;
  return (
    <div className="context" aria-live={witness ? 'polite' : undefined}>
      {lines.map((line) => (
        <blockquote key={line.seq}>
          <p className="who">
            {line.seat === 'therapist'
              ? 'Your therapist'
              : witness
                ? aboutPartner('Your partner’s part', me, state.partners)
                : 'You'}
          </p>
          <p>{line.text}</p>
        </blockquote>
      ))}
    </div>
  );
}
