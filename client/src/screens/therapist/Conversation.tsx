import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { describeEntry } from '../../components/recordText.ts';
import { useRecord } from '../../room/hooks.ts';

/** How close to the end (px) still counts as "reading the newest". */
const NEAR_END = 48;

/**
 * The conversation in the order it happened, kept scrolled to the newest words (issue 9 §5). Oldest
 * first reads like the record and the export, a reflection under the piece it answers; the box
 * follows new words only while the therapist is at the end, so reading back is never interrupted.
 */
export function Conversation() {
  const entries = useRecord();
  const lines = entries
    .map((entry) => ({ entry, text: describeEntry(entry, 'therapist') }))
    .filter((line) => line.text);
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
            {lines.map(({ entry, text }) => (
              <li
                key={String(entry.seq)}
                className={`entry kind-${String(entry.type)}${entry.fromPart ? ' from-part' : ''}`}
              >
                {text}
              </li>
            ))}
          </ol>
        )}
      </div>
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

function scrollToEnd(el: HTMLElement | null): void {
  if (el) el.scrollTop = el.scrollHeight;
}
