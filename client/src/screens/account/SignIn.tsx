import { type FormEvent, useRef, useState } from 'react';
import { type AccountError, accountRequest, SIGNED_IN_HOME } from '../../account/api.ts';
import { Field, FormError } from '../../account/Field.tsx';
import { PasskeySignIn } from './PasskeySignIn.tsx';
import '../../styles/account.css';

type Errors = Partial<Record<'email' | 'password' | 'code' | 'form', string>>;

/**
 * `/signin`: email and password, then — when the account has two-step sign-in (M8) — a second step
 * for the code from the authenticator app or a recovery code. Or a passkey, which needs neither (M13).
 */
export function SignIn() {
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const credentials = useRef({ email: '', password: '' });

  async function signIn(code?: string) {
    setBusy(true);
    setErrors({});
    try {
      await accountRequest('POST', '/signin', { ...credentials.current, ...(code ? { code } : {}) });
      window.location.assign(SIGNED_IN_HOME);
    } catch (error) {
      setBusy(false);
      const e = error as AccountError;
      if (e.code === 'second_factor_required') return setStep('code');
      if (e.path === 'code') return setErrors({ code: e.message });
      if (e.code === 'bad_credentials' && step === 'code') {
        setStep('password');
        return setErrors({ form: 'The email or password is not right.' });
      }
      setErrors({ form: e.code === 'bad_credentials' ? 'The email or password is not right.' : e.message });
    }
  }

  function submitPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    credentials.current = {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    };
    void signIn();
  }

  function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    if (!code) return setErrors({ code: 'Enter the code from your app, or a recovery code.' });
    void signIn(code);
  }

  return (
    <main className="page account-page">
      <h1>{step === 'password' ? 'Sign in' : 'Two-step sign-in'}</h1>
      {step === 'password' ? (
        <>
          <form onSubmit={submitPassword} noValidate>
            <Field
              id="signin-email"
              label="Email"
              name="email"
              type="email"
              autoComplete="username"
              defaultValue={credentials.current.email}
              required
              error={errors.email}
            />
            <Field
              id="signin-password"
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              error={errors.password}
            />
            <FormError error={errors.form ?? null} />
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
          <PasskeySignIn />
        </>
      ) : (
        <form onSubmit={submitCode} noValidate>
          <Field
            id="signin-code"
            label="Code"
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            hint="The 6-digit code your authenticator app shows now — or, without your phone, one of your recovery codes."
            required
            autoFocus
            error={errors.code}
          />
          <FormError error={errors.form ?? null} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Checking…' : 'Continue'}
          </button>
        </form>
      )}
      <p>
        New here? <a href="/signup">Create an account</a>
      </p>
    </main>
  );
}
