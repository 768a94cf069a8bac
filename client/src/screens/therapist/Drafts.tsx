import { useState } from 'react';
import { PARTNER_SEATS, type PartnerSeat, type RoomState } from '../../../../shared/index.ts';
import { partnerLabel, partnerName } from '../../components/names.ts';
import { useYText } from '../../room/hooks.ts';
import { draftStepKey } from './roomStatus.ts';

/** Each partner's draft as it forms (D4), and the urges to speak (T17). */
export function Drafts({ state }: { state: RoomState }) {
  return (
    <section className="panel drafts" aria-labelledby="drafts-title">
      <h2 id="drafts-title">Drafts as they form</h2>
      {/* D10: after the end the drafts are their authors' alone; not even asked for. */}
      {state.stage === 'ended' ? (
        <p className="hint">The session has ended: each draft stays with its author.</p>
      ) : (
        PARTNER_SEATS.map((seat) => (
          <Draft
            key={seat}
            seat={seat}
            label={partnerLabel(seat, state.partners)}
            step={draftStepKey(state, seat)}
          />
        ))
      )}
      {state.urges.length > 0 && (
        <p className="urges">
          Urges to speak:{' '}
          {state.urges
            .map(
              (urge) =>
                `${partnerName(urge.seat, state.partners)} at ${new Date(urge.at).toLocaleTimeString()}`,
            )
            .join('; ')}
        </p>
      )}
    </section>
  );
}

/**
 * A draft left in the box when the step moved on (the room went on without it being sent) is not
 * what the partner is forming now: it is set aside until they type again.
 */
function Draft({ seat, label, step }: { seat: PartnerSeat; label: string; step: string }) {
  const { value } = useYText(`draft/${seat}`);
  // What the box held when the step changed; shown again only once the partner changes it.
  const [left, setLeft] = useState({ step, value: '' });
  if (left.step !== step) setLeft({ step, value });
  const current = left.step === step && value === left.value ? '' : value;
  return (
    <div className="draft">
      <h3>{label}</h3>
      <p className="draft-text" data-testid={`draft-${seat}`}>
        {current || (
          <span className="hint">{value ? '(nothing typed at this step yet)' : '(nothing being typed)'}</span>
        )}
      </p>
    </div>
  );
}
