import { type SeatNames, type SessionSummary, slowDownWords } from '../../../../shared/index.ts';

/** I19: the print view's "Slowing down" — each breathing pause and break, as the Markdown says it. */
export function SlowingDownRecord({
  summary,
  name,
  at,
}: {
  summary: SessionSummary;
  name: SeatNames;
  at: (ms: number) => string;
}) {
  if (summary.slowingDown.length === 0) return null;
  return (
    <section aria-labelledby="record-slowing-down">
      <h2 id="record-slowing-down">Slowing down</h2>
      <ul>
        {summary.slowingDown.map((slow) => (
          <li key={`${slow.kind}-${slow.at}`}>{slowDownWords(slow, name, at)}</li>
        ))}
      </ul>
    </section>
  );
}
