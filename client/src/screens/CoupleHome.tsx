import { useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { type HomeApi, type HomeView, homeApi } from '../practice/api.ts';
import { formatWhen } from '../practice/format.ts';
import { forgetHomeToken, keepHomeToken, takeHomeToken, withoutFragment } from '../practice/homeToken.ts';
import { messageOf, useLoad } from '../practice/useLoad.ts';
import { HomeAssignments, OpenPractice } from './home/HomePractise.tsx';
import { HomeSessions } from './home/HomeSessions.tsx';
import { MyData } from './home/MyData.tsx';
import { MyParts } from './home/MyParts.tsx';
import { PastPractices } from './home/PastPractices.tsx';
import { ReplaceMyLink } from './home/ReplaceMyLink.tsx';
import '../styles/practice.css';

/** How often an open home looks again, so a practice the other partner started shows up by itself. */
const REFRESH_MS = 20_000;

/** `/home#token=…`: a partner's couple home, on their phone (issue 10 §2–§3). */
export function CoupleHome() {
  const [token, setToken] = useState(() => takeHomeToken(window.location.hash, localStorage));
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', withoutFragment(window.location));
  }, []);

  if (!token) {
    return (
      <main className="page home-page">
        <h1>Open your home from your link</h1>
        <p>
          Your couple’s home opens from the personal link your therapist sent you. Open that link on this
          device.
        </p>
      </main>
    );
  }
  return (
    <HomeScreen
      token={token}
      onNewToken={(next) => {
        keepHomeToken(next, localStorage);
        setToken(next);
      }}
      onForget={() => {
        forgetHomeToken(localStorage);
        setToken(null);
      }}
    />
  );
}

function HomeScreen(props: { token: string; onNewToken: (token: string) => void; onForget: () => void }) {
  const api = useMemo(() => homeApi(props.token), [props.token]);
  const load = useCallback(() => api.home(), [api]);
  const [loaded, reload] = useLoad(load);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void reload({ quiet: true });
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  if (loaded.state === 'loading') {
    return (
      <main className="page home-page" aria-busy="true">
        <p className="loading">Opening your home…</p>
      </main>
    );
  }
  if (loaded.state === 'failed') {
    const revoked = loaded.code === 'token_revoked' || loaded.code === 'unauthorized';
    return (
      <main className="page home-page">
        <h1>{revoked ? 'This link no longer opens your home' : 'Your home could not be opened'}</h1>
        <p role="alert">{loaded.message}</p>
        {revoked ? (
          <>
            <p>Open the newest link you were sent, or ask your therapist for a new one.</p>
            <button type="button" onClick={props.onForget}>
              Forget this link on this device
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={() => void reload()}>
            Try again
          </button>
        )}
      </main>
    );
  }
  return <HomeReady view={loaded.data} api={api} reload={reload} {...props} />;
}

function HomeReady(props: {
  token: string;
  view: HomeView;
  api: HomeApi;
  reload: () => Promise<void>;
  onNewToken: (token: string) => void;
  onForget: () => void;
}) {
  const { view, api } = props;
  const me = view.couple.partners[view.me];
  const other = view.couple.partners[view.me === 'A' ? 'B' : 'A'];
  const open = view.practices.find((practice) => practice.stage !== 'ended') ?? null;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Starting or joining a practice, or opening a session, takes this partner straight into their seat. */
  async function go(enter: () => Promise<{ link: string }>) {
    setBusy(true);
    setError(null);
    try {
      const seat = await enter();
      window.location.assign(seat.link);
    } catch (failed) {
      setError(messageOf(failed));
      setBusy(false);
    }
  }

  // A session going on now comes first: it is where this partner is expected.
  const live = view.sessions.some((session) => session.stage !== 'ended');
  const sessions = (
    <HomeSessions view={view} busy={busy} onOpen={(roomId) => go(() => api.joinSession(roomId))} />
  );

  return (
    <main className="page home-page">
      <header className="home-head">
        <h1>Hello, {me.name}</h1>
        <p className="lead">
          Your home with {other.name}, for practising between sessions with {view.therapist.name}.
        </p>
        {view.couple.nextSessionAt !== null && (
          <p className="next-session">
            Your next session: <strong>{formatWhen(view.couple.nextSessionAt)}</strong>
          </p>
        )}
      </header>
      <ErrorNote error={error} />
      {live && sessions}
      <OpenPractice
        open={open}
        otherName={other.name}
        busy={busy}
        onStart={(talk) => go(() => api.startPractice({ talk }))}
        onJoin={(roomId) => go(() => api.joinPractice(roomId))}
      />
      <HomeAssignments
        view={view}
        blocked={open !== null}
        busy={busy}
        onPractise={(assignmentId) => go(() => api.startPractice({ assignmentId }))}
      />
      <PastPractices view={view} api={api} reload={props.reload} />
      {!live && sessions}
      <MyParts token={props.token} partnerName={other.name} ownName={me.name} />
      <MyData token={props.token} />
      <ReplaceMyLink api={api} onNewToken={props.onNewToken} onForget={props.onForget} />
    </main>
  );
}
