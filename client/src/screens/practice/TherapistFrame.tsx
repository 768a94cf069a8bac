import type { ReactNode } from 'react';
import '../../styles/practice.css';

/** The therapist's pages: a quiet bar back to the couples list and the account, then the page. */
export function TherapistFrame({ children, busy = false }: { children: ReactNode; busy?: boolean }) {
  return (
    <>
      <header className="practice-bar">
        <nav aria-label="Your practice">
          <a href="/practice">Your couples</a>
          <a href="/account">Account</a>
        </nav>
      </header>
      <main className="page practice-page" aria-busy={busy}>
        {children}
      </main>
    </>
  );
}

/** What a therapist page shows when the server says nobody is signed in, or the page failed. */
export function TherapistRefusal({ code, message }: { code: string; message: string }) {
  if (code === 'unauthorized') {
    return (
      <TherapistFrame>
        <h1>Sign in to see your couples</h1>
        <p>Your couples, their sessions and practice are kept behind your therapist account.</p>
        <a className="button primary" href="/signin">
          Sign in
        </a>
      </TherapistFrame>
    );
  }
  if (code === 'not_found') {
    return (
      <TherapistFrame>
        <h1>There is no such couple</h1>
        <p>It may have been deleted, or the address is incomplete.</p>
        <a className="button" href="/practice">
          Back to your couples
        </a>
      </TherapistFrame>
    );
  }
  return (
    <TherapistFrame>
      <h1>This page could not be loaded</h1>
      <p role="alert" className="notice error">
        {message}
      </p>
      <button type="button" onClick={() => window.location.reload()}>
        Try again
      </button>
    </TherapistFrame>
  );
}
