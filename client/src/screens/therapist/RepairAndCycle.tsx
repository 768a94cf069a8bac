import { useState } from 'react';
import {
  type CycleLink,
  linkWords,
  MOMENT_WORDS,
  type MomentKind,
  otherPartner,
  PARTNER_SEATS,
  type PartnerSeat,
  type RoomState,
} from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { type Names, partnerName } from '../../components/names.ts';
import { useSend } from '../../room/hooks.ts';
import '../../styles/repair.css';

/**
 * Part E on the console (issue 11 §6, shared/SPEC.md I30–I37): the repairs the partners offer and
 * their answers, the therapist's marks of unburdening or repair (theirs alone), and the cycle map —
 * "the dance of the protectors" — built from the parts named so far or typed.
 */
export function RepairAndCycle({ state }: { state: RoomState }) {
  const { send, error, busy } = useSend();
  const [note, setNote] = useState('');
  const live = state.stage !== 'ended';
  const name = (seat: PartnerSeat) => partnerName(seat, state.partners);
  const mark = async (kind: MomentKind) => {
    if (await send({ type: 'markMoment', kind, ...(note.trim() ? { note: note.trim() } : {}) })) setNote('');
  };
  return (
    <section className="panel cycle-editor" aria-labelledby="repair-cycle-title">
      <h2 id="repair-cycle-title">Repair and the cycle</h2>
      {state.repairOffers.length > 0 && (
        <ul className="moment-list" aria-label="Repairs offered">
          {state.repairOffers.map((offer) => (
            <li key={offer.seq}>
              {name(offer.seat)} offered a repair
              {[offer.repair.whatSetMeUp, offer.repair.myPart, offer.repair.apology]
                .filter(Boolean)
                .map((words) => ` · “${words}”`)
                .join('')}{' '}
              —{' '}
              {offer.answer === null
                ? `waiting for ${name(otherPartner(offer.seat))}`
                : `${name(otherPartner(offer.seat))}: ${offer.answer.accepted ? 'accepted' : 'not yet'}`}
            </li>
          ))}
        </ul>
      )}
      <div className="group inline-form">
        <label htmlFor="moment-note" className="sr-only">
          A note for the record (optional)
        </label>
        <input
          id="moment-note"
          value={note}
          placeholder="note (optional)"
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="button" disabled={busy || !live} onClick={() => mark('unburdening')}>
          Mark unburdening
        </button>
        <button type="button" disabled={busy || !live} onClick={() => mark('repair')}>
          Mark repair
        </button>
      </div>
      {state.moments.length > 0 && (
        <ul className="moment-list" aria-label="Marked moments (only you see these)">
          {state.moments.map((m) => (
            <li key={m.seq}>
              {new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} — a moment of{' '}
              {MOMENT_WORDS[m.kind]}
              {m.note ? `: ${m.note}` : ''}
            </li>
          ))}
        </ul>
      )}
      <CycleMapEditor state={state} live={live} send={send} busy={busy} />
      <ErrorNote error={error} />
    </section>
  );
}

/** The parts a partner named so far this session — at a U-turn, asked for one, or in their check-in — once each. */
function namedParts(state: RoomState, seat: PartnerSeat): string[] {
  const names = [
    ...(state.checkIns[seat]?.content?.parts ?? []),
    ...(state.partsNamed[seat] ?? []).map((entry) => entry.part.name),
  ];
  return [...new Map(names.map((n) => [n.trim().toLowerCase(), n.trim()])).values()];
}

