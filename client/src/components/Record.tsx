import type { Seat } from '../../../shared/index.ts';
import { useRecord, useRoom } from '../room/hooks.ts';
import { describeEntry, setAsideBySeq, setAsideMark } from './recordText.ts';

/** The conversation so far, as the server recorded it (read-only for everyone). `title` names it once it has ended. */
export function Record({ me, title = 'The conversation so far' }: { me: Seat; title?: string | undefined }) {
  const entries = useRecord();
  const names = useRoom().state?.partners;
  const setAside = setAsideBySeq(entries);
  const lines = entries
    .map((entry) => ({
      entry,
      text: describeEntry(entry, me, names),
      why: setAside.get(entry.seq as number),
    }))
    .filter((line) => line.text);
  return (
    <section className="panel record" aria-labelledby="record-title">
      <h2 id="record-title">{title}</h2>
      {lines.length === 0 ? (
        <p className="hint">Nothing has been said yet.</p>
      ) : (
        <ol className="entries">
          {lines.map(({ entry, text, why }) => (
            <li
              key={String(entry.seq)}
              className={`entry kind-${String(entry.type)}${why ? ' set-aside' : ''}`}
            >
              {text}
              {setAsideMark(why)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
