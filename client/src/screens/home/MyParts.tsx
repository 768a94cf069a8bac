// Usage (the couple's home page): <MyParts token={homeToken} partnerName={partners[other].name} ownName={partners[me].name} />
import '../../styles/parts.css';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { type LedgerPart, LIMITS, type PartKind, type SharedPart } from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { PartKindChoice } from '../../components/PartKindChoice.tsx';
import { changePart, fetchHomeParts, type HomeParts, type PartChange } from '../../practice/partsApi.ts';
import { countLine, feltLine, kindLine, seenLine, shownLine } from '../../practice/partsWords.ts';

/**
 * "Your parts" on a partner's home (issue 10 §4, SPEC L1–L4): the parts they named across sessions,
 * which they may rename, sort, keep what one fears, or forget; then what the other partner has shown
 * them in a session, read-only (L3). Phone first. Fetches itself with the home token.
 */
export function MyParts(props: { token: string; partnerName: string; ownName: string }) {
  const [parts, setParts] = useState<HomeParts | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The count makes each message new text: the same "Saved." twice in a row is read out twice.
  const [status, setStatus] = useState({ said: '', count: 0 });
  const titleRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setParts(await fetchHomeParts(props.token));
    } catch (failed) {
      setLoadError((failed as Error).message);
    }
  }, [props.token]);
  useEffect(() => {
    void load();
  }, [load]);

  function replaced(key: string, part: LedgerPart | null, said: string) {
    setParts((known) =>
      known
        ? {
            ...known,
            mine: part
              ? known.mine.map((old) => (old.key === key ? part : old))
              : known.mine.filter((old) => old.key !== key),
          }
        : known,
    );
    setStatus((last) => ({ said, count: last.count + 1 }));
    // A forgotten part's controls are gone: the reader lands on the list's heading instead.
    if (!part) titleRef.current?.focus();
  }

  return (
    <>
      <section className="card parts" aria-labelledby="my-parts-title">
        <h2 id="my-parts-title" ref={titleRef} tabIndex={-1}>
          Your parts
        </h2>
        <p className="hint">
          {props.ownName}, these are the parts you named in your sessions and practices — in a U-turn or at a
          check-in. Every part is welcome here. You can rename one, say what kind it feels like, or forget it.
        </p>
        <p className="sr-only" role="status" aria-live="polite">
          {status.said}
          {status.count % 2 === 1 ? '\u00a0' : ''}
        </p>
        {loadError && (
          <>
            <ErrorNote error={loadError} />
            <button type="button" onClick={() => void load()}>
              Try again
            </button>
          </>
        )}
        {!parts && !loadError && <p className="loading">Loading your parts…</p>}
        {parts && parts.mine.length === 0 && (
          <p>No parts yet. When you name a part in a session or a practice, it is kept here for you.</p>
        )}
        {parts && parts.mine.length > 0 && (
          <ol className="part-list">
            {parts.mine.map((part) => (
              <MyPart key={part.key} part={part} token={props.token} onChanged={replaced} />
            ))}
          </ol>
        )}
      </section>
      <PartnerShown partnerName={props.partnerName} shown={parts?.partner ?? null} />
    </>
  );
}

