import {
  currentRound,
  type PartnerSeat,
  pendingShorterAsk,
  type RoomState,
  roleOf,
} from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { aboutPartner } from '../../components/names.ts';
import { useServerNow } from '../../components/timer.ts';
import { useSend } from '../../room/hooks.ts';

/**
 * "Shorter, please" (T38): the listener asks while the speaker has the floor at `speak`; the speaker
 * sees it gently, as an invitation about the pace, not a reproach. Once per piece.
 */
export function ShorterPlease({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const { send, busy, error } = useSend();
  const round = currentRound(state);
  if (round?.step !== 'speak' || state.pause) return null;
  const role = roleOf(round, me);
  const asked = pendingShorterAsk(state);
  if (role === 'speaker') {
    return asked ? (
      <p className="notice gentle" role="status">
        {aboutPartner(
          'Your partner asks: a little shorter, please — a sentence or two at a time, so they can hold it all.',
          me,
          state.partners,
        )}
      </p>
    ) : null;
  }
  if (role !== 'listener') return null;
  if (asked) {
    return (
      <p className="hint" role="status">
        {aboutPartner('You asked for shorter pieces. Your partner sees it.', me, state.partners)}
      </p>
    );
  }
  return (
    <div className="shorter-please">
      <button type="button" disabled={busy} onClick={() => send({ type: 'askShorter' })}>
        Shorter, please
      </button>
      <ErrorNote error={error} />
    </div>
  );
}

/** How a "not now" reads: "in 10 minutes (at 10:40)". */
function laterWords(minutes: number, until: number): string {
  const at = new Date(until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${at})`;
}

/**
 * The listener's "not now" (T7), shown at once to both while the floor waits to be asked for again,
 * and a reminder to both when the time they named comes.
 */
export function NotNowNote({ state, me }: { state: RoomState; me: PartnerSeat }) {
  const round = currentRound(state);
  const declined = round?.declined ?? null;
  const now = useServerNow();
  if (round?.step !== 'request_floor' || !declined) return null;
  const mine = declined.seat === me;
  const minutes = declined.until === undefined ? null : Math.round((declined.until - declined.at) / 60_000);
  const due = declined.until !== undefined && now >= declined.until;
  const when = [
    declined.when ? `“${declined.when}”` : '',
    minutes !== null && declined.until !== undefined ? laterWords(minutes, declined.until) : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div className="not-now" role="status">
      <p className="notice">
        {mine
          ? `You said not now${when ? `: ${when}` : ''}.`
          : `${aboutPartner('Your partner said not now', me, state.partners)}${when ? `: ${when}` : ''}. They would like to listen then.`}
      </p>
      {due && (
        <p className="notice reminder">
          {mine
            ? 'It is time: you said you would be ready to listen now.'
            : aboutPartner(
                'It is time: your partner said they would be ready to listen now. Ask for the floor again when you are ready.',
                me,
                state.partners,
              )}
        </p>
      )}
    </div>
  );
}
