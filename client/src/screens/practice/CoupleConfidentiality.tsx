import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../../shared/index.ts';
import { DEFAULT_CONFIDENTIALITY, NOT_LEGAL_ADVICE } from '../../components/confidentialityDefault.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { type Couple, practiceApi } from '../../practice/api.ts';
import { messageOf } from '../../practice/useLoad.ts';
import '../../styles/contract.css';

/**
 * The couple's confidentiality text (I42, I43): what stays confidential and its limits, which every
 * session made for them afterwards shows at the contract. Starts from a default draft until saved.
 */
export function CoupleConfidentiality({ couple, reload }: { couple: Couple; reload: () => Promise<void> }) {
  const [text, setText] = useState(couple.confidentiality ?? DEFAULT_CONFIDENTIALITY);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await practiceApi.updateCouple(couple.id, { confidentiality: text.trim() || null });
      setSaved(true);
      await reload();
    } catch (failed) {
      setError(messageOf(failed));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card contract-terms" aria-labelledby="couple-confidentiality-title">
      <h2 id="couple-confidentiality-title">Confidentiality and its limits</h2>
      <p className="hint">
        {couple.confidentiality === null
          ? 'Not set: sessions start without it. Each partner reads it at the contract and agrees to it.'
          : 'Each new session starts with this text; each partner reads it at the contract and agrees to it.'}
      </p>
      <form onSubmit={save}>
        <label htmlFor="couple-confidentiality">The text the partners read</label>
        <textarea
          id="couple-confidentiality"
          rows={9}
          maxLength={LIMITS.noteChars}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="couple-confidentiality-advice"
        />
        <p className="hint" id="couple-confidentiality-advice">
          {NOT_LEGAL_ADVICE} Empty it to start sessions without one.
        </p>
        <ErrorNote error={error} />
        <button type="submit" disabled={busy || (text.trim() || null) === couple.confidentiality}>
          {busy ? 'Saving…' : 'Save the text'}
        </button>
        <span className="hint" aria-live="polite">
          {saved ? 'Saved. Sessions started from now on show it.' : ''}
        </span>
      </form>
    </section>
  );
}
