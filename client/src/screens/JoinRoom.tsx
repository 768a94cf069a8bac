import { Suspense, useEffect, useMemo } from 'react';
import { isPartner, type Welcome } from '../../../shared/index.ts';
import { partnerName } from '../components/names.ts';
import { LoadingScreen, lazyScreen } from '../lazyScreen.tsx';
import { OUTDATED_MESSAGE } from '../room/connection.ts';
import { useRoom } from '../room/hooks.ts';
import { RoomProvider } from '../room/RoomProvider.tsx';
import { readSeatLink } from '../token.ts';
import { PartnerRoom } from './PartnerRoom.tsx';

// The console is the therapist's, on a laptop: a partner's phone never loads it.
const TherapistConsole = lazyScreen(() => import('./TherapistConsole.tsx').then((m) => m.TherapistConsole));

/** An invite link: the seat comes from the token in the fragment; the server decides the rest. */
export function JoinRoom() {
  const link = useMemo(() => readSeatLink(window.location.hash), []);
  // Pasting another invite link into this tab changes only the fragment: open that room instead.
  useEffect(() => {
    const reload = () => window.location.reload();
    window.addEventListener('hashchange', reload);
    return () => window.removeEventListener('hashchange', reload);
  }, []);
  if (!link) {
    return (
      <main className="page">
        <h1>This link does not open a room</h1>
        <p>It may be incomplete. Copy the whole link you were sent, or ask for a new one.</p>
        <a className="button" href="/">
          Go to the start page
        </a>
      </main>
    );
  }
  return (
    <RoomProvider link={link}>
      <RoomScreen />
    </RoomProvider>
  );
}

function RoomScreen() {
  const view = useRoom();
  if (view.status === 'closed') {
    return (
      <main className="page">
        <h1>This link no longer opens the room</h1>
        <p role="alert">{view.closedReason}</p>
        <p>Ask the person who invited you for a new link. Nothing said in the room is lost.</p>
        <a className="button" href="/">
          Go to the start page
        </a>
      </main>
    );
  }
  if (view.status === 'outdated') {
    return (
      <main className="page">
        <h1>This room was updated</h1>
        <p role="alert">{OUTDATED_MESSAGE}</p>
        <p>Nothing you typed is lost.</p>
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </main>
    );
  }
  if (!view.welcome) {
    return (
      <main className="page" aria-busy="true">
        <p className="loading">Opening the room…</p>
      </main>
    );
  }
  if (!view.welcome.admitted) {
    return (
      <main className="page waiting">
        <h1>{waitingGreeting(view.welcome)}</h1>
        <p className="lead">Your therapist will let you in shortly.</p>
        <p>While you wait: take a breath, and notice how you are arriving today.</p>
      </main>
    );
  }
  if (!view.state) {
    return (
      <main className="page" aria-busy="true">
        <p className="loading">Bringing the room up to date…</p>
      </main>
    );
  }
  if (view.welcome.seat !== 'therapist') return <PartnerRoom />;
  return (
    <Suspense fallback={<LoadingScreen />}>
      <TherapistConsole />
    </Suspense>
  );
}

/** "Welcome, Sam" when the room has names (N2: the waiting room has them from its welcome). */
function waitingGreeting(welcome: Welcome): string {
  const seat = welcome.seat;
  return welcome.partners && isPartner(seat) ? `Welcome, ${partnerName(seat, welcome.partners)}` : 'Welcome';
}
