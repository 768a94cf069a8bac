import type { ClientCommand, CommandTypeFor, ListenerResponse, RoomState } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { partnerName } from '../../components/names.ts';
import { useSend } from '../../room/hooks.ts';
import '../../styles/moves.css';

type TherapistCommand = Extract<ClientCommand, { type: CommandTypeFor<'therapy', 'therapist' | 'anyone'> }>;

/** Part C (I24): the one next step of "stop contempt", with words the therapist might say. */
const NEXT_CONTEMPT_STEP = {
  stop: {
    step: 'name',
    label: 'Name it',
    say: '“Let me stop you there. What you just said sounded like contempt.”',
  },
  name: {
    step: 'recall',
    label: 'Recall the contract',
    say: '“We agreed to speak for our parts, not from them. That keeps it safe for both of you.”',
  },
  recall: {
    step: 'hurt',
    label: 'Speak to the hurt',
    say: '“There must be a lot of hurt under that. That part makes sense to me.”',
  },
  hurt: {
    step: 'u_turn',
    label: 'Ask for the U-turn',
    say: '“Could you turn inside and notice the part that is so hurt?”',
  },
} as const;

const RESPONSES: { value: ListenerResponse; label: string }[] = [
  { value: 'chain', label: 'Full chain' },
  { value: 'heart', label: 'From the heart' },
  { value: 'landing', label: 'Straight to landing' },
];

/**
 * The console's side of part C (I20–I28), inside the interventions: an ask waiting (withdraw it), a
 * "not now", the witness's turn (skip it), the next step of "stop contempt", and which response the
 * listener gives after the summary. Compact: only what is running takes a line.
 */
export function TherapistMoves({ state }: { state: RoomState }) {
  const { send, busy, error } = useSend();
  if (state.stage === 'ended') return null;
  const name = (seat: 'A' | 'B') => partnerName(seat, state.partners);
  const button = (label: string, command: TherapistCommand, className = '', aria?: string) => (
    <button
      type="button"
      className={className}
      disabled={busy}
      aria-label={aria}
      onClick={() => send(command)}
    >
      {label}
    </button>
  );
  const contempt = state.contempt;
  const next = contempt ? NEXT_CONTEMPT_STEP[contempt.step] : null;
  return (
    <div className="therapist-moves">
      {state.directAccessAsk && (
        <div className="group" role="status">
          <p className="hint">
            Asked {name(state.directAccessAsk.seat)}: may I talk with this part directly? Waiting…
          </p>
          {button('Withdraw the ask', { type: 'withdrawDirectAccess' })}
        </div>
      )}
      {!state.directAccessAsk && state.directAccessDeclined && (
        <p className="hint" role="status">
          {name(state.directAccessDeclined.seat)} said not now.
        </p>
      )}
      {state.witnessTurn && (
        <div className="group" role="status">
          <p className="hint">{name(state.witnessTurn.seat)}, who witnessed, is saying what they noticed.</p>
          {button('Skip the witness’s turn', { type: 'skipWitness' })}
        </div>
      )}
      {contempt && next && (
        <div className="group">
          <p className="hint move-next">Stop contempt ({name(contempt.seat)}) — next:</p>
          <p className="say">{next.say}</p>
          {button(
            next.label,
            { type: 'contemptStep', step: next.step },
            'primary',
            `${next.label} (stop contempt, ${name(contempt.seat)})`,
          )}
          {button(
            'End early',
            { type: 'endContempt' },
            '',
            'End early: stop the stop-contempt steps without a U-turn',
          )}
        </div>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

/**
 * I27: which response the listener gives after the summary — a setting of the room, so it sits with
 * the room's settings rather than among the interventions that must stay in view (C1).
 */
export function ListenerResponseChoice({ state }: { state: RoomState }) {
  const { send, busy, error } = useSend();
  if (state.mode !== 'therapy' || (state.stage !== 'round' && state.stage !== 'checkin')) return null;
  return (
    <div className="setting-form">
      <label htmlFor="listener-response">After the summary</label>
      <select
        id="listener-response"
        value={state.response}
        disabled={busy}
        onChange={(e) => send({ type: 'chooseResponse', response: e.target.value as ListenerResponse })}
      >
        {RESPONSES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <ErrorNote error={error} />
    </div>
  );
}
