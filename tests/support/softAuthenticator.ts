import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/**
 * A software passkey authenticator for tests only: P-256 keys from node:crypto, attestation "none",
 * and assertions signed the way WebAuthn §6.3.3 says (over authenticatorData ‖ SHA-256(clientDataJSON)).
 * Its CBOR is written here rather than taken from @simplewebauthn, so the server's package reads
 * bytes it did not write itself. It keeps its credentials like a platform authenticator does
 * (discoverable: sign-in picks the one for the RP ID, no id is offered by the server).
 */

interface Credential {
  id: Buffer;
  rpId: string;
  /** base64url, as the server gave it in `user.id`. */
  userHandle: string;
  privateKey: KeyObject;
  counter: number;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export interface Answer {
  /** The signature counter to report instead of the next one (counter regression tests). */
  counter?: number;
  /** false: the user was present but not verified (no PIN, no fingerprint). */
  userVerified?: boolean;
  /** The page's origin as the browser would put it in `clientDataJSON` (default: the one given). */
  origin?: string;
}

export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  /** `counting: false` reports 0 every time, as most synced passkeys do. */
  constructor(private readonly options: { counting?: boolean } = {}) {}

  /** `navigator.credentials.create()`: a new key pair, answered as @simplewebauthn/browser would. */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    origin: string,
    answer: Answer = {},
  ): RegistrationResponseJSON {
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const id = randomBytes(16);
    const credential: Credential = { id, rpId, userHandle: options.user.id, privateKey, counter: 0 };
    // COSE_Key for ES256 (RFC 9053): kty EC2, alg -7, crv P-256, x, y.
    const coseKey = cbor(
      new Map<number, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      authenticatorData(rpId, FLAG_UP | (answer.userVerified === false ? 0 : FLAG_UV) | FLAG_AT, 0),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      id,
      coseKey,
    ]);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    this.credentials.push(credential);
    return {
      id: id.toString('base64url'),
      rawId: id.toString('base64url'),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientData('webauthn.create', options.challenge, answer.origin ?? origin),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
    };
  }

  /** `navigator.credentials.get()` with no allow list: the newest credential of the RP ID answers. */
  signIn(
    options: PublicKeyCredentialRequestOptionsJSON,
    origin: string,
    answer: Answer = {},
  ): AuthenticationResponseJSON {
    const rpId = options.rpId ?? new URL(origin).hostname;
    const credential = this.credentials.findLast((c) => c.rpId === rpId);
    if (!credential) throw new Error(`no passkey for ${rpId} on this authenticator`);
    if (this.options.counting !== false) credential.counter += 1;
    const counter = answer.counter ?? credential.counter;
    const authData = authenticatorData(
      rpId,
      FLAG_UP | (answer.userVerified === false ? 0 : FLAG_UV),
      counter,
    );
    const clientDataJSON = clientData('webauthn.get', options.challenge, answer.origin ?? origin);
    const signed = Buffer.concat([
      authData,
      createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest(),
    ]);
    // ES256 signatures in WebAuthn are ASN.1 DER, node's default for EC keys.
    const signature = sign('sha256', signed, credential.privateKey);
    return {
      id: credential.id.toString('base64url'),
      rawId: credential.id.toString('base64url'),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: credential.userHandle,
      },
    };
  }
}

/** rpIdHash ‖ flags ‖ signCount (WebAuthn §6.1), without attested credential data. */
function authenticatorData(rpId: string, flags: number, counter: number): Buffer {
  const count = Buffer.alloc(4);
  count.writeUInt32BE(counter);
  return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count]);
}

function clientData(type: string, challenge: string, origin: string): string {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })).toString('base64url');
}

/** The CBOR (RFC 8949) a WebAuthn authenticator writes: integers, byte and text strings, maps. */
function cbor(value: unknown): Buffer {
  if (typeof value === 'number') {
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Map) {
    const parts = [head(5, value.size)];
    for (const [key, item] of value) parts.push(cbor(key), cbor(item));
    return Buffer.concat(parts);
  }
  throw new Error(`cbor: cannot write ${typeof value}`);
}

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}
