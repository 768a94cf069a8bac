import { useState } from 'react';
import {
  currentRound,
  type Part,
  type PartnerSeat,
  type RoomState,
  type SelfCheckMoment,
  SelfQuality,
} from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { PartForm } from '../../components/PartForm.tsx';
import { useSend } from '../../room/hooks.ts';
import {
  LISTENING_WORDS,
  NOT_YET_WORDS,
  SELF_CHECK_QUESTION,
  SELF_QUALITY_LABELS,
} from './listeningWords.ts';
import '../../styles/listening.css';

type Send = ReturnType<typeof useSend>['send'];

/**
 * The light Self check (I5, I7): some of four Self qualities, or "I'm not there yet", or Skip. Big
 * toggles for a phone; nothing is required.
 */
function SelfCheckForm(props: {
  moment: SelfCheckMoment;
  mode: RoomState['mode'];
  busy: boolean;
  send: Send;
  onSkip: () => void;
}) {
  const [chosen, setChosen] = useState<SelfQuality[]>([]);
  const toggle = (quality: SelfQuality) =>
    setChosen((now) => (now.includes(quality) ? now.filter((q) => q !== quality) : [...now, quality]));
  const id = `self-check-${props.moment}`;
  return (
    <fieldset className="self-check" aria-describedby={`${id}-hint`}>
      <legend>{SELF_CHECK_QUESTION[props.moment]}</legend>
      <p id={`${id}-hint`} className="hint">
        Choose any that fit.{' '}
        {props.mode === 'therapy' ? 'Only you and your therapist see this.' : 'Only you see this.'}
      </p>
      <div className="self-qualities">
        {SelfQuality.options.map((quality) => (
          <button
            key={quality}
            type="button"
            aria-pressed={chosen.includes(quality)}
            disabled={props.busy}
            onClick={() => toggle(quality)}
          >
            {SELF_QUALITY_LABELS[quality]}
          </button>
        ))}
      </div>
      <div className="self-answers">
        <button
          type="button"
          className="primary"
          disabled={props.busy || chosen.length === 0}
          onClick={() =>
            props.send({ type: 'checkSelf', moment: props.moment, qualities: chosen, notYet: false })
          }
        >
          That's how I feel
        </button>
        <button
          type="button"
          disabled={props.busy}
          onClick={() => props.send({ type: 'checkSelf', moment: props.moment, qualities: [], notYet: true })}
        >
          {NOT_YET_WORDS.button}
        </button>
        <button type="button" className="quiet" disabled={props.busy} onClick={props.onSkip}>
          Skip
        </button>
      </div>
    </fieldset>
  );
}

/** I7: the check at the start (check-in) or the end (closing), once; gone once answered or skipped. */
export function SelfCheckAt({
  state,
  me,
  moment,
}: {
  state: RoomState;
  me: PartnerSeat;
  moment: 'start' | 'end';
}) {
  const { send, error, busy } = useSend();
  const [skipped, setSkipped] = useState(false);
  const answered = state.selfChecks.some((check) => check.seat === me && check.moment === moment);
  if (skipped || answered || state.pause) return null;
  return (
    <section className="panel self-check-panel" aria-label="Self check">
      <SelfCheckForm
        moment={moment}
        mode={state.mode}
        busy={busy}
        send={send}
        onSkip={() => setSkipped(true)}
      />
      <ErrorNote error={error} />
    </section>
  );
}

/**
 * I5, I6: "How do you feel toward this part?" for the speaker, once the U-turn is taken and before
 * their first piece of the round. "Not there yet" offers another U-turn and, in a session, the
 * therapist; it never stops them speaking.
 */
export function SelfCheckAfterUTurn({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy } = useSend();
  const [skipped, setSkipped] = useState(false);
  const [turning, setTurning] = useState(false);
  const [waiting, setWaiting] = useState(false);
  // Checks older than this were answered before the partner turned inside again.
  const [since, setSince] = useState(0);
  const round = currentRound(state);
  if (round?.floor !== 'held' || round.speaker !== me || round.step !== 'speak' || state.pause) return null;
  if (skipped || round.entries.some((entry) => entry.kind === 'piece' && entry.seat === me)) return null;
  const named = (state.partsNamed[me] ?? []).filter((p) => !p.listening).at(-1)?.seq ?? 0;
  const latest = state.selfChecks
    .filter((check) => check.seat === me && check.moment === 'u_turn' && check.seq > Math.max(named, since))
    .at(-1);
  if (latest && !latest.notYet) return null;
  const againAt = state.seq;
  const turnAgain = async (part?: Part) => {
    const ok = await send({ type: 'uTurn', ...(part ? { part } : {}) });
    if (ok) {
      setTurning(false);
      setWaiting(false);
      setSince(againAt);
    }
    return ok;
  };
  return (
    <section className="panel self-check-panel" aria-label="Self check">
      {!latest ? (
        <SelfCheckForm
          moment="u_turn"
          mode={state.mode}
          busy={busy}
          send={send}
          onSkip={() => setSkipped(true)}
        />
      ) : turning ? (
        <>
          <PartForm
            intro="Turn inward again: which part is here now?"
            mode={state.mode}
            busy={busy}
            previous={state.parts[me]}
            onName={(part) => turnAgain(part)}
          />
          {state.talk === 'spoken' && (
            <button type="button" disabled={busy} onClick={() => turnAgain()}>
              I've turned inward again
            </button>
          )}
        </>
      ) : (
        <div className="actions not-yet">
          <p>
            {waiting
              ? NOT_YET_WORDS.waiting
              : state.mode === 'therapy'
                ? NOT_YET_WORDS.offerTherapy
                : NOT_YET_WORDS.offerPractice}
          </p>
          <button type="button" className="primary" disabled={busy} onClick={() => setTurning(true)}>
            {NOT_YET_WORDS.again}
          </button>
          {state.mode === 'therapy' ? (
            !waiting && (
              <button type="button" disabled={busy} onClick={() => setWaiting(true)}>
                {NOT_YET_WORDS.wait}
              </button>
            )
          ) : (
            <>
              <button type="button" disabled={busy} onClick={() => send({ type: 'breathe' })}>
                {LISTENING_WORDS.breathe}
              </button>
              <button type="button" disabled={busy} onClick={() => send({ type: 'timeOut' })}>
                {LISTENING_WORDS.timeOut}
              </button>
            </>
          )}
        </div>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
