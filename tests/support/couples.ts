import { asTherapist, type SignedInTherapist } from './therapist.ts';

/** A seat link as the REST API gives it. */
export interface SeatLinkBody {
  link: string;
  token: string;
  expiresAt: string;
}

export interface HomeLinkBody {
  link: string;
  token: string;
}

export interface AddedCouple {
  id: string;
  homeLinks: { A: HomeLinkBody; B: HomeLinkBody };
}

/** A cookie-authenticated request of a therapist, as the web app sends it (with this site's Origin, M6). */
export function asTherapistFetch(url: string, therapist: SignedInTherapist) {
  return (path: string, method = 'GET', body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: asTherapist(url, therapist, body !== undefined),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** A request from a couple's home, with a partner's home token (docs/PROTOCOL.md §2.8). */
export function atHome(url: string, token: string) {
  return (path: string, method = 'GET', body?: unknown) =>
    fetch(`${url}/api/home${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** `POST /api/couples` for `therapist`; anything but 201 throws. */
export async function addCouple(
  url: string,
  therapist: SignedInTherapist,
  partners = { A: { name: 'Sam', pronouns: 'she/her' }, B: { name: 'Alex' } },
  note = '',
): Promise<AddedCouple> {
  const res = await asTherapistFetch(url, therapist)('/api/couples', 'POST', { partners, note });
  if (res.status !== 201) throw new Error(`addCouple: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { couple: { id: string }; homeLinks: AddedCouple['homeLinks'] };
  return { id: body.couple.id, homeLinks: body.homeLinks };
}
