import type { PartKind } from '../../../shared/index.ts';

/** The three kinds of part in a partner's words (IFIO: a protector, an exile, or not sure yet). */
const KINDS: readonly (readonly [PartKind, string])[] = [
  ['protector', 'a protector (it tries to keep me safe)'],
  ['exile', 'a young, hurt part'],
  ['not_sure', 'not sure yet'],
];

/** "Does it feel more like…": the same question wherever a part is named or corrected. */
export function PartKindChoice(props: { name: string; kind: PartKind; onChange: (kind: PartKind) => void }) {
  return (
    <fieldset>
      <legend>Does it feel more like…</legend>
      {KINDS.map(([value, label]) => (
        <label key={value} className="choice">
          <input
            type="radio"
            name={props.name}
            value={value}
            checked={props.kind === value}
            onChange={() => props.onChange(value)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
