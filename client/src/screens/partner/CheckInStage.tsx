import { useState } from 'react';
import type { CheckInVisibility, PartnerSeat, RoomState } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { aboutPartner } from '../../components/names.ts';
import { useSend } from '../../room/hooks.ts';
import { SelfCheckAt } from './SelfCheck.tsx';

/** T3: notice which parts are present; choose who may read it. */
export function CheckInStage({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, error, busy } = useSend();
  const [parts, setParts] = useState('');
  const [body, setBody] = useState('');
  const [energy, setEnergy] = useState(5);
  const [rated, setRated] = useState(false);
  const [visibility, setVisibility] = useState<CheckInVisibility>(
    state.mode === 'therapy' ? 'therapist' : 'self',
  );
  if (state.checkIns[me]) {
    return (
      <section className="panel step">
        <h2>Check-in</h2>
        <SelfCheckAt state={state} me={me} moment="start" />
        <p className="notice">
          {aboutPartner('Thank you. Waiting for your partner to check in.', me, state.partners)}
        </p>
      </section>
    );
  }
  const options: [CheckInVisibility, string][] = [
    ['self', 'Only me'],
    ...(state.mode === 'therapy'
      ? ([['therapist', 'Me and my therapist']] as [CheckInVisibility, string][])
      : []),
    ['room', 'Everyone in the room'],
  ];
  return (
    <section className="panel step" aria-labelledby="checkin-title">
      <h2 id="checkin-title">Check-in</h2>
      <SelfCheckAt state={state} me={me} moment="start" />
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const list = parts
            .split(/[,\n]/)
            .map((p) => p.trim())
            .filter(Boolean);
          await send({
            type: 'checkIn',
            visibility,
            checkIn: {
              parts: list,
              ...(rated ? { selfEnergy: energy } : {}),
              ...(body.trim() ? { body: body.trim() } : {}),
            },
          });
        }}
      >
        <label htmlFor="parts">Which parts of you are here today? (separate with commas)</label>
        <textarea id="parts" rows={2} value={parts} onChange={(e) => setParts(e.target.value)} />
        <label htmlFor="body">Where do you feel them? (optional)</label>
        <input id="body" value={body} onChange={(e) => setBody(e.target.value)} />
        <div className="checkin-rating">
          <label className="choice">
            <input type="checkbox" checked={rated} onChange={(e) => setRated(e.target.checked)} />
            <span>Rate how calm and curious I feel right now</span>
          </label>
          {rated && (
            <>
              <label htmlFor="energy">Calm and curious: {energy} of 10</label>
              <input
                id="energy"
                type="range"
                min={0}
                max={10}
                value={energy}
                onChange={(e) => setEnergy(Number(e.target.value))}
              />
            </>
          )}
        </div>
        <fieldset>
          <legend>Who may read this check-in?</legend>
          {options.map(([value, label]) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name="visibility"
                checked={visibility === value}
                onChange={() => setVisibility(value)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={busy}>
          Check in
        </button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
