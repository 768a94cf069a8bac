import type { HomeView } from '../../practice/api.ts';
import { formatWhen, isOpen } from '../../practice/format.ts';

/**
 * The couple's sessions with their therapist: a live one to join from here (no invite link needed),
 * an ended one to read and download while its export window lasts (A15; the server says when it is over).
 */
export function HomeSessions(props: { view: HomeView; busy: boolean; onOpen: (roomId: string) => void }) {
  const { view } = props;
  if (view.sessions.length === 0) return null;
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Your sessions with {view.therapist.name}</h2>
      <ul className="items">
        {view.sessions.map((session) => {
          const when = formatWhen(session.createdAt);
          const live = isOpen(session.stage);
          return (
            <li key={session.roomId} className="item">
              <h3>{when}</h3>
              <button
                type="button"
                className={live ? 'primary' : undefined}
                disabled={props.busy}
                onClick={() => props.onOpen(session.roomId)}
              >
                {live ? 'Join the session' : 'Read the record'}
                <span className="sr-only"> of {when}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
