// Usage (the therapist's couple page): <CoupleParts parts={detail.parts} names={{ A: couple.partners.A.name, B: couple.partners.B.name }} />
import '../../styles/parts.css';
import type { LedgerPart, PartnerSeat } from '../../../../shared/index.ts';
import { countLine, dayOf, feltLine, kindLine, seenLine } from '../../practice/partsWords.ts';

const SEATS: readonly PartnerSeat[] = ['A', 'B'];

/**
 * Both partners' parts across the couple's sessions, side by side, for the therapist (issue 10 §4,
 * SPEC L4): as each partner keeps them — a kept fear is shown and marked private to that partner and
 * the therapist; what a partner did not keep is not in this view at all (partsForTherapist), nor a
 * practice the couple kept from the therapist (K5). Laptop first; the columns stack on a narrow screen.
 */
export function CoupleParts(props: {
  parts: Record<PartnerSeat, LedgerPart[]>;
  names: Record<PartnerSeat, string>;
}) {
  return (
    <section className="card parts couple-parts" aria-labelledby="couple-parts-title">
      <h2 id="couple-parts-title">Parts across sessions</h2>
      <p className="hint">
        The parts each partner named in your sessions and in the practices they both shared with you, as they
        keep them: they may rename or forget a part on their own page.
      </p>
      <div className="parts-columns">
        {SEATS.map((seat) => {
          const other = props.names[seat === 'A' ? 'B' : 'A'];
          const titleId = `couple-parts-${seat}`;
          const parts = props.parts[seat];
          return (
            <section key={seat} className="parts-column" aria-labelledby={titleId}>
              <h3 id={titleId}>{props.names[seat]}’s parts</h3>
              {parts.length === 0 ? (
                <p>No parts named yet.</p>
              ) : (
                <ol className="part-list">
                  {parts.map((part) => (
                    <li key={part.key} className="part">
                      <h4>{part.name}</h4>
                      <ul className="part-facts">
                        <li>
                          <span className="part-kind">{kindLine(part.kind)}</span>
                        </li>
                        {part.feltWhere && <li>{feltLine(part.feltWhere)}</li>}
                        <li>{seenLine(part)}</li>
                        <li>{countLine(part.count)}</li>
                        <li>
                          {part.shown
                            ? `${other} has seen it (last on ${dayOf(part.shown.at)})`
                            : `${other} has not seen it in a session`}
                        </li>
                      </ul>
                      {part.fears && (
                        <figure className="part-fears">
                          <figcaption>
                            What it fears{' '}
                            <span className="tag private">private to {props.names[seat]} and you</span>
                          </figcaption>
                          <blockquote>{part.fears}</blockquote>
                        </figure>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          );
        })}
      </div>
    </section>
  );
}
