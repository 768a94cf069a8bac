import { useState } from 'react';
import { PARTNER_SEATS, type PartnerSeat, type RoomState } from '../../../shared/index.ts';
import { CopyLink } from '../components/CopyLink.tsx';
import { DocStatus } from '../components/DocStatus.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Export } from '../components/Export.tsx';
import { partnerLabel, partnerName } from '../components/names.ts';
import { SharedNotes } from '../components/SharedNotes.tsx';
import { SlowDownNow } from '../components/SlowDown.tsx';
import { setText, useDocHealth, useRoom, useYText } from '../room/hooks.ts';
import { useConnection } from '../room/RoomProvider.tsx';
import { ClosingNotes } from './therapist/ClosingNotes.tsx';
import { ContractTerms, SafeToSpeakAlert } from './therapist/ContractTerms.tsx';
import { Conversation } from './therapist/Conversation.tsx';
import { Drafts } from './therapist/Drafts.tsx';
import { Interventions } from './therapist/Interventions.tsx';
import { ListeningAlerts, SelfChecks } from './therapist/ListeningInside.tsx';
import { RepairAndCycle } from './therapist/RepairAndCycle.tsx';
import { RoomSettings } from './therapist/RoomSettings.tsx';
import { safetyCallers, useSafetyAlert } from './therapist/SafetyAlert.tsx';
import { SafetyNow } from './therapist/SafetyNow.tsx';
import { StatusStrip } from './therapist/StatusStrip.tsx';
import '../styles/console.css';

/**
 * The therapist's console, made to sit beside a video call (issue 9 §5): a pinned status strip, every
 * intervention in view without scrolling, and what to read — the conversation, drafts, what only
 * the therapist sees — in panes that scroll on their own.
 */
export function TherapistConsole() {
  const view = useRoom();
  const state = view.state as RoomState;
  useSafetyAlert(state);
  const callers = safetyCallers(state);
  const closing = state.stage === 'closing' || state.stage === 'ended';
  return (
    <div className="room therapist console-shell">
      <h1 className="sr-only">Dialogue Room — therapist console</h1>
      <StatusStrip state={state} presence={view.presence?.seats ?? {}} link={view.status} />
      {callers && (
        <p role="alert" className="notice alert console-alert">
          Safety pause called by {callers}. Everything has stopped; only you can resume.
        </p>
      )}
      <SafetyNow state={state} />
      {state.mode === 'therapy' && <SafeToSpeakAlert state={state} />}
      <ListeningAlerts state={state} />
      <SlowDownNow state={state} me="therapist" />
      <main className="console-body">
        <div className="console-controls">
          <Interventions state={state} />
        </div>
        <div className="console-reading">
          {closing && <ClosingNotes state={state} />}
          <Conversation state={state} />
        </div>
        <div className="console-side">
          {/* Part E (I30–I37): repairs, the therapist's marks and the cycle map, beside what only they see. */}
          <RepairAndCycle state={state} />
          <RoomSettings state={state} />
          {state.mode === 'therapy' && <ContractTerms state={state} />}
          <Drafts state={state} />
          <Private state={state} />
          <SelfChecks state={state} />
          <TherapistNotes ended={state.stage === 'ended'} />
          <SharedNotes />
          <Export me="therapist" state={state} />
          <InviteLinks state={state} />
        </div>
      </main>
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
            <h3>{partnerLabel(seat, state.partners)}</h3>
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

/**
 * A partner who lost their link gets a new one: the old one stops working at once (A5) and the
 * new one lands in the waiting room (A6).
 */
function InviteLinks({ state }: { state: RoomState }) {
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
            <CopyLink
              key={seat}
              label={`New link for ${partnerName(seat, state.partners)}`}
              link={links[seat] ?? ''}
            />
          ) : (
            <li key={seat}>
              <button type="button" onClick={() => reissue(seat)}>
                Make a new link for {partnerName(seat, state.partners)}
              </button>
            </li>
          ),
        )}
      </ul>
      <ErrorNote error={error} />
    </details>
  );
}
