/*
 * A partner's couple-home link is `/home#token=<jwt>`: the fragment never reaches a server, nor its logs.
 * The token is kept on this device (so `/home` opens again without the link) and the fragment is taken
 * out of the address bar at once, so it is not left in the history, a bookmark or a screenshot.
 */

export const HOME_TOKEN_KEY = 'dialogue-room:home-token';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The token in the fragment if there is one (it replaces a kept one), else the one kept here, else null. */
export function takeHomeToken(hash: string, store: Store): string | null {
  const fromLink = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  if (fromLink) {
    store.setItem(HOME_TOKEN_KEY, fromLink);
    return fromLink;
  }
  return store.getItem(HOME_TOKEN_KEY);
}

export function keepHomeToken(token: string, store: Store): void {
  store.setItem(HOME_TOKEN_KEY, token);
}

export function forgetHomeToken(store: Store): void {
  store.removeItem(HOME_TOKEN_KEY);
}

/** The address without its fragment, for `history.replaceState`. */
export function withoutFragment(location: Pick<Location, 'pathname' | 'search'>): string {
  return `${location.pathname}${location.search}`;
}
