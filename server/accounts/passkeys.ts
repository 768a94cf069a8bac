import { randomUUID } from 'node:crypto';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { decodeClientDataJSON, isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { badBody, fail } from '../http/fail.ts';
import type { PasskeyRecord } from '../store/passkeyTypes.ts';
import { sameOrigin } from './origin.ts';
import type { AccountDeps } from './routes.ts';

/**
 * Passkeys (WebAuthn, M12–M15) through @simplewebauthn/server: this file only keeps challenges and
 * credentials and decides what a result means; every signature, CBOR and COSE check is the
 * package's. Sign-in is discoverable (the browser offers the passkeys it holds for this site, no
 * email typed) and asks for user verification, which makes it a whole sign-in (M13).
 */

const MINUTE = 60_000;
/** How long a challenge can be answered (M13); also the browser's own timeout. */
export const CHALLENGE_MS = 5 * MINUTE;
/** Challenges waiting at once, across everyone; past it new ones are refused until some expire. */
export const MAX_OPEN_CHALLENGES = 10_000;
/** Passkeys one account may have: enough for every device a therapist owns. */
export const MAX_PASSKEYS = 20;
const RP_NAME = 'Dialogue Room';
// Ed25519, P-256, RSA: what platform authenticators and security keys make (@simplewebauthn's default).
const ALGORITHMS = [-8, -7, -257];

/**
 * Who the passkeys belong to: the host of `PUBLIC_URL` and its origin; without PUBLIC_URL, the host
 * the request was sent to, as the Origin rule (M6, `origin.ts`) allows. A passkey is bound to its
 * RP ID, so a deployment should set PUBLIC_URL and keep it.
 */
export function relyingParty(
  req: Request,
  publicUrl: string | undefined,
): { rpID: string; origin: string } | null {
  try {
    const url = new URL(publicUrl ?? `${req.protocol}://${req.get('host') ?? ''}`);
    return { rpID: url.hostname, origin: url.origin };
  } catch {
    return null;
  }
}

const Base64Url = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9_-]*={0,2}$/);
const PasskeyName = z
  .string()
  .trim()
  .min(1, { message: 'Give the passkey a name, such as the device it is on.' })
  .max(60, { message: 'A passkey name can have at most 60 characters.' })
  .regex(/^[^\p{Cc}]*$/u, { message: 'A name cannot hold control characters.' });
const Transport = z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
const Attachment = z.enum(['platform', 'cross-platform']).optional();

/**
 * The envelope both browser ceremonies return around their own `response` (a WebAuthn
 * `PublicKeyCredential` as @simplewebauthn/browser serialises it); unknown extension outputs are kept.
 */
const credential = <R extends z.ZodRawShape>(response: R) =>
  z.object({
    id: Base64Url.min(1),
    rawId: Base64Url.min(1),
    type: z.literal('public-key'),
    authenticatorAttachment: Attachment,
    clientExtensionResults: z.record(z.string(), z.unknown()),
    response: z.object(response),
  });

/** What `startRegistration` of @simplewebauthn/browser returns, with the name the therapist gave it. */
const Registration = z.strictObject({
  name: PasskeyName,
  response: credential({
    clientDataJSON: Base64Url,
    attestationObject: Base64Url.max(8192),
    authenticatorData: Base64Url.optional(),
    // Browsers add transports as they learn new ones: unknown ones are dropped, not refused.
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: Base64Url.optional(),
  }),
});

/** What `startAuthentication` of @simplewebauthn/browser returns. */
const Assertion = z.strictObject({
  response: credential({
    clientDataJSON: Base64Url,
    authenticatorData: Base64Url,
    signature: Base64Url,
    userHandle: Base64Url.optional(),
  }),
});

/** What the account page lists of a passkey: never its credential id or key. */
export function passkeyView(p: PasskeyRecord) {
  return { id: p.passkeyId, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt };
}

/** The challenge inside a browser's `clientDataJSON`, or null when it cannot be read. */
function challengeOf(clientDataJSON: string): string | null {
  try {
    const challenge: unknown = decodeClientDataJSON(clientDataJSON).challenge;
    return typeof challenge === 'string' && challenge.length <= 512 ? challenge : null;
  } catch {
    return null;
  }
}

