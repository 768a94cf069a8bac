import {
  LISTENING_KEPT_BY_PARTNERS,
  listeningInsideWords,
  type SeatNames,
  type SessionSummary,
} from '../../../../shared/index.ts';

/** I9: the print view's listening inside and Self checks, in the Markdown record's words. */
export function ListeningRecord(props: {
  summary: SessionSummary;
  name: SeatNames;
  at: (ms: number) => string;
}) {
  const words = listeningInsideWords(props.summary, props.name, props.at);
  return (
    <section aria-labelledby="record-listening">
      <h2 id="record-listening">Listening inside and Self checks</h2>
      {words === null ? (
        <p>{LISTENING_KEPT_BY_PARTNERS}</p>
      ) : (
        <ul>
          {words.flatMap(({ seat, lines, toward }) =>
            lines.map((line, i) => (
              <li key={`${seat}-${line}`}>
                {line}
                {i === lines.length - 1 && toward.length > 0 && (
                  <ul>
                    {toward.map((check) => (
                      <li key={check}>{check}</li>
                    ))}
                  </ul>
                )}
              </li>
            )),
          )}
        </ul>
      )}
    </section>
  );
}
