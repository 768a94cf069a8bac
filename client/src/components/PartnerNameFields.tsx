import { LIMITS, type PartnersInput } from '../../../shared/index.ts';
import '../styles/names.css';

/** What the two name fields hold, as typed. */
export interface TypedNames {
  A: string;
  B: string;
}

export const NO_NAMES: TypedNames = { A: '', B: '' };

/**
 * The names to send with a new room (N1): both or none. `problem` is a sentence when only one is
 * filled in; the server checks the rest (length, hidden characters) and says what is wrong.
 */
export function namesToSend(typed: TypedNames): { partners?: PartnersInput; problem?: string } {
  const a = typed.A.trim();
  const b = typed.B.trim();
  if (!a && !b) return {};
  if (!a || !b) return { problem: 'Add both names, or leave both empty.' };
  return { partners: { A: { name: a }, B: { name: b } } };
}

/**
 * Two optional name fields for a practice room, so the room says "Sam" and "Alex" rather than
 * "Partner A" and "Partner B" (N3). The one who starts the room is A: their link opens it.
 */
export function PartnerNameFields(props: { names: TypedNames; onChange: (names: TypedNames) => void }) {
  const field = (seat: 'A' | 'B', label: string) => (
    <label className="partner-name">
      {label}
      <input
        type="text"
        name={`partner-name-${seat}`}
        autoComplete={seat === 'A' ? 'given-name' : 'off'}
        maxLength={LIMITS.partnerNameChars}
        value={props.names[seat]}
        onChange={(e) => props.onChange({ ...props.names, [seat]: e.target.value })}
      />
    </label>
  );
  return (
    <fieldset className="partner-names">
      <legend>Your names (optional)</legend>
      <p className="hint">The room will call you by them. Your partner will see both.</p>
      {field('A', 'Your name')}
      {field('B', 'Your partner’s name')}
    </fieldset>
  );
}
