import {
  linkWords,
  MOMENT_WORDS,
  type PartnerSeat,
  type SeatNames,
  type SessionSummary,
} from '../../../../shared/index.ts';

/**
 * Part E in the print view of the clinical record (issue 11 §6, shared/SPEC.md I37): the repairs
 * offered during the session, the therapist's marks and the cycle map — each only when there is one,
 * like the Markdown form, so an older record reads as before.
 */
export function RepairAndCycleRecord({
  summary,
  name,
  at,
}: {
  summary: SessionSummary;
  name: SeatNames;
  at: (ms: number) => string;
}) {
  const other = (seat: PartnerSeat) => name(seat === 'A' ? 'B' : 'A');
  return (
    <>
      {summary.repairOffers.length > 0 && (
        <section aria-labelledby="record-repairs">
          <h2 id="record-repairs">Repairs during the session</h2>
          <ul>
            {summary.repairOffers.map((offer, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of past events
              <li key={i}>
                <time>{at(offer.at)}</time> {name(offer.seat)} offered a repair
                {offer.whatSetMeUp || offer.myPart || offer.apology ? '.' : ' (said aloud).'}
                {[
                  ['What set me up', offer.whatSetMeUp],
                  ['My part', offer.myPart],
                  ['Apology', offer.apology],
                ].map(([label, text]) =>
                  text ? <blockquote key={label}>{`${label}: ${text}`}</blockquote> : null,
                )}
                <p>
                  {offer.answer === null
                    ? `${other(offer.seat)} has not answered.`
                    : `${other(offer.seat)} answered at ${at(offer.answer.at)}: ${offer.answer.accepted ? 'accepted' : 'not yet'}.`}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {summary.moments.length > 0 && (
        <section aria-labelledby="record-moments">
          <h2 id="record-moments">Marked moments</h2>
          <ul>
            {summary.moments.map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of past events
              <li key={i}>
                <time>{at(m.at)}</time> A moment of {MOMENT_WORDS[m.kind]}
                {m.note ? `: ${m.note}` : '.'}
              </li>
            ))}
          </ul>
        </section>
      )}
      {summary.cycleMap.length > 0 && (
        <section aria-labelledby="record-cycle">
          <h2 id="record-cycle">The cycle map</h2>
          <ul>
            {summary.cycleMap.map((link, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of past events
              <li key={i}>{linkWords(link.from, link.to, name)}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
