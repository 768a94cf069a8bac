import { useState } from 'react';
import { ApiError } from './api.ts';
import { messageOf } from './useLoad.ts';

/** The reader's IANA time zone, so an export's times are their clock times (R3). */
export function readerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Downloads a zip the server makes (K11). A home export rides on the home token, which only a
 * fetch can send, so the file is fetched and handed to the browser as a blob — never an address
 * with the token in it.
 */
export async function downloadZip(path: string, bearer?: string): Promise<void> {
  const res = await fetch(path, {
    credentials: 'same-origin',
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'internal',
      body?.error?.message ?? 'The download failed.',
    );
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export.zip';
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A download button's state: busy while the zip is made, the refusal in plain words if it fails. */
export function useDownload(path: () => string, bearer?: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function download() {
    setBusy(true);
    setError(null);
    try {
      await downloadZip(path(), bearer);
    } catch (failed) {
      setError(messageOf(failed));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, download };
}
