import { useState } from 'react';
import { CopyLink } from '../../components/CopyLink.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { HomeApi } from '../../practice/api.ts';
import { messageOf } from '../../practice/useLoad.ts';

/**
 * A partner replaces their own home link (issue 10 §2): the old one stops working at once, everywhere
 * it is open. This device keeps the new one.
 */
export function ReplaceMyLink(props: {
  api: HomeApi;
  onNewToken: (token: string) => void;
  onForget: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const [newLink, setNewLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function replace() {
    setBusy(true);
    setError(null);
    try {
      const { homeLink } = await props.api.replaceLink();
      setNewLink(homeLink.link);
      setAsking(false);
      // This device keeps the new link; the screen goes on with it (the old one is already refused).
      props.onNewToken(homeLink.token);
    } catch (failed) {
      setError(messageOf(failed));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="my-link-title">
      <h2 id="my-link-title">Your link</h2>
      {newLink ? (
        <>
          <p>Your new link. Keep it somewhere safe: it opens your home.</p>
          <ul className="links">
            <CopyLink label="Your new home link" link={newLink} />
          </ul>
        </>
      ) : (
        <p className="hint">
          This page opens from your own link; no one else’s link opens it as you. Keep it to yourself.
        </p>
      )}
      {asking ? (
        <div role="alertdialog" aria-labelledby="replace-confirm">
          <p id="replace-confirm">
            Make a new link? Your old link stops working at once, on every device where it is open. Use this
            if someone else may have your link.
          </p>
          <button type="button" className="primary" onClick={replace} disabled={busy}>
            Yes, make a new link
          </button>
          <button type="button" onClick={() => setAsking(false)} disabled={busy}>
            Keep my link
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          Replace my link
        </button>
      )}
      <button type="button" onClick={props.onForget}>
        Forget my link on this device
      </button>
      <ErrorNote error={error} />
    </section>
  );
}