function MyPart(props: {
  part: LedgerPart;
  token: string;
  onChanged: (key: string, part: LedgerPart | null, said: string) => void;
}) {
  const { part } = props;
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const editRef = useRef<HTMLButtonElement>(null);
  const forgetRef = useRef<HTMLButtonElement>(null);
  // Where focus goes once the change is drawn: the part's heading after a save, the button pressed
  // after "Cancel" or "Keep it".
  const focusNext = useRef<'heading' | 'edit' | 'forget' | null>(null);
  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    ({ heading: headingRef, edit: editRef, forget: forgetRef })[target].current?.focus();
  });

  /**
   * A save sends only what the partner changed: a field they never touched stays as the sessions name
   * it (a part first "not sure" that a later U-turn calls a protector becomes one), and the server keeps
   * their earlier changes (a kept fear stays kept when the name changes).
   */
  async function save(change: PartChange, said: string) {
    setBusy(true);
    setError(null);
    try {
      const saved = await changePart(props.token, part.key, change);
      setEditing(false);
      setConfirming(false);
      focusNext.current = 'heading';
      props.onChanged(part.key, saved, said);
    } catch (failed) {
      setError((failed as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const felt = feltLine(part.feltWhere);
  return (
    <li className="part">
      <h3 id={`${id}-name`} ref={headingRef} tabIndex={-1}>
        {part.name}
      </h3>
      {editing ? (
        <PartEditor
          part={part}
          busy={busy}
          onSave={async (change) => {
            if (Object.keys(change).length > 0) return save(change, 'Saved.');
            // Nothing changed: nothing to send.
            setEditing(false);
            focusNext.current = 'heading';
          }}
          onCancel={() => {
            setEditing(false);
            setError(null);
            focusNext.current = 'edit';
          }}
        />
      ) : (
        <>
          <ul className="part-facts">
            <li>
              <span className="part-kind">{kindLine(part.kind)}</span>
            </li>
            {felt && <li>{felt}</li>}
            <li>{seenLine(part)}</li>
            <li>{countLine(part.count)}</li>
          </ul>
          <Fears part={part} busy={busy} onSave={save} />
          <div className="part-actions">
            <button
              type="button"
              ref={editRef}
              aria-describedby={`${id}-name`}
              disabled={busy}
              onClick={() => {
                setEditing(true);
                setConfirming(false);
              }}
            >
              Edit
            </button>
            {!confirming && (
              <button
                type="button"
                ref={forgetRef}
                aria-describedby={`${id}-name`}
                disabled={busy}
                onClick={() => setConfirming(true)}
              >
                Forget this part
              </button>
            )}
          </div>
          {confirming && (
            <ForgetConfirm
              name={part.name}
              busy={busy}
              onForget={() => save({ forgotten: true }, `${part.name} is no longer on your list.`)}
              onKeep={() => {
                setConfirming(false);
                focusNext.current = 'forget';
              }}
            />
          )}
        </>
      )}
      <ErrorNote error={error} />
    </li>
  );
}

/** What the part fears: kept (L2) with a way to stop keeping it, or offered from the last session. */
function Fears(props: {
  part: LedgerPart;
  busy: boolean;
  onSave: (change: PartChange, said: string) => Promise<void>;
}) {
  const { part } = props;
  // L2: a newer fear named after one was kept is offered too; keeping it replaces the older one.
  const newer = part.fears && part.fearsNamed && part.fearsNamed !== part.fears ? part.fearsNamed : null;
  if (part.fears) {
    return (
      <figure className="part-fears">
        <figcaption>What it fears — kept, seen only by you and your therapist</figcaption>
        <blockquote>{part.fears}</blockquote>
        <button
          type="button"
          disabled={props.busy}
          onClick={() => props.onSave({ fears: null }, 'What it fears is no longer kept.')}
        >
          Stop keeping this
        </button>
        {newer && (
          <div className="offered">
            <p className="hint">The last time you named this part, it feared something else.</p>
            <button
              type="button"
              disabled={props.busy}
              onClick={() => props.onSave({ fears: newer }, 'The newer fear is kept instead.')}
            >
              Keep the newer one instead: ‘{newer}’
            </button>
          </div>
        )}
      </figure>
    );
  }
  if (!part.fearsNamed) return null;
  const fearsNamed = part.fearsNamed;
  return (
    <div className="part-fears offered">
      <p className="hint">
        The last time you named this part, you wrote what it fears. It is not kept yet. If you keep it, it
        stays here across sessions; only you and your therapist see it.
      </p>
      <button
        type="button"
        disabled={props.busy}
        onClick={() => props.onSave({ fears: fearsNamed }, 'What it fears is kept.')}
      >
        Keep what it fears: ‘{fearsNamed}’
      </button>
    </div>
  );
}

function PartEditor(props: {
  part: LedgerPart;
  busy: boolean;
  onSave: (change: PartChange) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(props.part.name);
  const [kind, setKind] = useState<PartKind>(props.part.kind);
  const [feltWhere, setFeltWhere] = useState(props.part.feltWhere ?? '');
  const nameRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    nameRef.current?.focus();
  }, []);
  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    const where = feltWhere.trim() || null;
    void props.onSave({
      ...(name.trim() === props.part.name ? {} : { name: name.trim() }),
      ...(kind === props.part.kind ? {} : { kind }),
      ...(where === props.part.feltWhere ? {} : { feltWhere: where }),
    });
  }
  return (
    <form className="part-editor" onSubmit={submit} aria-label={`Edit ${props.part.name}`}>
      <label htmlFor={`${id}-name`}>What do you call this part?</label>
      <input
        id={`${id}-name`}
        ref={nameRef}
        value={name}
        maxLength={LIMITS.labelChars}
        required
        onChange={(event) => setName(event.target.value)}
      />
      <PartKindChoice name={`${id}-kind`} kind={kind} onChange={setKind} />
      <label htmlFor={`${id}-where`}>Where do you feel it? (optional)</label>
      <input
        id={`${id}-where`}
        value={feltWhere}
        maxLength={LIMITS.labelChars}
        onChange={(event) => setFeltWhere(event.target.value)}
      />
      <div className="part-actions">
        <button type="submit" className="primary" disabled={props.busy || !name.trim()}>
          Save
        </button>
        <button type="button" onClick={props.onCancel} disabled={props.busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ForgetConfirm(props: { name: string; busy: boolean; onForget: () => void; onKeep: () => void }) {
  const id = useId();
  const yesRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    yesRef.current?.focus();
  }, []);
  return (
    <div
      role="alertdialog"
      aria-labelledby={`${id}-ask`}
      aria-describedby={`${id}-why`}
      className="part-confirm"
    >
      <p id={`${id}-ask`}>Forget {props.name}?</p>
      <p id={`${id}-why`}>This removes it from your list; your session records are not changed.</p>
      <button type="button" ref={yesRef} className="danger" disabled={props.busy} onClick={props.onForget}>
        Yes, forget it
      </button>
      <button type="button" disabled={props.busy} onClick={props.onKeep}>
        Keep it
      </button>
    </div>
  );
}

/** What the other partner showed in a session (L3): as they showed it, never what it fears. */
function PartnerShown(props: { partnerName: string; shown: SharedPart[] | null }) {
  const { partnerName, shown } = props;
  return (
    <section className="card parts" aria-labelledby="partner-parts-title">
      <h2 id="partner-parts-title">What {partnerName} has shown you</h2>
      <p className="hint">
        You see only what {partnerName} showed you in a session: a part they spoke for, or named at a check-in
        they shared with you — as it was then. What it fears, and their own notes, stay with them.
      </p>
      {shown && shown.length === 0 && <p>{partnerName} has not shown you a part yet.</p>}
      {shown && shown.length > 0 && (
        <ol className="part-list">
          {shown.map((part) => (
            <li key={`${part.name}-${part.at}`} className="part">
              <h3>{part.name}</h3>
              <ul className="part-facts">
                {part.kind && (
                  <li>
                    <span className="part-kind">{kindLine(part.kind)}</span>
                  </li>
                )}
                {part.feltWhere && <li>{feltLine(part.feltWhere)}</li>}
                <li>
                  <time dateTime={new Date(part.at).toISOString()}>{shownLine(part)}</time>
                </li>
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