/** What the passkey routes need from the account router around them: its limits and its sign-in. */
export interface PasskeyHooks {
  /** Answers 429 and returns true while this address is locked out (M5, M9). */
  lockedOut(res: Response, address: string): Promise<boolean>;
  /** A failed passkey sign-in: counts for the address (M5). */
  failed(address: string): Promise<void>;
  /**
   * Signs the therapist in as a right password would (M3) and answers `200 { therapist }`,
   * forgetting the account's failures (M9); false, having answered nothing, when the account is gone.
   */
  signIn(res: Response, therapistId: string): Promise<boolean>;
  /** Refuses without a signed-in therapist or with a bad Origin (M6); else lets the route run. */
  requireTherapist: express.RequestHandler;
  /** The therapist `requireTherapist` let through. */
  whoIsSignedIn(res: Response): { therapistId: string; email: string; name: string };
}

/**
 * `/api/account/passkeys…` (the signed-in therapist's passkeys) and `/api/account/signin/passkey…`
 * (signing in with one). docs/PROTOCOL.md §2.6.
 */
export function passkeyRouter(deps: AccountDeps, hooks: PasskeyHooks): express.Router {
  const router = express.Router();
  const store = deps.accounts.passkeys;
  const rp = (req: Request) => relyingParty(req, deps.config.publicUrl);

  async function keepChallenge(
    res: Response,
    challenge: string,
    purpose: 'register' | 'signin',
    therapistId: string | null,
  ): Promise<boolean> {
    const now = deps.now();
    const kept = await store.putChallenge(
      { challenge, purpose, therapistId, expiresAt: now + CHALLENGE_MS },
      now,
      MAX_OPEN_CHALLENGES,
    );
    if (!kept) {
      deps.log.warn({ purpose }, 'passkey challenges full');
      res.set('retry-after', String(CHALLENGE_MS / 1000));
      fail(res, 'rate_limited', 'Passkeys are busy on this server. Try again in a few minutes.');
    }
    return kept;
  }

  router.get('/passkeys', hooks.requireTherapist, async (_req, res) => {
    const { therapistId } = hooks.whoIsSignedIn(res);
    const passkeys = await store.listOf(therapistId);
    res.set('cache-control', 'no-store').json({ passkeys: passkeys.map(passkeyView) });
  });

  router.post('/passkeys/options', hooks.requireTherapist, async (req, res) => {
    const party = rp(req);
    if (!party) return fail(res, 'bad_request', 'The server cannot tell its own address.');
    const therapist = hooks.whoIsSignedIn(res);
    const existing = await store.listOf(therapist.therapistId);
    if (existing.length >= MAX_PASSKEYS)
      return fail(
        res,
        'bad_request',
        `You have ${MAX_PASSKEYS} passkeys. Remove one you no longer use first.`,
      );
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: party.rpID,
      userName: therapist.email,
      userDisplayName: therapist.name,
      // The user handle the passkey keeps: the account's id, never the email (it can be read off the device).
      userID: isoUint8Array.fromUTF8String(therapist.therapistId),
      timeout: CHALLENGE_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      supportedAlgorithmIDs: ALGORITHMS,
    });
    if (!(await keepChallenge(res, options.challenge, 'register', therapist.therapistId))) return;
    res.set('cache-control', 'no-store').json(options);
  });

  router.post('/passkeys', hooks.requireTherapist, async (req, res) => {
    const party = rp(req);
    if (!party) return fail(res, 'bad_request', 'The server cannot tell its own address.');
    const body = Registration.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const { therapistId } = hooks.whoIsSignedIn(res);
    const challenge = challengeOf(body.data.response.response.clientDataJSON);
    const taken = challenge ? await store.takeChallenge(challenge, 'register', deps.now()) : null;
    if (!taken || taken.therapistId !== therapistId)
      return fail(
        res,
        'bad_request',
        'This request to add a passkey has expired or was used already. Add the passkey again.',
      );
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: body.data.response as RegistrationResponseJSON,
        expectedChallenge: taken.challenge,
        expectedOrigin: party.origin,
        expectedRPID: party.rpID,
        requireUserVerification: true,
        supportedAlgorithmIDs: ALGORITHMS,
      });
    } catch (error) {
      deps.log.info({ therapistId, reason: reasonOf(error) }, 'passkey not added');
      return fail(res, 'bad_request', 'The passkey could not be checked. Try adding it again.');
    }
    if (!verified.verified)
      return fail(res, 'bad_request', 'The passkey could not be checked. Try adding it again.');
    const { credential } = verified.registrationInfo;
    const known = new Set<string>(Transport.options);
    const passkey: PasskeyRecord = {
      passkeyId: randomUUID(),
      therapistId,
      credentialId: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: (body.data.response.response.transports ?? []).filter((t) => known.has(t)),
      name: body.data.name,
      createdAt: deps.now(),
      lastUsedAt: null,
    };
    if ((await store.add(passkey)) === 'exists')
      return fail(res, 'already_exists', 'This passkey is added already.');
    deps.log.info({ therapistId, passkeyId: passkey.passkeyId }, 'passkey added');
    res.status(201).json({ passkey: passkeyView(passkey) });
  });

  router.delete('/passkeys/:passkeyId', hooks.requireTherapist, async (req, res) => {
    const { therapistId } = hooks.whoIsSignedIn(res);
    const passkeyId = String(req.params.passkeyId);
    // Someone else's passkey is answered like a missing one: its existence is not theirs to learn.
    if (passkeyId.length > 64 || !(await store.remove(therapistId, passkeyId)))
      return fail(res, 'not_found', 'There is no such passkey on your account.');
    deps.log.info({ therapistId, passkeyId }, 'passkey removed');
    res.status(204).end();
  });

  router.post('/signin/passkey/options', async (req, res) => {
    if (!sameOrigin(req, deps.publicUrl())) return fail(res, 'bad_origin');
    const party = rp(req);
    if (!party) return fail(res, 'bad_request', 'The server cannot tell its own address.');
    if (await hooks.lockedOut(res, req.ip ?? 'unknown')) return;
    const options = await generateAuthenticationOptions({
      rpID: party.rpID,
      timeout: CHALLENGE_MS,
      userVerification: 'required',
    });
    if (!(await keepChallenge(res, options.challenge, 'signin', null))) return;
    res.set('cache-control', 'no-store').json(options);
  });

  router.post('/signin/passkey', async (req, res) => {
    if (!sameOrigin(req, deps.publicUrl())) return fail(res, 'bad_origin');
    const party = rp(req);
    if (!party) return fail(res, 'bad_request', 'The server cannot tell its own address.');
    const address = req.ip ?? 'unknown';
    if (await hooks.lockedOut(res, address)) return;
    const body = Assertion.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const response = body.data.response as AuthenticationResponseJSON;

    const refuse = async (reason: string, message: string) => {
      await hooks.failed(address);
      deps.log.info({ address, reason }, 'passkey sign-in failed');
      fail(res, 'bad_credentials', message);
    };
    // The challenge is used up first, whatever follows: an answer is never checked twice (M13).
    const challenge = challengeOf(response.response.clientDataJSON);
    const taken = challenge ? await store.takeChallenge(challenge, 'signin', deps.now()) : null;
    if (!taken)
      return refuse('challenge', 'This passkey sign-in has expired or was used already. Try again.');
    const passkey = await store.byCredentialId(response.id);
    if (!passkey)
      return refuse(
        'unknown passkey',
        'This passkey is not known here — it may have been removed. Sign in with your password.',
      );
    // The user handle, when the authenticator gives one, must be the account the passkey was added to.
    if (
      response.response.userHandle !== undefined &&
      !sameUserHandle(response.response.userHandle, passkey.therapistId)
    )
      return refuse('user handle', 'This passkey could not be checked. Sign in with your password.');
    let newCounter: number;
    try {
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: taken.challenge,
        expectedOrigin: party.origin,
        expectedRPID: party.rpID,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: passkey.counter,
          transports: passkey.transports,
        },
        requireUserVerification: true,
      });
      if (!verified.verified) throw new Error('not verified');
      newCounter = verified.authenticationInfo.newCounter;
    } catch (error) {
      return refuse(reasonOf(error), 'This passkey could not be checked. Sign in with your password.');
    }
    // Stored only if the counter still goes up now (M14): two answers racing cannot both pass.
    if (!(await store.recordUse(passkey.passkeyId, newCounter, deps.now())))
      return refuse('counter', 'This passkey could not be checked. Sign in with your password.');
    if (!(await hooks.signIn(res, passkey.therapistId)))
      return refuse('no account', 'This passkey is not known here. Sign in with your password.');
    deps.log.info(
      { therapistId: passkey.therapistId, passkeyId: passkey.passkeyId },
      'signed in with a passkey',
    );
  });

  return router;
}

function sameUserHandle(userHandle: string, therapistId: string): boolean {
  try {
    return isoUint8Array.toUTF8String(isoBase64URL.toBuffer(userHandle)) === therapistId;
  } catch {
    return false;
  }
}

/**
 * Why the package refused, for the log, without what its message quotes: its messages can carry
 * the challenge, the origin or the credential id, and a credential id never goes into a log (M15).
 */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/counter/i.test(message)) return 'counter';
  if (/origin/i.test(message)) return 'origin';
  if (/rp ?id/i.test(message)) return 'rp id';
  if (/user verif/i.test(message)) return 'user verification';
  if (/challenge/i.test(message)) return 'challenge';
  if (/signature/i.test(message)) return 'signature';
  return 'invalid';
}
