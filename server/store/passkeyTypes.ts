/**
 * Therapists' passkeys (WebAuthn credentials, M12–M15 in shared/SPEC.md) and the challenges handed
 * out for them. Part of the account store (`AccountStore.passkeys`) so the Redis store of issue 13
 * keeps them too: a challenge given by one server process must be usable on another.
 */

export interface PasskeyRecord {
  /** Our own random id for the passkey: what the routes and the logs name it by. */
  passkeyId: string;
  therapistId: string;
  /** The authenticator's credential id, base64url; unique. Never logged (M15). */
  credentialId: string;
  /** The credential's public key as the authenticator gave it (COSE). */
  publicKey: Uint8Array;
  /** The authenticator's signature counter at the last use; 0 for authenticators that keep none. */
  counter: number;
  /** How the browser can reach the authenticator (`internal`, `hybrid`, `usb` …), as it told us. */
  transports: string[];
  /** The therapist's own name for it ("MacBook"). Never logged (M15). */
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export type ChallengePurpose = 'register' | 'signin';

/** A challenge handed to a browser: good once, until `expiresAt` (M13). */
export interface PasskeyChallengeRecord {
  /** base64url, as sent in the options and returned inside `clientDataJSON`. */
  challenge: string;
  purpose: ChallengePurpose;
  /** Who asked, for `register`; null for `signin` (nobody is signed in yet). */
  therapistId: string | null;
  expiresAt: number;
}

export interface PasskeyStore {
  /** `exists` when a passkey with that credential id is kept already (by anyone); nothing is written then. */
  add(passkey: PasskeyRecord): Promise<'created' | 'exists'>;
  /** The therapist's passkeys, oldest first. */
  listOf(therapistId: string): Promise<PasskeyRecord[]>;
  byCredentialId(credentialId: string): Promise<PasskeyRecord | null>;
  /**
   * Records a sign-in with the passkey at `now` and the counter it reported. False, and nothing
   * changes, when the counter went backwards or stood still while not zero (M14: a cloned
   * authenticator), or when the passkey is gone.
   */
  recordUse(passkeyId: string, counter: number, now: number): Promise<boolean>;
  /** Removes one of `therapistId`'s passkeys; false when it is not theirs or not there. */
  remove(therapistId: string, passkeyId: string): Promise<boolean>;
  /**
   * Keeps a new challenge. Expired ones are dropped first; false, and nothing is kept, when
   * `maxOpen` unexpired challenges are waiting already.
   */
  putChallenge(challenge: PasskeyChallengeRecord, now: number, maxOpen: number): Promise<boolean>;
  /**
   * Takes a challenge for `purpose` once: it is gone afterwards, whatever the answer. Null when it
   * is unknown, was taken already, is for the other purpose, or expired at `now`.
   */
  takeChallenge(
    challenge: string,
    purpose: ChallengePurpose,
    now: number,
  ): Promise<PasskeyChallengeRecord | null>;
}
