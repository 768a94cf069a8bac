import { type FormEvent, useState } from 'react';
import { type AccountError, accountRequest, SIGNED_IN_HOME, useAccount } from '../../account/api.ts';
import { Field, FormError } from '../../account/Field.tsx';
import '../../styles/account.css';

type Errors = Partial<Record<'name' | 'email' | 'password' | 'form', string>>;

/** The invite of `/signup#invite=…` (M10): in the fragment, so it never reaches a server log. */
function inviteFromHash(): string | undefined {
  const match = /(?:^#|&)invite=([\w-]+)/.exec(window.location.hash);
  return match?.[1];
}

/** `/signup`: a therapist makes an account (M1, M2, M10), then lands on their practice. */
export function SignUp() {
  const [invite] = useState(inviteFromHash);
  const [account] = useAccount();
  const signup = account.state === 'loading' ? 'open' : account.signup;
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setErrors({});
    try {
      await accountRequest('POST', '/signup', {
        name: String(form.get('name') ?? ''),
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        ...(invite ? { invite } : {}),
      });
      window.location.assign(SIGNED_IN_HOME);
    } catch (error) {
      setBusy(false);
      const e = error as AccountError;
      const field = e.path === 'name' || e.path === 'email' || e.path === 'password' ? e.path : 'form';
      setErrors({ [field]: e.message });
    }
  }

  return (
    <main className="page account-page">
      <h1>Create a therapist account</h1>
      <p className="lead">
        With an account you start session rooms for the couples you see. Partners never need one.
      </p>
      {invite && <p className="notice">You were invited by a colleague. This invite makes one account.</p>}
      {!invite && signup === 'invite' && (
        <p className="notice">New accounts here need an invite link from a colleague who has an account.</p>
      )}
      {signup === 'closed' && (
        <p className="notice">
          New accounts here are made by the operator of this server. Ask them for an account.
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field
          id="signup-name"
          label="Your name"
          name="name"
          autoComplete="name"
          required
          error={errors.name}
        />
        <Field
          id="signup-email"
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={errors.email}
        />
        <Field
          id="signup-password"
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters. A few words you will remember is a good password."
          required
          error={errors.password}
        />
        <FormError error={errors.form ?? null} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create my account'}
        </button>
      </form>
      <p>
        Already have an account? <a href="/signin">Sign in</a>
      </p>
    </main>
  );
}
