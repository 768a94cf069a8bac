import { type FormEvent, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { type Couple, PARTNERS, type PartnerSeat, practiceApi } from '../../practice/api.ts';
import { coupleName, fromLocalInput, toLocalInput } from '../../practice/format.ts';
import { messageOf } from '../../practice/useLoad.ts';
import { HomeLinkToSend } from './Couples.tsx';

/** Names, pronouns, the note and the next session's time, editable in one form. */
export function CoupleDetails({ couple, reload }: { couple: Couple; reload: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const partner = (seat: PartnerSeat) => ({
      name: text(`name${seat}`),
      pronouns: text(`pronouns${seat}`) || null,
    });
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await practiceApi.updateCouple(couple.id, {
        partners: { A: partner('A'), B: partner('B') },
        note: text('note'),
        nextSessionAt: fromLocalInput(text('next')),
      });
      setSaved(true);
      await reload();
    } catch (failed) {
      setError(messageOf(failed));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">About the couple</h2>
      <form onSubmit={save}>
        <label htmlFor="next-session">Next session</label>
        <input
          id="next-session"
          name="next"
          type="datetime-local"
          defaultValue={toLocalInput(couple.nextSessionAt)}
          aria-describedby="next-session-hint"
        />
        <p className="hint" id="next-session-hint">
          Both partners see it on their home page. Leave it empty when none is planned.
        </p>
        <div className="partner-fields">
          {PARTNERS.map((seat) => (
            <fieldset key={seat}>
              <legend>{couple.partners[seat].name}</legend>
              <label htmlFor={`edit-name-${seat}`}>Name</label>
              <input
                id={`edit-name-${seat}`}
                name={`name${seat}`}
                required
                maxLength={40}
                defaultValue={couple.partners[seat].name}
                autoComplete="off"
              />
              <label htmlFor={`edit-pronouns-${seat}`}>Pronouns (optional)</label>
              <input
                id={`edit-pronouns-${seat}`}
                name={`pronouns${seat}`}
                maxLength={24}
                defaultValue={couple.partners[seat].pronouns ?? ''}
                autoComplete="off"
              />
            </fieldset>
          ))}
        </div>
        <label htmlFor="edit-note">Note (only you see it)</label>
        <textarea id="edit-note" name="note" rows={3} maxLength={2000} defaultValue={couple.note} />
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <span className="hint" aria-live="polite">
          {saved ? 'Saved.' : ''}
        </span>
      </form>
    </section>
  );
}

/** Replace a partner's home link: a new one to send, and the old one stops working at once. */
export function ReplaceHomeLinks({ couple }: { couple: Couple }) {
  const [links, setLinks] = useState<Partial<Record<PartnerSeat, string>>>({});
  const [error, setError] = useState<string | null>(null);

  async function replace(seat: PartnerSeat) {
    setError(null);
    try {
      const { homeLink } = await practiceApi.replaceHomeLink(couple.id, seat);
      setLinks((current) => ({ ...current, [seat]: homeLink.link }));
    } catch (failed) {
      setError(messageOf(failed));
    }
  }

  return (
    <section className="card" aria-labelledby="home-links-title">
      <h2 id="home-links-title">Home links</h2>
      <p className="hint">
        Each partner opens their couple’s home with their own link. If a link was lost or reached someone
        else, replace it: the old one stops working at once, and you send the new one.
      </p>
      {PARTNERS.map((seat) => {
        const link = links[seat];
        const name = couple.partners[seat].name;
        return link ? (
          <ul className="links" key={seat}>
            <HomeLinkToSend name={name} link={link} />
          </ul>
        ) : (
          <button key={seat} type="button" onClick={() => replace(seat)}>
            Replace {name}’s home link
          </button>
        );
      })}
      <ErrorNote error={error} />
    </section>
  );
}

/** Deleting a couple erases everything of theirs; the confirmation names the couple and says what goes. */
export function DeleteCouple({ couple }: { couple: Couple }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = coupleName(couple.partners);

  async function erase() {
    setBusy(true);
    setError(null);
    try {
      await practiceApi.deleteCouple(couple.id);
      window.location.assign('/practice');
    } catch (failed) {
      setError(messageOf(failed));
      setBusy(false);
    }
  }

  return (
    <section className="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete the couple</h2>
      {asking ? (
        <div role="alertdialog" aria-labelledby="delete-confirm-title" aria-describedby="delete-confirm-what">
          <h3 id="delete-confirm-title">Delete {name}?</h3>
          <p id="delete-confirm-what">
            This erases {name} for good: every session record, every practice, the assignments, your notes,
            and their names. Both home links and every session link stop working. It cannot be undone.
            (Download anything you need for your clinical file first.)
          </p>
          <ErrorNote error={error} />
          <button type="button" className="danger" onClick={erase} disabled={busy}>
            {busy ? 'Deleting…' : `Yes, delete ${name}`}
          </button>
          <button type="button" onClick={() => setAsking(false)} disabled={busy}>
            Keep them
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          Delete couple…
        </button>
      )}
    </section>
  );
}
