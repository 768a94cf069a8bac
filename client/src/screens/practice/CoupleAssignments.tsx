import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import {
  type Assignment,
  type AssignmentIn,
  type Couple,
  PARTNERS,
  type PartnerSeat,
  practiceApi,
} from '../../practice/api.ts';
import { formatDue } from '../../practice/format.ts';
import { messageOf } from '../../practice/useLoad.ts';

const ROUNDS = [1, 2, 3, 4, 5, 6];

/** Practice the therapist assigns (issue 10 §3): the couple sees it at home and starts a practice from it. */
export function CoupleAssignments(props: {
  couple: Couple;
  assignments: Assignment[];
  reload: () => Promise<void>;
}) {
  const { couple } = props;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);

  async function assign(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const assignment: AssignmentIn = {
      firstSpeaker: (text('firstSpeaker') || 'A') as PartnerSeat,
      rounds: Number(text('rounds')) || 1,
      ...(text('topic') ? { topic: text('topic') } : {}),
      ...(text('due') ? { due: text('due') } : {}),
      ...(text('note') ? { note: text('note') } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      await practiceApi.addAssignment(couple.id, assignment);
      setOpen(false);
      await props.reload();
    } catch (failed) {
      setError(messageOf(failed));
    } finally {
      setBusy(false);
    }
  }

  async function remove(assignment: Assignment) {
    setError(null);
    try {
      await practiceApi.removeAssignment(couple.id, assignment.id);
      await props.reload();
    } catch (failed) {
      setError(messageOf(failed));
    }
  }

  return (
    <section className="card" aria-labelledby="assignments-title">
      <h2 id="assignments-title">Assigned practice</h2>
      {open ? (
        <form onSubmit={assign} className="assign-form" aria-label="Assign practice">
          <label htmlFor="assign-topic">Topic (optional)</label>
          <input id="assign-topic" name="topic" maxLength={200} autoComplete="off" />
          <fieldset>
            <legend>Who speaks first</legend>
            {PARTNERS.map((seat) => (
              <label key={seat} className="choice">
                <input type="radio" name="firstSpeaker" value={seat} defaultChecked={seat === 'A'} />
                {couple.partners[seat].name}
              </label>
            ))}
          </fieldset>
          <label htmlFor="assign-rounds">Rounds</label>
          <select id="assign-rounds" name="rounds" defaultValue="1">
            {ROUNDS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <label htmlFor="assign-due">By (optional)</label>
          <input id="assign-due" name="due" type="date" />
          <label htmlFor="assign-note">Note for the couple (optional)</label>
          <textarea id="assign-note" name="note" rows={3} maxLength={LIMITS.noteChars} />
          <ErrorNote error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Assigning…' : 'Assign'}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          Assign practice
        </button>
      )}
      {!open && <ErrorNote error={error} />}
      {props.assignments.length === 0 ? (
        <p className="hint">Nothing assigned.</p>
      ) : (
        <ul className="items">
          {props.assignments.map((assignment) => (
            <li key={assignment.id} className="item">
              <h3>{assignment.topic || 'Any topic'}</h3>
              <p>
                {couple.partners[assignment.firstSpeaker].name} speaks first ·{' '}
                {assignment.rounds === 1 ? '1 round' : `${assignment.rounds} rounds`}
                {assignment.due ? ` · by ${formatDue(assignment.due)}` : ''}
              </p>
              {assignment.note && <p className="quote">{assignment.note}</p>}
              <button type="button" onClick={() => remove(assignment)}>
                Remove<span className="sr-only"> “{assignment.topic || 'Any topic'}”</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