function CycleMapEditor({
  state,
  live,
  send,
  busy,
}: {
  state: RoomState;
  live: boolean;
  send: ReturnType<typeof useSend>['send'];
  busy: boolean;
}) {
  const [from, setFrom] = useState<PartnerSeat>('A');
  const [fromPart, setFromPart] = useState('');
  const [toPart, setToPart] = useState('');
  // I35: in a spoken room a part named aloud is not in the room; the therapist says they heard it.
  const [fromAloud, setFromAloud] = useState(false);
  const [toAloud, setToAloud] = useState(false);
  const to = otherPartner(from);
  const name = (seat: PartnerSeat) => partnerName(seat, state.partners);
  const ready = fromPart.trim() !== '' && toPart.trim() !== '';
  return (
    <div className="group">
      <h3>The dance of the protectors</h3>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          const linked = await send({
            type: 'linkParts',
            from: { seat: from, part: fromPart.trim(), ...(fromAloud ? { aloud: true } : {}) },
            to: { seat: to, part: toPart.trim(), ...(toAloud ? { aloud: true } : {}) },
          });
          if (linked) {
            setFromPart('');
            setToPart('');
            setFromAloud(false);
            setToAloud(false);
          }
        }}
      >
        <label htmlFor="cycle-from-seat" className="sr-only">
          Whose part sets off the other's
        </label>
        <select id="cycle-from-seat" value={from} onChange={(e) => setFrom(e.target.value as PartnerSeat)}>
          {PARTNER_SEATS.map((seat) => (
            <option key={seat} value={seat}>
              {name(seat)}'s
            </option>
          ))}
        </select>
        <PartInput
          id="cycle-from-part"
          label={`${name(from)}'s part`}
          value={fromPart}
          onChange={setFromPart}
          options={namedParts(state, from)}
          owner={name(from)}
          aloud={fromAloud}
          onAloud={setFromAloud}
        />
        <span>sets off {name(to)}'s</span>
        <PartInput
          id="cycle-to-part"
          label={`${name(to)}'s part`}
          value={toPart}
          onChange={setToPart}
          options={namedParts(state, to)}
          owner={name(to)}
          aloud={toAloud}
          onAloud={setToAloud}
        />
        <button type="submit" disabled={busy || !live || !ready}>
          Link
        </button>
      </form>
      {state.cycleMap.length === 0 ? (
        <p className="hint">No links yet. Pick parts named so far, or type a name.</p>
      ) : (
        <ul className="cycle-links" aria-label="The cycle map">
          {state.cycleMap.map((link) => (
            <li key={link.seq}>
              <span>
                {linkWords(link.from, link.to, name)}
                <span className="hint"> · {whoSees(link, state.partners)}</span>
              </span>
              <button
                type="button"
                disabled={busy || !live}
                aria-label={`Unlink ${linkWords(link.from, link.to, name)}`}
                onClick={() => send({ type: 'unlinkParts', linkSeq: link.seq })}
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A part's name: typed, or picked from the ones named so far (a datalist, so free text stays possible). */
function PartInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: string[];
  owner: string;
  aloud: boolean;
  onAloud: (aloud: boolean) => void;
}) {
  return (
    <>
      <label htmlFor={props.id} className="sr-only">
        {props.label}
      </label>
      <input
        id={props.id}
        list={`${props.id}-named`}
        value={props.value}
        placeholder="part"
        onChange={(e) => props.onChange(e.target.value)}
      />
      <datalist id={`${props.id}-named`}>
        {props.options.map((option) => (
          <option key={option} value={option} />
        ))}
      </datalist>
      <label className="aloud">
        <input
          type="checkbox"
          checked={props.aloud}
          aria-label={`${props.owner} named this part aloud`}
          onChange={(e) => props.onAloud(e.target.checked)}
        />{' '}
        aloud
      </label>
    </>
  );
}

/** I35, I36 for the therapist: which partner sees this link, and whether with the other's part named. */
function whoSees(link: CycleLink, names: Names): string {
  const seen = [link.from, link.to].flatMap((end) => {
    if (!end.named) return [];
    const other = end === link.from ? link.to : link.from;
    const who = partnerName(end.seat, names);
    return [other.shown ? `${who} sees it` : `${who} sees “a part of ${partnerName(other.seat, names)}”`];
  });
  return seen.length ? seen.join('; ') : 'only you see it (neither named these parts)';
}
