import { type FormEvent, useEffect, useState } from 'react';
import type { AccountError } from '../../account/api.ts';
import { Field, FormError } from '../../account/Field.tsx';
import {
  addPasskey,
  listPasskeys,
  type Passkey,
  passkeysSupported,
  removePasskey,
} from '../../account/passkeys.ts';
import '../../styles/passkeys.css';

const day = (at: number) =>
  new Date(at).toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' });

/**
 * "Passkeys" on `/account` (M12): add one under a name the therapist recognises, see when each was
 * added and last used, remove one after a confirmation.
 */
export function Passkeys() {
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [error, setError] = useState<{ field: 'name' | 'form'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const supported = passkeysSupported();

  useEffect(() => {
    let current = true;
    listPasskeys().then(
      (list) => current && setPasskeys(list),
      (caught) => current && setError({ field: 'form', message: (caught as AccountError).message }),
    );
    return () => {
      current = false;
    };
  }, []);

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name)
      return setError({ field: 'name', message: 'Give the passkey a name, such as the device it is on.' });
    setBusy(true);
    setError(null);
    setAdded(null);
    addPasskey(name).then(
      (passkey) => {
        setPasskeys((list) => [...(list ?? []), passkey]);
        setAdded(passkey.name);
        form.reset();
        setBusy(false);
      },
      (caught) => {
        const e = caught as AccountError;
        setError({ field: e.path === 'name' ? 'name' : 'form', message: e.message });
        setBusy(false);
      },
    );
  }

  return (
    <section className="card" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">Passkeys</h2>
      <p>
        Sign in with your fingerprint, face or device PIN instead of your password and code. A passkey stays
        on your device (or in its password manager); this server keeps only a public key.
      </p>
      {passkeys === null ? (
        error ? null : (
          <p>Loading your passkeys…</p>
        )
      ) : passkeys.length === 0 ? (
        <p>You have no passkeys yet.</p>
      ) : (
        <ul className="passkey-list" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <PasskeyItem
              key={passkey.id}
              passkey={passkey}
              onRemoved={() => setPasskeys((list) => (list ?? []).filter((p) => p.id !== passkey.id))}
            />
          ))}
        </ul>
      )}
      {added && <p role="status">Passkey “{added}” added. Next time, choose “Sign in with a passkey”.</p>}
      {supported ? (
        <form onSubmit={add} noValidate>
          <Field
            id="passkey-name"
            label="Name for a new passkey"
            name="name"
            maxLength={60}
            autoComplete="off"
            hint="The device it is on, so you know it again, e.g. “MacBook” or “Work phone”."
            error={error?.field === 'name' ? error.message : null}
          />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Waiting for your device…' : 'Add a passkey'}
          </button>
        </form>
      ) : (
        <p className="notice">
          This browser cannot make passkeys. Open this page in a current browser to add one.
        </p>
      )}
      <FormError error={error?.field === 'form' ? error.message : null} />
    </section>
  );
}

function PasskeyItem(props: { passkey: Passkey; onRemoved: () => void }) {
  const { passkey } = props;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = `passkey-${passkey.id}-title`;

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await removePasskey(passkey.id);
      props.onRemoved();
    } catch (caught) {
      setError((caught as AccountError).message);
      setBusy(false);
    }
  }

  return (
    <li className="passkey" aria-labelledby={titleId}>
      <h3 id={titleId}>{passkey.name}</h3>
      <p className="hint">
        Added {day(passkey.createdAt)} ·{' '}
        {passkey.lastUsedAt === null ? 'Not used yet' : `Last used ${day(passkey.lastUsedAt)}`}
      </p>
      {asking ? (
        <div role="alertdialog" aria-labelledby={`${titleId}-ask`} className="passkey-confirm">
          <p id={`${titleId}-ask`}>
            Remove “{passkey.name}”? You will no longer be able to sign in with it. Delete it from the device
            too, in its passwords or passkeys settings.
          </p>
          <FormError error={error} />
          <div className="account-actions">
            <button type="button" className="danger" onClick={remove} disabled={busy}>
              {busy ? 'Removing…' : 'Yes, remove it'}
            </button>
            <button type="button" onClick={() => setAsking(false)} disabled={busy}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)} aria-label={`Remove ${passkey.name}…`}>
          Remove…
        </button>
      )}
    </li>
  );
}
