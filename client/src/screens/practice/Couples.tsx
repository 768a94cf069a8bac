import { type FormEvent, useState } from 'react';
import { CopyLink } from '../../components/CopyLink.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { type Couple, type HomeLink, PARTNERS, type PartnerSeat, practiceApi } from '../../practice/api.ts';
import { coupleName, formatWhen } from '../../practice/format.ts';
import { useFocusOnMount } from '../../practice/useFocusOnMount.ts';
import { messageOf, useLoad } from '../../practice/useLoad.ts';
import { TherapistFrame, TherapistRefusal } from './TherapistFrame.tsx';

/** `/practice`: the therapist's couples, and adding one (issue 10 §2). */
export function Couples() {
  const [loaded, reload] = useLoad(practiceApi.couples);
  const [added, setAdded] = useState<{ couple: Couple; homeLinks: Record<PartnerSeat, HomeLink> } | null>(
    null,
  );

  if (loaded.state === 'failed') return <TherapistRefusal code={loaded.code} message={loaded.message} />;
  const couples = loaded.state === 'ready' ? loaded.data.couples : [];
  return (
    <TherapistFrame busy={loaded.state === 'loading'}>
      <h1>Your couples</h1>
      {added ? (
        <HomeLinksReady couple={added.couple} homeLinks={added.homeLinks} onDone={() => setAdded(null)} />
      ) : (
        <AddCouple
          onAdded={async (result) => {
            setAdded(result);
            await reload();
          }}
        />
      )}
      <section aria-labelledby="couples-title">
        <h2 id="couples-title">Couples</h2>
        {loaded.state === 'loading' && <p className="loading">Loading your couples…</p>}
        {loaded.state === 'ready' && couples.length === 0 && (
          <p className="hint">No couples yet. Add the first one above.</p>
        )}
        {couples.length > 0 && (
          <table className="couples-table">
            <thead>
              <tr>
                <th scope="col">Couple</th>
                <th scope="col">Next session</th>
                <th scope="col">Last session</th>
              </tr>
            </thead>
            <tbody>
              {couples.map((couple) => (
                <tr key={couple.id}>
                  <th scope="row">
                    <a href={`/practice/couples/${encodeURIComponent(couple.id)}`}>
                      {coupleName(couple.partners)}
                    </a>
                  </th>
                  <td data-label="Next session">{formatWhen(couple.nextSessionAt)}</td>
                  <td data-label="Last session">{formatWhen(couple.lastSessionAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </TherapistFrame>
  );
}

function AddCouple({
  onAdded,
}: {
  onAdded: (result: { couple: Couple; homeLinks: Record<PartnerSeat, HomeLink> }) => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const partner = (seat: PartnerSeat) => ({
      name: text(`name${seat}`),
      ...(text(`pronouns${seat}`) ? { pronouns: text(`pronouns${seat}`) } : {}),
    });
    setSaving(true);
    setError(null);
    try {
      const result = await practiceApi.addCouple({ A: partner('A'), B: partner('B') }, text('note'));
      setOpen(false);
      await onAdded(result);
    } catch (failed) {
      setError(messageOf(failed));
    } finally {
      setSaving(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        Add a couple
      </button>
    );
  }
  return (
    <form className="card add-couple" onSubmit={submit} aria-labelledby="add-couple-title">
      <h2 id="add-couple-title">Add a couple</h2>
      <p className="hint">The names are what the partners see in the room. Only you see the note.</p>
      <div className="partner-fields">
        {PARTNERS.map((seat, i) => (
          <fieldset key={seat}>
            <legend>{i === 0 ? 'First partner' : 'Second partner'}</legend>
            <label htmlFor={`add-name-${seat}`}>Name</label>
            <input id={`add-name-${seat}`} name={`name${seat}`} required maxLength={40} autoComplete="off" />
            <label htmlFor={`add-pronouns-${seat}`}>Pronouns (optional)</label>
            <input
              id={`add-pronouns-${seat}`}
              name={`pronouns${seat}`}
              maxLength={24}
              placeholder="e.g. she/her"
              autoComplete="off"
            />
          </fieldset>
        ))}
      </div>
      <label htmlFor="add-note">Note (optional, only you see it)</label>
      <textarea id="add-note" name="note" rows={3} maxLength={2000} />
      <ErrorNote error={error} />
      <button type="submit" className="primary" disabled={saving}>
        {saving ? 'Adding…' : 'Add the couple'}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

/** Right after adding a couple: each partner's home link, to send to that partner alone. */
function HomeLinksReady(props: {
  couple: Couple;
  homeLinks: Record<PartnerSeat, HomeLink>;
  onDone: () => void;
}) {
  const { couple, homeLinks } = props;
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="card created" aria-labelledby="home-links-title">
      <h2 id="home-links-title" ref={heading} tabIndex={-1}>
        {coupleName(couple.partners)} are added
      </h2>
      <p>
        Each partner has their own link to their couple’s home: their next session, the practice you assign,
        and starting a practice together. No account is needed — the link is the key.
      </p>
      <ul className="links">
        {PARTNERS.map((seat) => (
          <HomeLinkToSend key={seat} name={couple.partners[seat].name} link={homeLinks[seat].link} />
        ))}
      </ul>
      <a className="button primary" href={`/practice/couples/${encodeURIComponent(couple.id)}`}>
        Open {coupleName(couple.partners)}
      </a>
      <button type="button" onClick={props.onDone}>
        Done
      </button>
    </section>
  );
}

/** One partner's home link with plain instructions; used here and when a link is replaced. */
export function HomeLinkToSend({ name, link }: { name: string; link: string }) {
  return (
    <>
      <CopyLink label={`${name}’s home link`} link={link} />
      <li className="hint send-hint">
        Send {name} this link, in a message to {name} alone: it is theirs alone. Anyone who has it can open
        their home.
      </li>
    </>
  );
}
