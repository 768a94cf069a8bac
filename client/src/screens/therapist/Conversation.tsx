import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  currentRound,
  type Entry,
  type RoomState,
  SET_ASIDE_NOTE,
  type SetAside,
} from '../../../../shared/index.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { type Names, partnerName } from '../../components/names.ts';
import { describeEntry } from '../../components/recordText.ts';
import { useRecord, useSend } from '../../room/hooks.ts';
import { canSetAside, sessionEntries } from './roomStatus.ts';

/** How close to the end (px) still counts as "reading the newest". */
const NEAR_END = 48;

/**
 * The conversation in the order it happened, kept scrolled to the newest words (issue 9 §5). Oldest
 * first reads like the record and the export, a reflection under the piece it answers; the box
 * follows new words only while the therapist is at the end, so reading back is never interrupted.
 * Each standing entry of the round carries its own "Who is speaking?" and "Stop contempt" (T24, T26):
 * the words that need it are rarely the latest. Set-aside words stay, struck and marked.
 */
export function Conversation({ state }: { state: RoomState }) {
  const entries = useRecord();
  const { send, error, busy } = useSend();
  const lines = entries
    .map((entry) => ({ entry, text: describeEntry(entry, 'therapist', state.partners) }))
    .filter((line) => line.text);
  const said = new Map(sessionEntries(state).map((entry) => [entry.seq, entry]));
  const round = currentRound(state);
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [readingBack, setReadingBack] = useState(false);

  const toEnd = () => scrollToEnd(box.current);
  // New words: follow them if the therapist was at the end.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the number of lines changes
  useLayoutEffect(() => {
    if (following.current) toEnd();
  }, [lines.length]);
  // A resized box (a window made narrower, a panel opening) keeps the newest words in view too.
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (following.current) scrollToEnd(el);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <section className="panel conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title">The conversation so far</h2>
      <div
        ref={box}
        className="conversation-scroll"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be reachable by keyboard (WCAG 2.1.1)
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_END;
          following.current = atEnd;
          setReadingBack(!atEnd);
        }}
      >
        {lines.length === 0 ? (
          <p className="hint">Nothing has been said yet.</p>
        ) : (
          <ol className="entries">
            {lines.map(({ entry, text }) => {
              const words = said.get(Number(entry.seq));
              const flaggable =
                words && round?.floor === 'held' && state.stage !== 'ended' && canSetAside(round, words);
              return (
                <li
                  key={String(entry.seq)}
                  className={`entry kind-${String(entry.type)}${words?.setAside ? ' set-aside' : ''}`}
                >
                  {words?.setAside ? <SetAsideLine text={text} why={words.setAside} /> : text}
                  {flaggable && (
                    <FlagControls
                      entry={words}
                      names={state.partners}
                      busy={busy}
                      contemptRunning={state.contempt !== null}
                      send={send}
                    />
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </div>
      <ErrorNote error={error} />
      {readingBack && (
        <button
          type="button"
          className="quiet to-newest"
          onClick={() => {
            following.current = true;
            setReadingBack(false);
            toEnd();
          }}
        >
          Newest words ↓
        </button>
      )}
    </section>
  );
}

/** Struck for the eye, and said in words for everyone (a screen reader does not read strike-through). */
function SetAsideLine({ text, why }: { text: string; why: SetAside }) {
  return (
    <>
      <s>{text}</s> <span className="set-aside-note">({SET_ASIDE_NOTE[why]})</span>
    </>
  );
}

/** The two interventions that act on these words; each name says whose words they are. */
function FlagControls(props: {
  entry: Entry;
  names: Names;
  busy: boolean;
  /** I24: one stop-contempt sequence at a time; the one running is taken on from the interventions. */
  contemptRunning: boolean;
  send: (
    command:
      | { type: 'markFromPart'; entrySeq: number }
      | { type: 'stopContempt'; seat: 'A' | 'B'; entrySeq: number },
  ) => unknown;
}) {
  const { entry } = props;
  const whose = `${partnerName(entry.seat, props.names)}'s ${entry.kind}${entry.text ? ` “${short(entry.text)}”` : ''}`;
  return (
    <span className="flag-controls">
      <button
        type="button"
        className="quiet small"
        disabled={props.busy}
        aria-label={`Who is speaking? Set aside ${whose} as spoken from a part`}
        onClick={() => props.send({ type: 'markFromPart', entrySeq: entry.seq })}
      >
        Who is speaking?
      </button>
      <button
        type="button"
        className="quiet small"
        disabled={props.busy || props.contemptRunning}
        aria-label={`Stop contempt: set aside ${whose}`}
        onClick={() => props.send({ type: 'stopContempt', seat: entry.seat, entrySeq: entry.seq })}
      >
        Stop contempt
      </button>
    </span>
  );
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function scrollToEnd(el: HTMLElement | null): void {
  if (el) el.scrollTop = el.scrollHeight;
}
