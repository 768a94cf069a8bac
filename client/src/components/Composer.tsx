import { useId, useLayoutEffect, useRef, useState } from 'react';
import {
  checkPartSpeaking,
  LIMITS,
  PART_SPEAKING_INVITATION,
  type PartnerSeat,
} from '../../../shared/index.ts';
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
  /**
   * The gentle check before sending (W1–W4, written rooms): words that may come from a part get an
   * invitation, never a block. `onUTurn`, when given, is the one tap that turns inward instead.
   */
  partCheck?: { onUTurn?: () => void };
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
  // The text the invitation was shown for: sending that same text again goes ahead.
  const [invited, setInvited] = useState<string | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const trimmed = value.trim();
    if (!trimmed || tooLong) return;
    if (props.partCheck && invited !== trimmed && checkPartSpeaking(trimmed).flagged) {
      setInvited(trimmed);
      return;
    }
    await sendNow(trimmed);
  }
  async function sendNow(trimmed: string) {
    setInvited(null);
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
      {invited !== null && invited === value.trim() && (
        <div className="notice part-check" role="status">
          <p>{PART_SPEAKING_INVITATION}</p>
          {props.partCheck?.onUTurn && (
            <button
              type="button"
              className="primary"
              onClick={() => {
                setInvited(null);
                props.partCheck?.onUTurn?.();
              }}
            >
              Make a U-turn first
            </button>
          )}
          <button
            type="button"
            onClick={() => {
              setInvited(null);
              box.current?.focus();
            }}
          >
            Let me rephrase it
          </button>
          <button type="button" disabled={props.busy} onClick={() => sendNow(invited)}>
            Send it as it is
          </button>
        </div>
      )}
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
