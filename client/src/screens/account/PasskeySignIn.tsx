import { useState } from 'react';
import { type AccountError, SIGNED_IN_HOME } from '../../account/api.ts';
import { FormError } from '../../account/Field.tsx';
import { passkeysSupported, signInWithPasskey } from '../../account/passkeys.ts';
import '../../styles/passkeys.css';

/**
 * "Sign in with a passkey" under the password form (M13): no email typed — the browser offers the
 * passkeys it holds for this site. A passkey checks the person itself, so no code is asked after it.
 */
export function PasskeySignIn() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!passkeysSupported()) return null;

  async function signIn() {
    setBusy(true);
    setError(null);
    try {
      await signInWithPasskey();
      window.location.assign(SIGNED_IN_HOME);
    } catch (caught) {
      setError((caught as AccountError).message);
      setBusy(false);
    }
  }

  return (
    <section className="passkey-signin" aria-labelledby="passkey-signin-title">
      <h2 id="passkey-signin-title" className="sr-only">
        Or with a passkey
      </h2>
      <p>Added a passkey on the account page? Use it instead of typing your email and password.</p>
      <div>
        <button type="button" onClick={signIn} disabled={busy}>
          {busy ? 'Waiting for your device…' : 'Sign in with a passkey'}
        </button>
      </div>
      <FormError error={error} />
    </section>
  );
}
