import type { RoomState } from '../../../../shared/index.ts';
import '../../styles/contract.css';

/**
 * The therapist's text on confidentiality and its limits (I40, I43), read before agreeing: in a box of
 * its own that scrolls on a phone, focusable so a keyboard can scroll it too.
 */
export function Confidentiality({ state }: { state: RoomState }) {
  const terms = state.confidentiality;
  if (!terms) return null;
  return (
    <div className="confidentiality">
      <h3 id="confidentiality-title">What stays confidential, and its limits</h3>
      <section
        className="confidentiality-text"
        aria-labelledby="confidentiality-title"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls on a phone (WCAG 2.1.1)
        tabIndex={0}
      >
        {terms.text.split(/\n+/).map((paragraph, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the paragraphs of one fixed text
          <p key={i}>{paragraph}</p>
        ))}
      </section>
      <p className="hint">Agreeing to the ground rules means you have read this too.</p>
    </div>
  );
}
