import { useId } from 'react';
import type { PartnerSeat } from '../../../../shared/index.ts';
import { DocStatus } from '../../components/DocStatus.tsx';
import { PieceCount } from '../../components/PieceCount.tsx';
import { setText, useYText } from '../../room/hooks.ts';

/** One tap of a spoken step: its label, and what it sends with the optional words (or none). */
export interface SpokenTap {
  label: string;
  primary?: boolean;
  send: (text: string | undefined) => Promise<boolean>;
}

/**
 * A step in a spoken room (T37): the words were said aloud on the video call, so the step is one
 * tap. A word or two for the record is optional and folded away; it is the partner's draft
 * document, as in written mode, so the therapist sees it form and nothing typed is lost.
 */
export function SpokenStep(props: {
  seat: PartnerSeat;
  prompt: string;
  taps: SpokenTap[];
  busy: boolean;
  /** The most characters the words may have (the room's piece limit for pieces and corrections). */
  limit: number;
}) {
  const id = useId();
  const { text, value } = useYText(`draft/${props.seat}`);
  const words = value.trim();
  const tooLong = words.length > props.limit;
  async function tap(send: SpokenTap['send']) {
    // Cleared only if it still holds what was sent, as in the written composer.
    if ((await send(words || undefined)) && text.toString().trim() === words) setText(text, '');
  }
  return (
    <div className="actions spoken-step">
      <p>{props.prompt}</p>
      <div className="spoken-taps">
        {props.taps.map((t) => (
          <button
            key={t.label}
            type="button"
            className={t.primary ? 'primary' : undefined}
            disabled={props.busy || tooLong}
            onClick={() => tap(t.send)}
          >
            {props.busy ? 'Sending…' : t.label}
          </button>
        ))}
      </div>
      <details className="for-the-record" open={words.length > 0}>
        <summary>Add a word or two for the record</summary>
        <label htmlFor={id}>A word or two for the record (optional)</label>
        <textarea
          id={id}
          rows={2}
          value={value}
          onChange={(e) => setText(text, e.target.value)}
          aria-describedby={`${id}-count ${id}-status`}
          aria-invalid={tooLong}
          readOnly={props.busy}
        />
        <PieceCount id={`${id}-count`} length={words.length} limit={props.limit} />
        <DocStatus name={`draft/${props.seat}`} id={`${id}-status`} />
      </details>
    </div>
  );
}
