import { useState } from 'react';
import { defaultTalk, type Mode, type Partners, type Seat, type Talk } from '../../../shared/index.ts';
import { SIGNED_IN_HOME, useAccount } from '../account/api.ts';
import { CopyLink } from '../components/CopyLink.tsx';
import { partnerName } from '../components/names.ts';
import { NO_NAMES, namesToSend, PartnerNameFields } from '../components/PartnerNameFields.tsx';
import '../styles/partner.css';
import '../styles/account.css';

const LAST_ROOM = 'dialogue-room:last-created-room';

interface CreatedRoom {
  roomId: string;
  mode: Mode;
  /** N1: the names the room was made with (absent from a room saved before names). */
  partners?: Partners | null;
  seats: Partial<Record<Seat, { link: string }>>;
}

type Phase =
  | { state: 'idle' }
  | { state: 'creating'; mode: Mode }
  | { state: 'created'; room: CreatedRoom }
  | { state: 'failed'; message: string };

/** Start a room: a therapist opens a session; a couple starts practising on their own. */
export function Home() {
  // M7: only a signed-in therapist starts a therapy room; others are shown the way to sign in.
  const [account] = useAccount();
  // The links of the room made last in this tab come back with the Back button (sessionStorage only).
  const [phase, setPhase] = useState<Phase>(() => {
    const saved = sessionStorage.getItem(LAST_ROOM);
    return saved ? { state: 'created', room: JSON.parse(saved) as CreatedRoom } : { state: 'idle' };
  });

  // T37: how the partners will say each step, asked for both kinds of room (therapy: spoken unless changed).
  const [talk, setTalk] = useState<Record<Mode, Talk>>({
    therapy: defaultTalk('therapy'),
    practice: defaultTalk('practice'),
  });

  // N1: a couple may type their names for a practice room.
  const [names, setNames] = useState(NO_NAMES);

  async function create(mode: Mode) {
    const named = mode === 'practice' ? namesToSend(names) : {};
    if (named.problem) return setPhase({ state: 'failed', message: named.problem });
    setPhase({ state: 'creating', mode });
    try {
      const res = await fetch('/api/rooms', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          mode,
          talk: talk[mode],
          ...(named.partners ? { partners: named.partners } : {}),
        }),
      });
      const body = (await res.json().catch(() => ({}))) as CreatedRoom & { error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? 'The room could not be created.');
      sessionStorage.setItem(LAST_ROOM, JSON.stringify(body));
      setPhase({ state: 'created', room: body });
    } catch (error) {
      setPhase({
        state: 'failed',
        message: error instanceof Error ? error.message : 'The room could not be created.',
      });
    }
  }

  return (
    <main className="page home">
      <header className="intro">
        <h1>Dialogue Room</h1>
        <p className="lead">
          A calm place to practise speaking for your parts and listening with an open heart — with your
          therapist, or on your own between sessions.
        </p>
      </header>

      {account.state === 'signedIn' && (
        <nav className="signed-in-bar" aria-label="Your account">
          <p>Signed in as {account.therapist.name}.</p>
          <a href={SIGNED_IN_HOME}>Your practice</a>
          <a href="/account">Your account</a>
        </nav>
      )}

      {phase.state !== 'created' && (
        <section className="choices" aria-label="Start a room">
          <article className="card">
            <h2>For a session with your therapist</h2>
            <p>The therapist starts the room and sends each partner their own link.</p>
            {account.state === 'signedIn' ? (
              <>
                <TalkChoice
                  mode="therapy"
                  talk={talk.therapy}
                  onChange={(t) => setTalk({ ...talk, therapy: t })}
                />
                <button
                  type="button"
                  className="primary"
                  onClick={() => create('therapy')}
                  disabled={phase.state === 'creating'}
                >
                  {phase.state === 'creating' && phase.mode === 'therapy'
                    ? 'Starting…'
                    : 'Start a therapy room'}
                </button>
              </>
            ) : (
              <>
                <p>Therapists: sign in to start a session room.</p>
                <p>
                  <a className="button primary" href="/signin">
                    Sign in
                  </a>
                  {account.state === 'signedOut' && account.signup !== 'closed' && (
                    <a className="button" href="/signup">
                      Create an account
                    </a>
                  )}
                </p>
              </>
            )}
          </article>
          <article className="card">
            <h2>To practise as a couple</h2>
            <p>The room guides you through each step. Send the second link to your partner.</p>
            <PracticeSafetyNotice />
            <PartnerNameFields names={names} onChange={setNames} />
            <TalkChoice
              mode="practice"
              talk={talk.practice}
              onChange={(t) => setTalk({ ...talk, practice: t })}
            />
            <button
              type="button"
              className="primary"
              onClick={() => create('practice')}
              disabled={phase.state === 'creating'}
            >
              {phase.state === 'creating' && phase.mode === 'practice'
                ? 'Starting…'
                : 'Start a practice room'}
            </button>
          </article>
        </section>
      )}

      {phase.state === 'failed' && (
        <p role="alert" className="notice error">
          {phase.message}
        </p>
      )}

      {phase.state === 'created' && (
        <>
          <CreatedLinks room={phase.room} />
          <button
            type="button"
            onClick={() => {
              sessionStorage.removeItem(LAST_ROOM);
              setPhase({ state: 'idle' });
            }}
          >
            Start another room
          </button>
        </>
      )}
    </main>
  );
}

