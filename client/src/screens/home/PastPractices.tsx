import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { HomeApi, HomeView, PracticeItem } from '../../practice/api.ts';
import { formatWhen, mayDelete, practiceFacts, shareQuestion, shareStatus } from '../../practice/format.ts';
import { messageOf } from '../../practice/useLoad.ts';
import { Facts } from '../practice/Facts.tsx';

/** The couple's past practices: each one's facts, the share choice, the therapist's note, deleting. */
export function PastPractices(props: { view: HomeView; api: HomeApi; reload: () => Promise<void> }) {
  const past = props.view.practices.filter((practice) => practice.stage === 'ended');
  if (past.length === 0) return null;
  return (
    <section className="card" aria-labelledby="past-title">
      <h2 id="past-title">Your practices</h2>
      <ol className="items">
        {past.map((practice) => (
          <PastPractice key={practice.roomId} practice={practice} {...props} />
        ))}
      </ol>
    </section>
  );
}

function PastPractice(props: {
  practice: PracticeItem;
  view: HomeView;
  api: HomeApi;
  reload: () => Promise<void>;
}) {
  const { practice, view, api } = props;
  const therapist = view.therapist.name;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const when = formatWhen(practice.happened?.startedAt ?? practice.createdAt);
  const mine = practice.shares[view.me];

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      await props.reload();
    } catch (failed) {
      setError(messageOf(failed));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="item">
      <h3>{when}</h3>
      <Facts facts={practiceFacts(practice).slice(1)} />
      {practice.shared ? (
        <p className="share-status">{shareStatus(practice, view.me, therapist)}</p>
      ) : (
        <fieldset className="share-choice">
          <legend className="share-question">{shareQuestion(therapist)}</legend>
          <button
            type="button"
            aria-pressed={mine === true}
            disabled={busy}
            onClick={() => act(() => api.share(practice.roomId, true))}
          >
            Yes, share it
          </button>
          <button
            type="button"
            aria-pressed={mine === false}
            disabled={busy}
            onClick={() => act(() => api.share(practice.roomId, false))}
          >
            No, keep it between us
          </button>
          <p className="hint" aria-live="polite">
            {shareStatus(practice, view.me, therapist)} You can change your answer until you have both said
            yes.
          </p>
        </fieldset>
      )}
      {practice.therapistNote && (
        <figure className="therapist-note">
          <figcaption>{therapist}’s note</figcaption>
          <blockquote>{practice.therapistNote}</blockquote>
        </figure>
      )}
      {mayDelete(practice) &&
        (confirming ? (
          <div role="alertdialog" aria-labelledby={`delete-${practice.roomId}`}>
            <p id={`delete-${practice.roomId}`}>
              Delete the practice of {when}? It is erased for both of you, for good.
            </p>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => act(() => api.deletePractice(practice.roomId))}
            >
              Yes, delete it
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete this practice
          </button>
        ))}
      <ErrorNote error={error} />
    </li>
  );
}
