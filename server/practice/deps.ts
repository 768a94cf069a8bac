import type { Config } from '../config.ts';
import type { EraseBy } from '../room/eraseRoom.ts';
import type { ReissueDeps } from '../room/reissueSeat.ts';
import type { PartnerLetter } from '../store/practiceTypes.ts';
import type { HomeTokens } from './homeTokens.ts';

/** What the couples and home routes need from the server (all of it in `ApiDeps`). */
export interface PracticeDeps extends ReissueDeps {
  config: Config;
  homeTokens: HomeTokens;
  /** The erasure service (server/room/eraseRoom.ts): connections closed, memory dropped, the store erased (E1). */
  eraseRoom: (roomId: string, by: EraseBy) => Promise<boolean>;
  /**
   * Runs one couple's changes of its rooms one after the other (onePerKey.ts), shared by the home's
   * "start a practice" and the therapist's "delete the couple": a start cannot make a room after
   * the deletion listed the couple's rooms (K7, K10).
   */
  onePerCouple: <T>(coupleId: string, task: () => Promise<T>) => Promise<T>;
}

export interface HomeLink {
  link: string;
  token: string;
}

/** A partner's link to their couple's home (K2): `<PUBLIC_URL>/home#token=…`, the key in the fragment. */
export async function homeLink(
  deps: PracticeDeps,
  coupleId: string,
  partner: PartnerLetter,
  version: number,
): Promise<HomeLink> {
  const token = await deps.homeTokens.issue({ coupleId, partner, version }, deps.now());
  return { link: `${deps.publicUrl()}/home#token=${token}`, token };
}
