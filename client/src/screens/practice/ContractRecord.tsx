import {
  PARTNER_SEATS,
  type PartnerSeat,
  type SeatNames,
  type SessionSummary,
} from '../../../../shared/index.ts';

const SAFE_WORDS = { yes: 'yes', not_sure: 'not sure', no: 'no' } as const;

/**
 * "The contract" of the print view (I48), as in the Markdown record: the confidentiality text, the
 * version each partner agreed to, where each said they were and their answers to "safe to speak?".
 * Therapy sessions only; every word is rendered as text.
 */
export function ContractRecord({
  summary,
  name,
  at,
}: {
  summary: SessionSummary;
  name: SeatNames;
  at: (ms: number) => string;
}) {
  const { confidentiality, agreed, locations, safeToSpeak } = summary.contract;
  const agreement = (seat: PartnerSeat) => {
    const own = agreed[seat];
    if (!own) return `${name(seat)} did not agree to the contract.`;
    const which =
      own.confidentialitySeq === null
        ? 'with no confidentiality text'
        : own.confidentialitySeq === confidentiality?.seq
          ? 'to this confidentiality text'
          : `to an earlier confidentiality text (version ${own.confidentialitySeq})`;
    return `${at(own.at)} ${name(seat)} agreed to the ground rules, ${which}.`;
  };
  return (
    <>
      {confidentiality === null ? (
        <p>The room had no confidentiality text.</p>
      ) : (
        <>
          <p>
            Confidentiality and its limits (version {confidentiality.seq}, set {at(confidentiality.at)}):
          </p>
          <blockquote className="record-words">{confidentiality.text}</blockquote>
        </>
      )}
      <ul>
        {PARTNER_SEATS.map((seat) => (
          <li key={seat}>{agreement(seat)}</li>
        ))}
      </ul>
      <p>Where each partner said they were:</p>
      <ul>
        {PARTNER_SEATS.map((seat) => (
          <li key={seat}>
            {name(seat)}:{' '}
            {locations[seat].length === 0
              ? 'none'
              : locations[seat].map((entry) => `${at(entry.at)} ${entry.location}`).join('; ')}
            .
          </li>
        ))}
      </ul>
      <p>"Is it safe for you to speak openly today?":</p>
      <ul>
        {PARTNER_SEATS.map((seat) => (
          <li key={seat}>
            {name(seat)}:{' '}
            {safeToSpeak[seat].length === 0
              ? 'none'
              : safeToSpeak[seat].map((entry) => `${at(entry.at)} ${SAFE_WORDS[entry.answer]}`).join('; ')}
            .
          </li>
        ))}
      </ul>
    </>
  );
}
