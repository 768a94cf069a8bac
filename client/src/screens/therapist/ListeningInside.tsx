import {
  PARTNER_SEATS,
  type RoomState,
  SELF_CHECK_MOMENT_WORDS,
  selfCheckAnswer as selfCheckWords,
} from '../../../../shared/index.ts';
import { partnerLabel } from '../../components/names.ts';
import { listeningAlerts } from './listeningAlerts.ts';
import '../../styles/listening.css';

type SelfCheck = RoomState['selfChecks'][number];

/** The console's lines for the moment (I3, I6), under the strip. */
export function ListeningAlerts({ state }: { state: RoomState }) {
  const lines = listeningAlerts(state);
  if (lines.length === 0) return null;
  return (
    <div className="listening-alerts" role="status">
      {lines.map((line) => (
        <p key={line.key} className={`notice console-alert ${line.urgent ? 'listening-urgent' : ''}`}>
          {line.text}
        </p>
      ))}
    </div>
  );
}

/** I7: each partner's Self checks this session — the start and the end side by side, and toward each part. */
export function SelfChecks({ state }: { state: RoomState }) {
  if (state.selfChecks.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="self-checks-title">
      <h2 id="self-checks-title">Self checks</h2>
      {PARTNER_SEATS.map((seat) => {
        const checks = state.selfChecks.filter((check) => check.seat === seat);
        if (checks.length === 0) return null;
        const at = (moment: SelfCheck['moment']) => checks.find((check) => check.moment === moment);
        const start = at('start');
        const end = at('end');
        const toward = checks.filter((check) => check.moment === 'u_turn');
        return (
          <div key={seat} className="private-seat">
            <h3>{partnerLabel(seat, state.partners)}</h3>
            <p>
              Start: {start ? selfCheckWords(start) : '—'} · End: {end ? selfCheckWords(end) : '—'}
            </p>
            {toward.length > 0 && (
              <p>
                {SELF_CHECK_MOMENT_WORDS.u_turn}: {toward.map(selfCheckWords).join(' → ')}
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}
