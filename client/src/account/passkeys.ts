import {
  type AuthenticationResponseJSON,
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { AccountError, accountRequest, type Therapist } from './api.ts';

/** A passkey as `GET /api/account/passkeys` lists it (docs/PROTOCOL.md §2.6, M12). */
export interface Passkey {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

export async function listPasskeys(): Promise<Passkey[]> {
  return (await accountRequest<{ passkeys: Passkey[] }>('GET', '/passkeys')).passkeys;
}

/** Options from the server, the browser's own dialog, then the answer for the server to check. */
export async function addPasskey(name: string): Promise<Passkey> {
  const optionsJSON = await accountRequest<PublicKeyCredentialCreationOptionsJSON>(
    'POST',
    '/passkeys/options',
  );
  const response = await inBrowser<RegistrationResponseJSON>(() => startRegistration({ optionsJSON }), 'add');
  return (await accountRequest<{ passkey: Passkey }>('POST', '/passkeys', { name, response })).passkey;
}

export async function removePasskey(id: string): Promise<void> {
  await accountRequest('DELETE', `/passkeys/${encodeURIComponent(id)}`);
}

/** A discoverable sign-in: the browser offers the passkeys it holds for this site (M13). */
export async function signInWithPasskey(): Promise<Therapist> {
  const optionsJSON = await accountRequest<PublicKeyCredentialRequestOptionsJSON>(
    'POST',
    '/signin/passkey/options',
  );
  const response = await inBrowser<AuthenticationResponseJSON>(
    () => startAuthentication({ optionsJSON }),
    'signin',
  );
  return (await accountRequest<{ therapist: Therapist }>('POST', '/signin/passkey', { response })).therapist;
}

/**
 * The browser's dialog, its refusals said plainly. Closing the dialog, or letting it time out, is
 * `NotAllowedError` in every browser: nothing went wrong, the therapist can simply try again.
 */
async function inBrowser<T>(dialog: () => Promise<T>, what: 'add' | 'signin'): Promise<T> {
  try {
    return await dialog();
  } catch (caught) {
    const name = caught instanceof Error ? caught.name : '';
    const code = (caught as { code?: string }).code ?? '';
    if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' || name === 'InvalidStateError')
      throw new AccountError(
        'already_exists',
        'This device already has a passkey for your account.',
        undefined,
        0,
      );
    if (name === 'NotAllowedError' || name === 'AbortError')
      throw new AccountError(
        'cancelled',
        what === 'add'
          ? 'No passkey was added: the dialog was closed or timed out. Try again when you are ready.'
          : 'The passkey dialog was closed or timed out. Try again, or sign in with your password.',
        undefined,
        0,
      );
    throw new AccountError(
      'unsupported',
      what === 'add'
        ? 'This browser could not make a passkey. Try another browser or device.'
        : 'This browser could not use a passkey. Sign in with your password.',
      undefined,
      0,
    );
  }
}
