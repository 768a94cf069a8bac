import { useState } from 'react';
import type { Talk } from '../../../../shared/index.ts';
import { CopyLink } from '../../components/CopyLink.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import {
  type Couple,
  PARTNERS,
  type PartnerSeat,
  practiceApi,
  type SessionItem,
} from '../../practice/api.ts';
import { formatWhen, isOpen, sessionFacts, stageWords } from '../../practice/format.ts';
import { useFocusOnMount } from '../../practice/useFocusOnMount.ts';
import { messageOf } from '../../practice/useLoad.ts';
import { Facts } from './Facts.tsx';

interface Started {
  roomId: string;
  console: string;
  partners: Record<PartnerSeat, string>;
}

/** Start a session, and the couple's sessions, newest first, each with its summary (issue 10 §2). */
export function CoupleSessions(props: {
  couple: Couple;
  sessions: SessionItem[];
  reload: () => Promise<void>;
}) {
  const { couple } = props;
  const [talk, setTalk] = useState<Talk>('spoken');
  const [started, setStarted] = useState<Started | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const room = await practiceApi.startSession(couple.id, talk);
      setStarted({
        roomId: room.roomId,
        console: room.seats.therapist.link,
        partners: { A: room.seats.A.link, B: room.seats.B.link },
      });
      await props.reload();
    } catch (failed) {
      setError(messageOf(failed));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      {started ? (
        <SessionReady couple={couple} started={started} onDone={() => setStarted(null)} />
      ) : (
        <div className="start-session">
          <fieldset className="talk-choice">
            <legend>
              How will {couple.partners.A.name} and {couple.partners.B.name} talk?
            </legend>
            <label className="choice">
              <input
                type="radio"
                name="session-talk"
                checked={talk === 'spoken'}
                onChange={() => setTalk('spoken')}
              />
              Spoken — on the video call; each step is one tap
            </label>
            <label className="choice">
              <input
                type="radio"
                name="session-talk"
                checked={talk === 'written'}
                onChange={() => setTalk('written')}
              />
              Written — they type each step
            </label>
          </fieldset>
          <button type="button" className="primary" onClick={start} disabled={busy}>
            {busy ? 'Starting…' : 'Start a session'}
          </button>
        </div>
      )}
      <ErrorNote error={error} />
      {props.sessions.length === 0 ? (
        <p className="hint">No sessions yet.</p>
      ) : (
        <ol className="items" aria-label="Sessions, newest first">
          {props.sessions.map((session) => (
            <SessionRow key={session.roomId} couple={couple} session={session} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** The links of a session just started: each partner's invite to send, and the console to open. */
function SessionReady(props: { couple: Couple; started: Started; onDone: () => void }) {
  const { couple, started } = props;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="started">
      <h3 ref={heading} tabIndex={-1}>
        The session is ready
      </h3>
      <p>Send each partner their own invite link; they wait until you let them in from the console.</p>
      <ul className="links">
        {PARTNERS.map((seat) => (
          <CopyLink
            key={seat}
            label={`${couple.partners[seat].name}’s invite link`}
            link={started.partners[seat]}
          />
        ))}
      </ul>
      <a className="button primary" href={started.console} target="_blank" rel="noopener">
        Open the console in a new tab
      </a>
      <a className="button" href={started.console}>
        Open the console here
      </a>
      <button type="button" onClick={props.onDone}>
        Done
      </button>
    </div>
  );
}

function SessionRow({ couple, session }: { couple: Couple; session: SessionItem }) {
  const [links, setLinks] = useState<Partial<Record<PartnerSeat, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = isOpen(session.stage);
  const when = formatWhen(session.summary?.date ?? session.createdAt);

  async function openConsole() {
    setBusy(true);
    setError(null);
    try {
      const seat = await practiceApi.consoleLink(session.roomId);
      window.location.assign(seat.link);
    } catch (failed) {
      setError(messageOf(failed));
      setBusy(false);
    }
  }

  async function resend(seat: PartnerSeat) {
    setError(null);
    try {
      const link = await practiceApi.resendSeatLink(session.roomId, seat);
      setLinks((current) => ({ ...current, [seat]: link.link }));
    } catch (failed) {
      setError(messageOf(failed));
    }
  }

  return (
    <li className="item">
      <h3>
        {when} <span className="tag">{stageWords(session.stage)}</span>
      </h3>
      <p className="hint">{session.talk === 'spoken' ? 'Spoken' : 'Written'}</p>
      <Facts facts={sessionFacts(session.summary, couple.partners)} />
      {!open && (
        <p>
          The record:{' '}
          <a href={`/practice/sessions/${encodeURIComponent(session.roomId)}/record`}>
            Print view<span className="sr-only"> of {when}</span>
          </a>{' '}
          ·{' '}
          <a href={`/api/sessions/${encodeURIComponent(session.roomId)}/record?format=md`} download>
            Markdown<span className="sr-only"> record of {when}</span>
          </a>{' '}
          ·{' '}
          <a href={`/api/sessions/${encodeURIComponent(session.roomId)}/record?format=json`} download>
            JSON<span className="sr-only"> record of {when}</span>
          </a>
        </p>
      )}
      {open && (
        <div className="row-actions">
          <button type="button" className="primary" onClick={openConsole} disabled={busy}>
            Open console
          </button>
          {PARTNERS.map((seat) =>
            links[seat] ? null : (
              <button key={seat} type="button" onClick={() => resend(seat)}>
                New invite link for {couple.partners[seat].name}
              </button>
            ),
          )}
        </div>
      )}
      {PARTNERS.some((seat) => links[seat]) && (
        <ul className="links">
          {PARTNERS.map((seat) => {
            const link = links[seat];
            return link ? (
              <CopyLink key={seat} label={`${couple.partners[seat].name}’s new invite link`} link={link} />
            ) : null;
          })}
          <li className="hint">
            The old link stops working: send the new one. Someone who was in the room waits until you let them
            in again.
          </li>
        </ul>
      )}
      <ErrorNote error={error} />
    </li>
  );
}
