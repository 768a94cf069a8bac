import { useId, useLayoutEffect, useRef } from 'react';
import { LIMITS, type PartnerSeat } from '../../../shared/index.ts';
import { setText, useDocHealth, useYText } from '../room/hooks.ts';
import { stemStart } from '../steps.ts';
import { DocStatus } from './DocStatus.tsx';
import { DraftSharing } from './DraftSharing.tsx';
import { PieceCount } from './PieceCount.tsx';

/**
 * What a partner writes before sending it: their draft document (kept in this browser too, so
 * nothing typed is lost offline; visible to the therapist as it forms, and to the other partner only
 * if both choose so, D4). A tapped stem goes into the box, and the cursor waits right after it.
 */
export function Composer(props: {
  seat: PartnerSeat;
  label: string;
  stems: string[];
  action: string;
  busy: boolean;
  onSend: (text: string) => Promise<boolean>;
  disabled?: boolean;
  /** The most characters it may have: the room's piece limit for pieces and corrections (T38). */
  limit?: number;
}) {
  const id = useId();
  const { text, value } = useYText(`draft/${props.seat}`);
  // A draft the server closed for good takes no more typing; what is in it can still be sent.
  const closed = useDocHealth(`draft/${props.seat}`).closedReason !== null;
  const limit = props.limit ?? LIMITS.pieceChars;
  const tooLong = value.trim().length > limit;
  const box = useRef<HTMLTextAreaElement>(null);
  // Where the cursor goes once the box shows the stem just tapped (the text arrives through Yjs).
  const cursorAt = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = cursorAt.current;
    if (at === null || !box.current || box.current.value.length < at) return;
    cursorAt.current = null;
    box.current.focus();
    box.current.setSelectionRange(at, at);
  });
  function insertStem(stem: string) {
    const next = stemStart(value, stem);
    if (next === value) {
      box.current?.focus();
      box.current?.setSelectionRange(next.length, next.length);
      return;
    }
    cursorAt.current = next.length;
    setText(text, next);
  }
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const trimmed = value.trim();
    if (!trimmed || tooLong) return;
    // Cleared only if it still holds what was sent (the box is locked while sending anyway).
    if ((await props.onSend(trimmed)) && text.toString().trim() === trimmed) setText(text, '');
  }
  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={id}>{props.label}</label>
      {props.stems.length > 0 && (
        <fieldset className="stems">
          <legend>Sentence starters</legend>
          {props.stems.map((stem) => (
            <button key={stem} type="button" className="stem" onClick={() => insertStem(stem)}>
              {stem}
            </button>
          ))}
        </fieldset>
      )}
      <textarea
        id={id}
        ref={box}
        rows={4}
        value={value}
        onChange={(e) => setText(text, e.target.value)}
        aria-describedby={`${id}-count ${id}-status`}
        aria-invalid={tooLong}
        readOnly={props.busy || closed}
      />
      <PieceCount id={`${id}-count`} length={value.trim().length} limit={limit} />
      <DocStatus name={`draft/${props.seat}`} id={`${id}-status`} />
      <button
        type="submit"
        className="primary"
        disabled={props.busy || props.disabled || !value.trim() || tooLong}
      >
        {props.busy ? 'Sending…' : props.action}
      </button>
      <DraftSharing me={props.seat} />
    </form>
  );
}