function CreatedLinks({ room }: { room: CreatedRoom }) {
  const therapy = room.mode === 'therapy';
  const own = therapy ? room.seats.therapist?.link : room.seats.A?.link;
  return (
    <section className="card created" aria-labelledby="created-title">
      <h2 id="created-title">{therapy ? 'Your therapy room is ready' : 'Your practice room is ready'}</h2>
      <p>
        Each link opens one seat and is private to that person. Send them separately (for example by text
        message); anyone with a link can join as that seat.
      </p>
      <ul className="links">
        {therapy && (
          <CopyLink label={`${partnerName('A', room.partners)}'s link`} link={room.seats.A?.link ?? ''} />
        )}
        <CopyLink
          label={
            therapy || room.partners ? `${partnerName('B', room.partners)}'s link` : "Your partner's link"
          }
          link={room.seats.B?.link ?? ''}
        />
      </ul>
      {!therapy && <PracticeSafetyNotice />}
      {own && (
        <a className="button primary" href={own}>
          {therapy ? 'Open my therapist console' : 'Open the room'}
        </a>
      )}
      {own && (
        <p className="hint">
          Copy the partner {therapy ? 'links' : 'link'} before you open the room; they stay on this page if
          you come back to it. Keep your own link to come back later: bookmark the page it opens.
        </p>
      )}
    </section>
  );
}

const TALK_WORDS: Record<Mode, Record<Talk, string>> = {
  therapy: {
    spoken: 'Spoken — the partners talk on the video call; each step is one tap',
    written: 'Written — the partners type each step',
  },
  practice: {
    spoken: 'Spoken — we talk aloud; each step is one tap',
    written: 'Written — we type each step',
  },
};

/** Spoken or written (T37): chosen when the room is made; a moderator can switch it later. */
function TalkChoice(props: { mode: Mode; talk: Talk; onChange: (talk: Talk) => void }) {
  return (
    <fieldset className="talk-choice">
      <legend>{props.mode === 'therapy' ? 'How will the partners talk?' : 'How will you talk?'}</legend>
      {(['spoken', 'written'] as const).map((talk) => (
        <label key={talk}>
          <input
            type="radio"
            name={`talk-${props.mode}`}
            value={talk}
            checked={props.talk === talk}
            onChange={() => props.onChange(talk)}
          />{' '}
          {TALK_WORDS[props.mode][talk]}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Practice has no therapist watching (§4): these exercises are for a relationship that is safe at
 * heart, and someone who is afraid needs other help, not a better conversation.
 */
export function PracticeSafetyNotice() {
  return (
    <aside className="notice practice-safety" aria-label="Before you practise">
      <p>
        These exercises are for relationships that are fundamentally safe. If you are afraid of your partner,
        or afraid of being hurt, please don’t use this room.
      </p>
      <p>
        Instead, talk with someone you trust, a therapist, or a domestic-abuse helpline. If you or anyone is
        in danger now, call your local emergency number.
      </p>
    </aside>
  );
}
