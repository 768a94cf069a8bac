import { useEffect, useState } from 'react';
import {
  currentRound,
  otherPartner,
  PARTNER_SEATS,
  type PartnerSeat,
  type RoomState,
} from '../../../shared/index.ts';
import { ConnectionBadge } from '../components/ConnectionBadge.tsx';
import { PauseBanner } from '../components/Controls.tsx';
import { CopyLink } from '../components/CopyLink.tsx';
import { DocStatus } from '../components/DocStatus.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Export } from '../components/Export.tsx';
import { Record } from '../components/Record.tsx';
import { SharedNotes } from '../components/SharedNotes.tsx';
import { formatDuration, useTimeLeft } from '../components/timer.ts';
import { setText, useDocHealth, useRoom, useSend, useYText } from '../room/hooks.ts';
import { useConnection } from '../room/RoomProvider.tsx';
import { STEP_COPY } from '../steps.ts';
import { Interventions } from './therapist/Interventions.tsx';

/** The therapist's console: who is here, where the round is, one click to intervene, what only they see. */
export function TherapistConsole() {
  const view = useRoom();
  const state = view.state as RoomState;
  return (
    <div className="room therapist">
      <header className="room-header">
        <p className="who">
          <strong>Therapist console</strong>
        </p>
        <ConnectionBadge status={view.status} />
      </header>
      <h1 className="sr-only">Dialogue Room — therapist console</h1>
      <SafetyTitle active={state.pause?.kind === 'safety'} />
      {state.pause?.kind === 'safety' && (
        <p role="alert" className="notice alert fixed-alert">
          Safety pause called by {state.pause.callers.map((seat) => `Partner ${seat}`).join(' and ')}.
        </p>
      )}
      <main className="console">
        <div className="column">
          <Participants state={state} presence={view.presence?.seats ?? {}} />
          <InviteLinks />
          <Where state={state} />
          <PauseBanner state={state} me="therapist" />
          <Interventions state={state} />
        </div>
        <div className="column">
          <Drafts state={state} />
          <Private state={state} />
          <TherapistNotes ended={state.stage === 'ended'} />
        </div>
        <div className="column">
          <Record me="therapist" />
          <SharedNotes />
          <Export me="therapist" state={state} />
        </div>
      </main>
    </div>
  );
}

