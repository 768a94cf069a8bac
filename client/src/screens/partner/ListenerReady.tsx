import { useState } from 'react';
import { currentRound, type Part, type PartnerSeat, type RoomState } from '../../../../shared/index.ts';
import { PartForm } from '../../components/PartForm.tsx';
import type { useSend } from '../../room/hooks.ts';
import { LISTENING_WORDS } from './listeningWords.ts';
import '../../styles/listening.css';

type Send = ReturnType<typeof useSend>['send'];

/**
 * The listener's card at `listener_ready` (T7, I1–I3): ready to listen, a part that doesn't want to
 * listen, or "I need help to listen" — then still ready or "not now".
 */
export function ListenerReady(props: {
  state: RoomState;
  me: PartnerSeat;
  busy: boolean;
  send: Send;
  intro: string;
}) {
  const { state, me, busy, send } = props;
  const [later, setLater] = useState('');
  const [naming, setNaming] = useState(false);
  const round = currentRound(state);
  const number = round?.number ?? 0;
  const mine = state.listeningInside.filter((note) => note.seat === me && note.round === number);
  const namedParts = mine.filter((note) => note.kind === 'part');
  const askedHelp = mine.some((note) => note.kind === 'help');
  const nameIt = async (part?: Part) => {
    const ok = await send({ type: 'nameListeningPart', ...(part ? { part } : {}) });
    if (ok) setNaming(false);
    return ok;
  };
  return (
    <div className="actions listener-ready">
      <p>
        {round?.floor === 'held' && round.topic ? `Topic: “${round.topic}”. ` : ''}
        {props.intro}
      </p>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => send({ type: 'listenerReady' })}
      >
        I'm ready to listen
      </button>
      {namedParts.length > 0 && (
        <p className="notice gentle">
          {LISTENING_WORDS.partNoted}
          {namedParts.some((note) => note.part) &&
            ` (${namedParts.flatMap((note) => (note.part ? [note.part.name] : [])).join(', ')})`}
        </p>
      )}
      {naming ? (
        <div className="listening-part">
          <PartForm
            intro={LISTENING_WORDS.partIntro}
            mode={state.mode}
            busy={busy}
            onName={(part) => nameIt(part)}
          />
          {state.talk === 'spoken' && (
            <button type="button" disabled={busy} onClick={() => nameIt()}>
              {LISTENING_WORDS.partSpokenTap}
            </button>
          )}
          <button type="button" className="quiet" onClick={() => setNaming(false)}>
            Back
          </button>
        </div>
      ) : (
        <button type="button" disabled={busy} onClick={() => setNaming(true)}>
          {LISTENING_WORDS.partButton}
        </button>
      )}
      {askedHelp ? (
        <ListeningHelpOffer state={state} busy={busy} send={send} />
      ) : (
        <button type="button" disabled={busy} onClick={() => send({ type: 'askListeningHelp' })}>
          {LISTENING_WORDS.helpButton}
        </button>
      )}
      <label htmlFor="later">Or suggest a better time</label>
      <input
        id="later"
        value={later}
        onChange={(e) => setLater(e.target.value)}
        placeholder="for example, after dinner"
      />
      <button
        type="button"
        disabled={busy}
        onClick={() => send({ type: 'proposeLater', ...(later.trim() ? { when: later.trim() } : {}) })}
      >
        Not now
      </button>
      {state.mode === 'practice' && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            send({ type: 'proposeLater', minutes: 10, ...(later.trim() ? { when: later.trim() } : {}) })
          }
        >
          Not now — in ten minutes
        </button>
      )}
    </div>
  );
}

/**
 * What answers "I need help to listen" (I3). In a session the therapist was alerted; in practice the
 * room is the guide: a calming line, the breathing pause both of them share (I10), and the time-out.
 */
export function ListeningHelpOffer({ state, busy, send }: { state: RoomState; busy: boolean; send: Send }) {
  if (state.mode === 'therapy') {
    return (
      <p className="notice gentle" role="status">
        {LISTENING_WORDS.helpTherapy}
      </p>
    );
  }
  return (
    <div className="notice gentle listening-help" role="status">
      <p>{LISTENING_WORDS.helpPractice}</p>
      <button type="button" className="primary" disabled={busy} onClick={() => send({ type: 'breathe' })}>
        {LISTENING_WORDS.breathe}
      </button>
      <button type="button" disabled={busy} onClick={() => send({ type: 'timeOut' })}>
        {LISTENING_WORDS.timeOut}
      </button>
    </div>
  );
}
