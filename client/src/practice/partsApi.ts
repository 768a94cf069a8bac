import type { LedgerPart, PartKind, SharedPart } from '../../../shared/index.ts';

/*
 * The parts routes as the couple's home calls them (docs/PROTOCOL.md §2.8, SPEC L1–L4): the home token
 * rides as a Bearer token, never in an address the server sees.
 */

export interface HomeParts {
  mine: LedgerPart[];
  partner: SharedPart[];
}

/** A partner's change to one of their parts; a field left out stays as it is. */
export interface PartChange {
  name?: string;
  kind?: PartKind;
  feltWhere?: string | null;
  fears?: string | null;
  forgotten?: boolean;
}

/** A refusal, as the sentence the server sent (or a plain one when it sent none). */
export class PartsError extends Error {}

async function call<T>(token: string, path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  } catch {
    throw new PartsError('Could not reach the server. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok) {
    throw new PartsError(body?.error?.message ?? 'Something went wrong. Please try again.');
  }
  return body as T;
}

export function fetchHomeParts(token: string): Promise<HomeParts> {
  return call<HomeParts>(token, '/api/home/parts');
}

/** Saves a change; the answer is the part as it now reads, or null once it is forgotten. */
export async function changePart(token: string, key: string, change: PartChange): Promise<LedgerPart | null> {
  const { part } = await call<{ part: LedgerPart | null }>(
    token,
    `/api/home/parts/${encodeURIComponent(key)}`,
    { method: 'PATCH', body: JSON.stringify(change) },
  );
  return part;
}
