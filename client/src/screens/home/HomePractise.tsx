import { useState } from 'react';
import type { Talk } from '../../../../shared/index.ts';
import type { HomeView, PracticeItem } from '../../practice/api.ts';
import { formatDue, formatWhen } from '../../practice/format.ts';
import { PracticeSafetyNotice } from '../Home.tsx';

/**
 * Practising together: the open practice to join (the other partner's home shows it too), or starting
 * one. Only one practice is open at a time for a couple.
 */
export function OpenPractice(props: {
  open: PracticeItem | null;
  otherName: string;
  busy: boolean;
  onStart: (talk: Talk) => void;
  onJoin: (roomId: string) => void;
}) {
  const [talk, setTalk] = useState<Talk>('written');
  const { open } = props;
  if (open) {
    return (
      <section className="card open-practice" aria-labelledby="open-practice-title">
        <h2 id="open-practice-title">A practice is open</h2>
        <p>
          Started {formatWhen(open.createdAt)}. {props.otherName} may be waiting for you in it.
        </p>
        <button
          type="button"
          className="primary"
          disabled={props.busy}
          onClick={() => props.onJoin(open.roomId)}
        >
          Join the practice
        </button>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="start-practice-title">
      <h2 id="start-practice-title">Practise together</h2>
      <p>
        The room guides you both through each step. When you start, {props.otherName} can join from their own
        home link.
      </p>
      <fieldset className="talk-choice">
        <legend>How will you talk?</legend>
        <label className="choice">
          <input
            type="radio"
            name="home-talk"
            checked={talk === 'written'}
            onChange={() => setTalk('written')}
          />
          Written — we type each step
        </label>
        <label className="choice">
          <input
            type="radio"
            name="home-talk"
            checked={talk === 'spoken'}
            onChange={() => setTalk('spoken')}
          />
          Spoken — we talk aloud; each step is one tap
        </label>
      </fieldset>
      <PracticeSafetyNotice />
      <button type="button" className="primary" disabled={props.busy} onClick={() => props.onStart(talk)}>
        Start a practice together
      </button>
    </section>
  );
}

/** What the therapist assigned; "Practise this" starts a practice from it. */
export function HomeAssignments(props: {
  view: HomeView;
  blocked: boolean;
  busy: boolean;
  onPractise: (assignmentId: string) => void;
}) {
  const { view } = props;
  if (view.assignments.length === 0) return null;
  return (
    <section className="card" aria-labelledby="assignments-title">
      <h2 id="assignments-title">Practice from {view.therapist.name}</h2>
      <ul className="items">
        {view.assignments.map((assignment) => {
          const first = view.couple.partners[assignment.firstSpeaker].name;
          const topic = assignment.topic || 'Any topic you choose';
          return (
            <li key={assignment.id} className="item">
              <h3>{topic}</h3>
              <p>
                {assignment.firstSpeaker === view.me ? 'You speak' : `${first} speaks`} first ·{' '}
                {assignment.rounds === 1 ? '1 round' : `${assignment.rounds} rounds`}
                {assignment.due ? ` · by ${formatDue(assignment.due)}` : ''}
              </p>
              {assignment.note && <p className="quote">{assignment.note}</p>}
              <button
                type="button"
                className="primary"
                disabled={props.busy || props.blocked}
                onClick={() => props.onPractise(assignment.id)}
              >
                Practise this<span className="sr-only">: {topic}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {props.blocked && (
        <p className="hint">A practice is open: join it, or finish it, before you start another.</p>
      )}
    </section>
  );
}
