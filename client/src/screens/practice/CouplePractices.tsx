import { type FormEvent, useId, useState } from 'react';
import { LIMITS } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { type Assignment, type Couple, type PracticeItem, practiceApi } from '../../practice/api.ts';
import { formatWhen, practiceFacts, sessionFacts } from '../../practice/format.ts';
import { messageOf } from '../../practice/useLoad.ts';
import { Facts } from './Facts.tsx';

/**
 * The couple's practice between sessions (issue 10 §3): whether each happened, its length, rounds and
 * safety pauses always; the summary and a note box only for a practice both partners shared.
 */
export function CouplePractices(props: {
  couple: Couple;
  practices: PracticeItem[];
  assignments: Assignment[];
  reload: () => Promise<void>;
}) {
  return (
    <section className="card" aria-labelledby="practices-title">
      <h2 id="practices-title">Practice at home</h2>
      <p className="hint">
        You always see whether a practice happened and any safety pause. You see what happened in it only when
        both partners chose to share it.
      </p>
      {props.practices.length === 0 ? (
        <p className="hint">No practice yet.</p>
      ) : (
        <ol className="items" aria-label="Practices, newest first">
          {props.practices.map((practice) => (
            <PracticeRow
              key={practice.roomId}
              couple={props.couple}
              practice={practice}
              topic={props.assignments.find((a) => a.id === practice.assignmentId)?.topic ?? null}
              reload={props.reload}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

/** Facts the practice's own line already holds, left out of what happened in it. */
const ALWAYS_SHOWN = new Set(['Length', 'Rounds', 'Safety pauses']);

function PracticeRow(props: {
  couple: Couple;
  practice: PracticeItem;
  topic: string | null;
  reload: () => Promise<void>;
}) {
  const { couple, practice } = props;
  return (
    <li className="item">
      <h3>
        {formatWhen(practice.happened?.startedAt ?? practice.createdAt)}{' '}
        <span className="tag">{practice.shared ? 'Shared with you' : 'Not shared'}</span>
      </h3>
      {practice.assignmentId && (
        <p className="hint">From an assignment{props.topic ? `: “${props.topic}”` : ''}</p>
      )}
      <Facts facts={practiceFacts(practice)} />
      {practice.shared && (
        <>
          <h4>What happened</h4>
          <Facts
            facts={sessionFacts(practice.summary, couple.partners).filter(
              (fact) => !ALWAYS_SHOWN.has(fact.label),
            )}
          />
          <PracticeNote practice={practice} reload={props.reload} />
        </>
      )}
    </li>
  );
}

/** The therapist's short note on a shared practice, which the couple reads at home. */
function PracticeNote({ practice, reload }: { practice: PracticeItem; reload: () => Promise<void> }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
    if (!note) return setError('Write a note first.');
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await practiceApi.practiceNote(practice.roomId, note);
      setSaved(true);
      await reload();
    } catch (failed) {
      setError(messageOf(failed));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="practice-note" onSubmit={save}>
      <label htmlFor={id}>Your note to the couple</label>
      <p className="hint" id={`${id}-hint`}>
        Both partners read it on their home page.
      </p>
      <textarea
        id={id}
        name="note"
        rows={3}
        maxLength={LIMITS.noteChars}
        defaultValue={practice.therapistNote ?? ''}
        aria-describedby={`${id}-hint`}
      />
      <ErrorNote error={error} />
      <button type="submit" disabled={busy}>
        {practice.therapistNote ? 'Update the note' : 'Leave the note'}
      </button>
      <span className="hint" aria-live="polite">
        {saved ? 'Saved. The couple can read it.' : ''}
      </span>
    </form>
  );
}
