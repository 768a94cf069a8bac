import { ErrorNote } from '../../components/ErrorNote.tsx';
import type { Couple } from '../../practice/api.ts';
import { readerTimeZone, useDownload } from '../../practice/download.ts';

/** "Export everything" for a couple (issue 10 §6, K11): one zip of all the therapist may see of them. */
export function CoupleExport({ couple }: { couple: Couple }) {
  const { busy, error, download } = useDownload(
    () => `/api/couples/${encodeURIComponent(couple.id)}/export?tz=${encodeURIComponent(readerTimeZone())}`,
  );
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">Export everything</h2>
      <p className="hint">
        One zip file: the couple, assignments, both partners’ parts, each session’s record (Markdown and JSON,
        with your private notes) and each practice as far as they shared it.
      </p>
      <button type="button" onClick={download} disabled={busy}>
        {busy ? 'Preparing…' : 'Download the zip'}
      </button>
      <ErrorNote error={error} />
    </section>
  );
}