function Participants({ state, presence }: { state: RoomState; presence: Partial<Record<string, string>> }) {
  const { send, error, busy } = useSend();
  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title">Who is here</h2>
      <ul className="people">
        {PARTNER_SEATS.map((seat) => {
          const status = presence[seat] ?? 'offline';
          return (
            <li key={seat}>
              <span>Partner {seat}</span> <span className={`presence presence-${status}`}>{status}</span>
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

function Where({ state }: { state: RoomState }) {
  const round = currentRound(state);
  return (
    <section className="panel" aria-labelledby="where-title">
      <h2 id="where-title">Where we are</h2>
      {round ? (
        <>
          <p className="headline">{STEP_COPY[round.step].title}</p>
          <p>
            Round {round.number}
            {round.floor === 'held'
              ? ` · Partner ${round.speaker} speaks, Partner ${otherPartner(round.speaker)} listens`
              : ' · the floor is open'}
            {round.floor === 'held' && round.topic ? ` · “${round.topic}”` : ''}
          </p>
        </>
      ) : (
        <p className="headline">
          {
            {
              contract: 'Ground rules',
              checkin: 'Check-in',
              closing: 'Closing',
              ended: 'Ended',
              round: 'Round',
            }[state.stage]
          }
        </p>
      )}
      {state.timer && <TimerLeft timer={state.timer} />}
    </section>
  );
}

/** Each partner's draft as it forms (D4), and the urges to speak (T17). */
function Drafts({ state }: { state: RoomState }) {
  return (
    <section className="panel drafts" aria-labelledby="drafts-title">
      <h2 id="drafts-title">Drafts as they form</h2>
      {/* D10: after the end the drafts are their authors' alone; not even asked for. */}
      {state.stage === 'ended' ? (
        <p className="hint">The session has ended: each draft stays with its author.</p>
      ) : (
        PARTNER_SEATS.map((seat) => <Draft key={seat} seat={seat} />)
      )}
      {state.urges.length > 0 && (
        <p className="urges">
          Urges to speak:{' '}
          {state.urges
            .map((urge) => `Partner ${urge.seat} at ${new Date(urge.at).toLocaleTimeString()}`)
            .join('; ')}
        </p>
      )}
    </section>
  );
}

function Draft({ seat }: { seat: PartnerSeat }) {
  const { value } = useYText(`draft/${seat}`);
  return (
    <div className="draft">
      <h3>Partner {seat}</h3>
      <p className="draft-text" data-testid={`draft-${seat}`}>
        {value || <span className="hint">(nothing being typed)</span>}
      </p>
    </div>
  );
}

/** What the partners shared with the therapist only: check-ins, named parts, safety plans. */
function Private({ state }: { state: RoomState }) {
  return (
    <section className="panel" aria-labelledby="private-title">
      <h2 id="private-title">Shared with you only</h2>
      {PARTNER_SEATS.map((seat) => {
        const checkIn = state.checkIns[seat]?.content;
        const part = state.parts[seat];
        const plan = state.safetyPlans[seat]?.plan;
        return (
          <div key={seat} className="private-seat">
            <h3>Partner {seat}</h3>
            {checkIn && (
              <p>
                Check-in: {checkIn.parts.join(', ') || '—'}
                {checkIn.body ? ` · felt in ${checkIn.body}` : ''}
                {checkIn.selfEnergy !== undefined ? ` · Self-energy ${checkIn.selfEnergy}/10` : ''}
              </p>
            )}
            {part && (
              <p>
                Part: {part.name} ({part.kind.replace('_', ' ')})
                {part.feltWhere ? ` · ${part.feltWhere}` : ''}
                {part.fears ? ` · fears ${part.fears}` : ''}
              </p>
            )}
            {plan && (
              <p>
                Safety plan: {plan.location ?? '—'} · {plan.emergencyContact ?? '—'}
              </p>
            )}
            {state.contract[seat]?.safeWord && <p>Safe word: {state.contract[seat]?.safeWord}</p>}
          </div>
        );
      })}
    </section>
  );
}

/** D6: the therapist's private notes, a document no partner can open; read-only after the end (D10). */
function TherapistNotes({ ended }: { ended: boolean }) {
  const { text, value } = useYText('therapist-notes');
  const closed = useDocHealth('therapist-notes').closedReason !== null;
  return (
    <section className="panel" aria-labelledby="private-notes-title">
      <h2 id="private-notes-title">My private notes</h2>
      <label htmlFor="private-notes" className="sr-only">
        My private notes
      </label>
      <textarea
        id="private-notes"
        rows={6}
        value={value}
        onChange={(e) => setText(text, e.target.value)}
        readOnly={ended || closed}
        aria-describedby="private-notes-status"
      />
      <p className="hint">
        No partner can ever see these.{ended ? ' The session has ended: they are kept as they are.' : ''}
      </p>
      <DocStatus name="therapist-notes" id="private-notes-status" />
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

/** A safety pause must not be missed: the tab's title says so too. */
function SafetyTitle({ active }: { active: boolean }) {
  useEffect(() => {
    document.title = active ? '⚠ Safety pause — Dialogue Room' : 'Dialogue Room — therapist console';
  }, [active]);
  return null;
}

/**
 * A partner who lost their link gets a new one: the old one stops working at once (A5) and the
 * new one lands in the waiting room (A6).
 */
function InviteLinks() {
  const connection = useConnection();
  const [links, setLinks] = useState<Partial<Record<PartnerSeat, string>>>({});
  const [error, setError] = useState<string | null>(null);
  async function reissue(seat: PartnerSeat) {
    setError(null);
    const res = await fetch(`/api/rooms/${connection.link.roomId}/seats/${seat}/reissue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${connection.link.token}` },
    });
    const body = (await res.json()) as { link?: string; error?: { message: string } };
    if (!res.ok || !body.link) return setError(body.error?.message ?? 'A new link could not be made.');
    setLinks((current) => ({ ...current, [seat]: body.link }));
  }
  return (
    <details className="panel">
      <summary>Partner links</summary>
      <p className="hint">
        Lost a link? Make a new one: the old link stops working, and the partner waits for you to let them in
        again.
      </p>
      <ul className="links">
        {PARTNER_SEATS.map((seat) =>
          links[seat] ? (
            <CopyLink key={seat} label={`New link for Partner ${seat}`} link={links[seat] ?? ''} />
          ) : (
            <li key={seat}>
              <button type="button" onClick={() => reissue(seat)}>
                Make a new link for Partner {seat}
              </button>
            </li>
          ),
        )}
      </ul>
      <ErrorNote error={error} />
    </details>
  );
}
