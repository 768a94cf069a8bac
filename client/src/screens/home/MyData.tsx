import { ErrorNote } from '../../components/ErrorNote.tsx';
import { readerTimeZone, useDownload } from '../../practice/download.ts';

/** A partner's own data as one zip (issue 10 §6, K11): never the other partner's private words. */
export function MyData({ token }: { token: string }) {
  const { busy, error, download } = useDownload(
    () => `/api/home/export?tz=${encodeURIComponent(readerTimeZone())}`,
    token,
  );
  return (
    <section className="card" aria-labelledby="my-data-title">
      <h2 id="my-data-title">Your data</h2>
      <p className="hint">
        Everything of yours kept here — your parts, your practices, your assignments — in one file.
      </p>
      <button type="button" onClick={download} disabled={busy}>
        {busy ? 'Preparing…' : 'Download my data'}
      </button>
      <ErrorNote error={error} />
    </section>
  );
}
