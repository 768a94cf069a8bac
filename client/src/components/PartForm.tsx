import { useId, useState } from 'react';
import { type LedgerPart, type Part, partKey } from '../../../shared/index.ts';
import { useKnownParts } from '../room/knownParts.ts';
import { PartKindChoice } from './PartKindChoice.tsx';

/** How many of the partner's earlier parts the form offers (L5). */
const KNOWN_OFFERED = 5;

/** A part named before, named again as the partner keeps it: what it fears only if they kept it (L2). */
function namedAgain(part: LedgerPart): Part {
  return {
    name: part.name,
    kind: part.kind,
    ...(part.feltWhere ? { feltWhere: part.feltWhere } : {}),
    ...(part.fears ? { fears: part.fears } : {}),
  };
}

/** The U-turn: notice and name the part. What it fears stays with you (and your therapist, in a session). */
export function PartForm(props: {
  intro: string;
  /** A practice room has no therapist: the privacy note says so (A11). */
  mode: 'therapy' | 'practice';
  busy: boolean;
  onName: (part: Part) => Promise<boolean>;
  /** The part this partner named last, to pick again with one tap. */
  previous?: Part | undefined;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Part['kind']>('not_sure');
  const [feltWhere, setFeltWhere] = useState('');
  const [fears, setFears] = useState('');
  const previousKey = props.previous ? partKey(props.previous.name) : null;
  const known = useKnownParts()
    .filter((part) => part.key !== previousKey)
    .slice(0, KNOWN_OFFERED);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const part: Part = {
      name: name.trim(),
      kind,
      ...(feltWhere.trim() ? { feltWhere: feltWhere.trim() } : {}),
      ...(fears.trim() ? { fears: fears.trim() } : {}),
    };
    if (part.name) await props.onName(part);
  }
  return (
    <form className="part-form" onSubmit={submit}>
      <p>{props.intro}</p>
      {props.previous && (
        <p>
          <button
            type="button"
            disabled={props.busy}
            onClick={() => props.previous && props.onName(props.previous)}
          >
            It is {props.previous.name} again
          </button>
        </p>
      )}
      {known.length > 0 && (
        <fieldset className="known-parts">
          <legend>Parts you have named before</legend>
          {known.map((part) => (
            <button
              key={part.key}
              type="button"
              disabled={props.busy}
              onClick={() => props.onName(namedAgain(part))}
            >
              {part.name}
            </button>
          ))}
        </fieldset>
      )}
      <label htmlFor={`${id}-name`}>What would you call this part?</label>
      <input
        id={`${id}-name`}
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="the part that withdraws"
      />
      <PartKindChoice name={`${id}-kind`} kind={kind} onChange={setKind} />
      <label htmlFor={`${id}-where`}>Where do you feel it? (optional)</label>
      <input id={`${id}-where`} value={feltWhere} onChange={(e) => setFeltWhere(e.target.value)} />
      <label htmlFor={`${id}-fears`}>
        What is it afraid of? (optional — only you
        {props.mode === 'therapy' ? ' and your therapist' : ''} see this)
      </label>
      <textarea id={`${id}-fears`} rows={2} value={fears} onChange={(e) => setFears(e.target.value)} />
      <button type="submit" className="primary" disabled={props.busy || !name.trim()}>
        Name this part
      </button>
    </form>
  );
}
