import { type FormEvent, useState } from 'react';
import {
  type AccountError,
  accountRequest,
  SIGNED_IN_HOME,
  type Therapist,
  useAccount,
} from '../../account/api.ts';
import { Field, FormError } from '../../account/Field.tsx';
import { CopyLink } from '../../components/CopyLink.tsx';
import { Passkeys } from './Passkeys.tsx';
import { SetupQr } from './SetupQr.tsx';
import '../../styles/account.css';

/** `/account`: who is signed in, two-step sign-in (M8), passkeys (M12), inviting a colleague (M10), signing out (M4). */
export function Account() {
  const [account, reload] = useAccount();
  if (account.state === 'loading') return <p className="page loading">Loading…</p>;
  if (account.state === 'signedOut') {
    return (
      <main className="page account-page">
        <h1>Your account</h1>
        <p>You are not signed in on this browser.</p>
        <p>
          <a className="button primary" href="/signin">
            Sign in
          </a>
        </p>
      </main>
    );
  }
  const { therapist, recoveryCodesLeft } = account;
  return (
    <main className="page account-page">
      <h1>Your account</h1>
      <section className="card" aria-labelledby="who-title">
        <h2 id="who-title">{therapist.name}</h2>
        <p>{therapist.email}</p>
        <p>
          <a href={SIGNED_IN_HOME}>Your practice</a> · <a href="/">Start a room</a>
        </p>
      </section>
      <TwoStep therapist={therapist} recoveryCodesLeft={recoveryCodesLeft} onChange={reload} />
      <Passkeys />
      {account.signup !== 'closed' && <Invite />}
      <SignOut />
    </main>
  );
}

type Setup =
  | { state: 'off' }
  | { state: 'scanning'; secret: string; otpauthUrl: string }
  | { state: 'codes'; recoveryCodes: string[] };

function TwoStep(props: { therapist: Therapist; recoveryCodesLeft: number; onChange: () => void }) {
  const [setup, setSetup] = useState<Setup>({ state: 'off' });
  const [error, setError] = useState<{ field: 'code' | 'password' | 'form'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      const e = caught as AccountError;
      setError({ field: e.path === 'code' || e.path === 'password' ? e.path : 'form', message: e.message });
    } finally {
      setBusy(false);
    }
  }

  const start = () =>
    run(async () => {
      const body = await accountRequest<{ secret: string; otpauthUrl: string }>('POST', '/totp');
      setSetup({ state: 'scanning', ...body });
    });

  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    void run(async () => {
      const body = await accountRequest<{ recoveryCodes: string[] }>('POST', '/totp/confirm', { code });
      setSetup({ state: 'codes', recoveryCodes: body.recoveryCodes });
    });
  }

  function turnOff(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    void run(async () => {
      await accountRequest('DELETE', '/totp', { password });
      props.onChange();
    });
  }

  const fieldError = (field: 'code' | 'password') => (error?.field === field ? error.message : null);

  return (
    <section className="card" aria-labelledby="two-step-title">
      <h2 id="two-step-title">Two-step sign-in</h2>
      {setup.state === 'codes' ? (
        <>
          <p role="status">Two-step sign-in is on.</p>
          <p>
            <strong>Save these recovery codes now</strong> — print them or keep them in a password manager.
            Each signs you in once if you lose your phone. They are not shown again.
          </p>
          <ul className="recovery-codes" aria-label="Recovery codes">
            {setup.recoveryCodes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => {
              setSetup({ state: 'off' });
              props.onChange();
            }}
          >
            I have saved my recovery codes
          </button>
        </>
      ) : props.therapist.totp ? (
        <>
          <p>
            Two-step sign-in is on: signing in asks for a code from your authenticator app.{' '}
            <span>
              Recovery codes left: <strong>{props.recoveryCodesLeft}</strong>
            </span>
          </p>
          {props.recoveryCodesLeft <= 3 && (
            <p className="notice">
              Few recovery codes are left. To get ten new ones, turn two-step sign-in off and set it up again.
            </p>
          )}
          <form onSubmit={turnOff} noValidate>
            <Field
              id="totp-off-password"
              label="Your password, to turn two-step sign-in off"
              name="password"
              type="password"
              autoComplete="current-password"
              error={fieldError('password')}
            />
            <button type="submit" className="danger" disabled={busy}>
              Turn off two-step sign-in
            </button>
          </form>
        </>
      ) : setup.state === 'scanning' ? (
        <form onSubmit={confirm} noValidate>
          <p>
            1. In your authenticator app (for example 2FAS, Aegis, Google Authenticator or 1Password), add an
            account: scan this code, or enter the key below.
          </p>
          <SetupQr otpauthUrl={setup.otpauthUrl} />
          <div className="field">
            <label htmlFor="totp-secret">Setup key</label>
            {/* Text, not an input: on a phone the whole key stays in view, wrapped in groups of four. */}
            <output id="totp-secret" className="secret-key">
              {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
            </output>
          </div>
          <p>
            On this phone? <a href={setup.otpauthUrl}>Open it in your authenticator app</a>.
          </p>
          <Field
            id="totp-code"
            label="2. Type the 6-digit code your app shows"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            error={fieldError('code')}
          />
          <button type="submit" className="primary" disabled={busy}>
            Turn on two-step sign-in
          </button>
        </form>
      ) : (
        <>
          <p>
            Protect the couples' sessions with a code from your phone as well as your password, so a guessed
            or leaked password is not enough.
          </p>
          <button type="button" className="primary" onClick={start} disabled={busy}>
            Set up two-step sign-in
          </button>
        </>
      )}
      <FormError error={error?.field === 'form' ? error.message : null} />
    </section>
  );
}

function Invite() {
  const [invite, setInvite] = useState<{ link: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function make() {
    setError(null);
    try {
      setInvite(await accountRequest<{ link: string; expiresAt: string }>('POST', '/invites'));
    } catch (caught) {
      setError((caught as AccountError).message);
    }
  }
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a colleague</h2>
      <p>An invite link makes one therapist account and works for 7 days. Send it to your colleague only.</p>
      {invite ? (
        <>
          <ul className="links">
            <CopyLink label="Invite link" link={invite.link} />
          </ul>
          <p className="hint">Good until {new Date(invite.expiresAt).toLocaleString()}.</p>
        </>
      ) : (
        <button type="button" onClick={make}>
          Make an invite link
        </button>
      )}
      <FormError error={error} />
    </section>
  );
}

function SignOut() {
  const [error, setError] = useState<string | null>(null);
  async function signOut(path: '/signout' | '/signout-everywhere') {
    try {
      await accountRequest('POST', path);
      window.location.assign('/signin');
    } catch (caught) {
      setError((caught as AccountError).message);
    }
  }
  return (
    <section className="card" aria-labelledby="signout-title">
      <h2 id="signout-title">Sign out</h2>
      <p>"Sign out everywhere" also signs out every other browser and phone where you are signed in.</p>
      <div className="account-actions">
        <button type="button" onClick={() => signOut('/signout')}>
          Sign out
        </button>
        <button type="button" onClick={() => signOut('/signout-everywhere')}>
          Sign out everywhere
        </button>
      </div>
      <FormError error={error} />
    </section>
  );
}
