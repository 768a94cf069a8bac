import type { LedgerPart, SessionListItem, Talk } from '../../../shared/index.ts';

/*
 * The couples API as the screens call it (docs/PROTOCOL.md §2.6 onwards; the shapes are those of
 * /work/notes/couplesApi10.md). Therapist calls ride on the session cookie: a same-origin fetch sends it
 * and the browser adds the Origin header the server checks on writes (M6). Home calls carry the
 * couple's home token as a Bearer token; it never goes into an address the server sees.
 */

export type PartnerSeat = 'A' | 'B';
export const PARTNERS: readonly PartnerSeat[] = ['A', 'B'];

export interface Partner {
  name: string;
  pronouns: string | null;
}
export type Partners = Record<PartnerSeat, Partner>;

export interface Couple {
  id: string;
  partners: Partners;
  note: string;
  nextSessionAt: number | null;
  createdAt: number;
  /** I42: the therapist's confidentiality text for this couple's sessions; null until set. */
  confidentiality: string | null;
}
export interface CoupleListItem extends Couple {
  lastSessionAt: number | null;
}

export interface HomeLink {
  link: string;
  token: string;
}
export interface SeatLink {
  link: string;
  token: string;
  expiresAt: string;
}

/** The session list's line (`summarizeSession(…).compact`, R1): every field is a count or a fact, never a guess. */
export type CompactSummary = SessionListItem;

export interface SessionItem {
  roomId: string;
  kind: 'session';
  createdAt: number;
  talk: Talk;
  stage: string;
  summary: CompactSummary | null;
}

export interface PracticeItem {
  roomId: string;
  createdAt: number;
  assignmentId: string | null;
  stage: string;
  happened: { startedAt: number; lengthMinutes: number; roundsCompleted: number } | null;
  safetyPauses: number;
  shares: Record<PartnerSeat, boolean | null>;
  shared: boolean;
  therapistNote: string | null;
  summary: CompactSummary | null;
}

export interface Assignment {
  id: string;
  topic: string;
  firstSpeaker: PartnerSeat;
  rounds: number;
  due: string | null;
  note: string;
  createdAt: number;
}

export interface CoupleDetail {
  couple: Couple;
  sessions: SessionItem[];
  practices: PracticeItem[];
  assignments: Assignment[];
  /** Both partners' parts across sessions as the therapist sees them (L4). */
  parts: Record<PartnerSeat, LedgerPart[]>;
}

export interface HomeView {
  me: PartnerSeat;
  couple: { partners: Partners; nextSessionAt: number | null };
  therapist: { name: string };
  assignments: Assignment[];
  practices: PracticeItem[];
  sessions: { roomId: string; createdAt: number; stage: string }[];
}

export interface PartnerIn {
  name: string;
  /** Left out when adding a couple without them; null clears them in a change. */
  pronouns?: string | null;
}

export interface AssignmentIn {
  topic?: string;
  firstSpeaker: PartnerSeat;
  rounds: number;
  due?: string;
  note?: string;
}

/** A refusal from the server: its code for the screen to choose what to show, its sentence to show it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const FALLBACK = 'The server could not be reached. Check your connection and try again.';

async function call<T>(method: string, path: string, body?: unknown, bearer?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', FALLBACK);
  }
  if (res.status === 204) return undefined as T;
  const parsed = (await res.json().catch(() => null)) as
    | (T & { error?: { code?: string; message?: string } })
    | null;
  if (!res.ok) {
    const error = parsed?.error;
    throw new ApiError(res.status, error?.code ?? 'internal', error?.message ?? FALLBACK);
  }
  return parsed as T;
}

const enc = encodeURIComponent;

/** What a signed-in therapist's screens ask of the server. */
export const practiceApi = {
  account: () => call<{ therapist: { id: string; email: string; name: string } }>('GET', '/api/account'),
  couples: () => call<{ couples: CoupleListItem[] }>('GET', '/api/couples'),
  addCouple: (partners: Record<PartnerSeat, PartnerIn>, note: string) =>
    call<{ couple: Couple; homeLinks: Record<PartnerSeat, HomeLink> }>('POST', '/api/couples', {
      partners,
      ...(note ? { note } : {}),
    }),
  couple: (id: string) => call<CoupleDetail>('GET', `/api/couples/${enc(id)}`),
  updateCouple: (
    id: string,
    change: {
      partners?: Record<PartnerSeat, PartnerIn>;
      note?: string;
      nextSessionAt?: number | null;
      confidentiality?: string | null;
    },
  ) => call<{ couple: Couple }>('PATCH', `/api/couples/${enc(id)}`, change),
  deleteCouple: (id: string) => call<void>('DELETE', `/api/couples/${enc(id)}`),
  replaceHomeLink: (id: string, partner: PartnerSeat) =>
    call<{ homeLink: HomeLink }>('POST', `/api/couples/${enc(id)}/links/${partner}`),
  startSession: (id: string, talk: Talk) =>
    call<{ roomId: string; talk: Talk; seats: Record<'therapist' | PartnerSeat, SeatLink> }>(
      'POST',
      `/api/couples/${enc(id)}/sessions`,
      { talk },
    ),
  consoleLink: (roomId: string) =>
    call<SeatLink & { seat: 'therapist' }>('POST', `/api/sessions/${enc(roomId)}/console`),
  resendSeatLink: (roomId: string, seat: PartnerSeat) =>
    call<SeatLink>('POST', `/api/sessions/${enc(roomId)}/links/${seat}`),
  addAssignment: (id: string, assignment: AssignmentIn) =>
    call<{ assignment: Assignment }>('POST', `/api/couples/${enc(id)}/assignments`, assignment),
  removeAssignment: (id: string, assignmentId: string) =>
    call<void>('DELETE', `/api/couples/${enc(id)}/assignments/${enc(assignmentId)}`),
  practiceNote: (roomId: string, note: string) =>
    call<{ therapistNote: string }>('PUT', `/api/practices/${enc(roomId)}/note`, { note }),
};

/** What a partner's home asks of the server, with their home token. */
export function homeApi(token: string) {
  return {
    home: () => call<HomeView>('GET', '/api/home', undefined, token),
    startPractice: (options: { assignmentId?: string; talk?: Talk }) =>
      call<SeatLink & { roomId: string }>('POST', '/api/home/practices', options, token),
    joinPractice: (roomId: string) =>
      call<SeatLink & { roomId: string }>('POST', `/api/home/practices/${enc(roomId)}/join`, {}, token),
    share: (roomId: string, share: boolean) =>
      call<{ shares: Record<PartnerSeat, boolean | null> }>(
        'PUT',
        `/api/home/practices/${enc(roomId)}/share`,
        { share },
        token,
      ),
    joinSession: (roomId: string) =>
      call<SeatLink & { roomId: string }>('POST', `/api/home/sessions/${enc(roomId)}/join`, {}, token),
    deletePractice: (roomId: string) =>
      call<void>('DELETE', `/api/home/practices/${enc(roomId)}`, undefined, token),
    replaceLink: () => call<{ homeLink: HomeLink }>('POST', '/api/home/link', {}, token),
  };
}
export type HomeApi = ReturnType<typeof homeApi>;
