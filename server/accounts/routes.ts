import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ErrorCode } from '../../shared/index.ts';
import type { Config } from '../config.ts';
import { badBody, fail } from '../http/fail.ts';
import type { Logger } from '../log.ts';
import type { AccountStore, TherapistRecord } from '../store/accountTypes.ts';
import { clearSessionCookie, type SignedIn, startSession, therapistOf } from './authSessions.ts';
import { inviteHash, makeInvite } from './invites.ts';
import { SAFE_METHODS, sameOrigin } from './origin.ts';
import { passkeyRouter } from './passkeys.ts';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyNobody, verifyPassword } from './passwords.ts';
import {
  looksLikeTotp,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUrl,
  recoveryCodeHash,
  totpStep,
} from './secondFactor.ts';
import { type MakeSignInLimit, signInLimits } from './sharedSignInLimits.ts';

export interface AccountDeps {
  config: Config;
  accounts: AccountStore;
  log: Logger;
  now: () => number;
  publicUrl: () => string;
  /** Sign-in lockouts (M9): shared by every instance on Redis (S28); in memory when unset. */
  signInLimits?: MakeSignInLimit;
}

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter an email address.' }).max(254));
export const Password = z
  .string()
  .min(PASSWORD_MIN, { message: `A password needs at least ${PASSWORD_MIN} characters.` })
  .max(PASSWORD_MAX, { message: `A password can have at most ${PASSWORD_MAX} characters.` });
export const Name = z
  .string()
  .trim()
  .min(1, { message: 'Enter your name.' })
  .max(80)
  .regex(/^[^\p{Cc}]*$/u, { message: 'A name cannot hold control characters.' });

const SignUp = z.strictObject({
  email: Email,
  password: Password,
  name: Name,
  invite: z.string().max(200).optional(),
});
const ConfirmTotp = z.strictObject({ code: z.string().max(20) });
const TurnOffTotp = z.strictObject({ password: z.string().max(PASSWORD_MAX) });
const SignIn = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(PASSWORD_MAX),
  code: z.string().max(40).optional(),
});

export function accountView(t: TherapistRecord) {
  return { id: t.therapistId, email: t.email, name: t.name, totp: t.totpSecret !== null };
}

/**
 * Who is signed in, or why the request is refused: 401 without a valid session, 403 `bad_origin`
 * for a write from another site (M6). One check for `requireTherapist` and for the routes that need
 * a therapist only sometimes (`POST /api/rooms` in therapy mode, M7).
 */
export async function signedInTherapist(
  deps: Pick<AccountDeps, 'accounts' | 'now' | 'publicUrl'>,
  req: Request,
  signInFirst = 'Sign in as a therapist first.',
): Promise<{ ok: true; signedIn: SignedIn } | { ok: false; code: ErrorCode; message?: string }> {
  const signedIn = await therapistOf(deps.accounts, req, deps.now());
  if (!signedIn) return { ok: false, code: 'unauthorized', message: signInFirst };
  if (!SAFE_METHODS.has(req.method) && !sameOrigin(req, deps.publicUrl()))
    return { ok: false, code: 'bad_origin' };
  return { ok: true, signedIn };
}

/** Middleware of `signedInTherapist`: refuses, or sets `res.locals.signedIn` for `signedInOf`. */
export function requireTherapist(deps: AccountDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const checked = await signedInTherapist(deps, req);
    if (!checked.ok) return fail(res, checked.code, checked.message);
    res.locals.signedIn = checked.signedIn;
    next();
  };
}

export function signedInOf(res: Response): SignedIn {
  const signedIn: unknown = res.locals.signedIn;
  if (!signedIn) throw new Error('requireTherapist must run before this route');
  return signedIn as SignedIn;
}

const MINUTE = 60_000;

/** M5/M9: failures per account and per client address within 15 minutes before a lockout. */
export const SIGN_IN_RULES = {
  account: { failures: 5, windowMs: 15 * MINUTE },
  address: { failures: 20, windowMs: 15 * MINUTE },
} as const;

/** `/api/account`: sign up, sign in, sign out, two-step sign-in, passkeys, invites (M1–M15). docs/PROTOCOL.md §2.6. */
export function accountRouter(deps: AccountDeps): express.Router {
  const router = express.Router();
  const secure = () => deps.publicUrl().startsWith('https:');
  const cookieOptions = () => ({ secure: secure(), ttlMs: deps.config.sessionTtlMs });
  // M5, M9: only failures count, so a therapist who signs in often is never slowed; a guesser is
  // stopped after a handful, for longer each time the lockout is earned again.
  const limits = deps.signInLimits ?? signInLimits(undefined, '');
  const perAccount = limits('account', SIGN_IN_RULES.account, deps.now);
  const perAddress = limits('address', SIGN_IN_RULES.address, deps.now);

  /** 429 with `Retry-After` while either key is locked out (null: no account named); true when it answered. */
  async function lockedOut(res: Response, email: string | null, address: string): Promise<boolean> {
    const [account, byAddress] = await Promise.all([
      email === null ? 0 : perAccount.blockedFor(email),
      perAddress.blockedFor(address),
    ]);
    const wait = Math.max(account, byAddress);
    if (wait <= 0) return false;
    res.set('retry-after', String(Math.ceil(wait / 1000)));
    fail(res, 'rate_limited', 'Too many failed sign-ins. Wait a few minutes and try again.');
    return true;
  }

  async function failed(email: string, address: string) {
    await Promise.all([perAccount.fail(email), perAddress.fail(address)]);
  }

  /** The account view with the recovery codes left, or null when the request is signed out. */
  async function accountOf(req: Request) {
    const signedIn = await therapistOf(deps.accounts, req, deps.now());
    if (!signedIn) return null;
    const { therapist } = signedIn;
    const recoveryCodesLeft = therapist.totpSecret
      ? await deps.accounts.recoveryCodesLeft(therapist.therapistId)
      : 0;
    return { therapist: accountView(therapist), recoveryCodesLeft };
  }

  router.get('/', async (req, res) => {
    const account = await accountOf(req);
    if (!account) return fail(res, 'unauthorized', 'Not signed in.');
    res.set('cache-control', 'no-store').json(account);
  });

  // For pages that only ask whether anyone is signed in (the home page): signed out is an answer
  // there, not an error, so it is 200 with `therapist: null` and no failed request in the console.
  router.get('/session', async (req, res) => {
    const account = await accountOf(req);
    // `signup` lets the pages offer "Create an account" only where one can be made (M2).
    res
      .set('cache-control', 'no-store')
      .json({ ...(account ?? { therapist: null, recoveryCodesLeft: 0 }), signup: deps.config.signup });
  });

  router.post('/signup', async (req, res) => {
    if (!sameOrigin(req, deps.publicUrl())) return fail(res, 'bad_origin');
    const mode = deps.config.signup;
    if (mode === 'closed')
      return fail(res, 'signup_closed', 'New accounts are made by the operator of this server.');
    const body = SignUp.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const { invite } = body.data;
    if (mode === 'invite' && !invite)
      return fail(
        res,
        'signup_closed',
        'New accounts need an invite here. Ask a colleague for one.',
        'invite',
      );
    const now = deps.now();
    const therapist: TherapistRecord = {
      therapistId: randomUUID(),
      email: body.data.email,
      name: body.data.name,
      passwordHash: await hashPassword(body.data.password),
      totpSecret: null,
      createdAt: now,
    };
    let made = invite
      ? await deps.accounts.createTherapistWithInvite(therapist, inviteHash(invite), now)
      : await deps.accounts.createTherapist(therapist);
    // With SIGNUP=open an invite is not needed: a used or old one does not stand in the way.
    if (made === 'bad_invite' && mode === 'open') made = await deps.accounts.createTherapist(therapist);
    if (made === 'bad_invite')
      return fail(
        res,
        'signup_closed',
        'This invite was used already, has expired, or is not from this server. Ask for a new one.',
        'invite',
      );
    if (made === 'email_taken')
      return fail(
        res,
        'already_exists',
        'An account with that email already exists. Sign in instead.',
        'email',
      );
    await startSession(deps.accounts, therapist.therapistId, res, cookieOptions(), now);
    deps.log.info({ therapistId: therapist.therapistId, invited: Boolean(invite) }, 'therapist signed up');
    res.status(201).json({ therapist: accountView(therapist) });
  });

  router.post('/signin', async (req, res) => {
    if (!sameOrigin(req, deps.publicUrl())) return fail(res, 'bad_origin');
    const body = SignIn.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const email = body.data.email.trim().toLowerCase();
    const address = req.ip ?? 'unknown';
    if (await lockedOut(res, email, address)) return;
    const therapist = await deps.accounts.therapistByEmail(email);
    const ok = therapist
      ? await verifyPassword(therapist.passwordHash, body.data.password)
      : await verifyNobody(body.data.password);
    if (!therapist || !ok) {
      await failed(email, address);
      deps.log.info({ address }, 'sign-in failed');
      return fail(res, 'bad_credentials');
    }
    if (therapist.totpSecret) {
      const code = body.data.code?.trim();
      // The password was right: asking for the second step is not a failure.
      if (!code) return fail(res, 'second_factor_required');
      const used = await spendSecondFactor(therapist, code);
      if (!used) {
        await failed(email, address);
        deps.log.info({ address, therapistId: therapist.therapistId }, 'second step failed');
        return fail(res, 'bad_credentials', 'That code is not right, or it was used already.', 'code');
      }
      if (used === 'recovery') deps.log.info({ therapistId: therapist.therapistId }, 'recovery code used');
    }
    await perAccount.clear(email);
    await startSession(deps.accounts, therapist.therapistId, res, cookieOptions(), deps.now());
    deps.log.info({ therapistId: therapist.therapistId }, 'therapist signed in');
    res.status(200).json({ therapist: accountView(therapist) });
  });

  /** A TOTP code of a step not used before (M8), or an unused recovery code; null for anything else. */
  async function spendSecondFactor(t: TherapistRecord, code: string): Promise<'totp' | 'recovery' | null> {
    if (!t.totpSecret) return null;
    if (looksLikeTotp(code)) {
      const step = totpStep(t.totpSecret, code.replace(/\s/g, ''), deps.now());
      return step !== null && (await deps.accounts.spendTotpStep(t.therapistId, step)) ? 'totp' : null;
    }
    const hash = recoveryCodeHash(t.therapistId, code);
    return (await deps.accounts.spendRecoveryCode(t.therapistId, hash, deps.now())) ? 'recovery' : null;
  }

  router.post('/signout', requireTherapist(deps), async (_req, res) => {
    await deps.accounts.deleteAuthSession(signedInOf(res).idHash);
    clearSessionCookie(res, secure());
    res.status(204).end();
  });

  router.post('/signout-everywhere', requireTherapist(deps), async (_req, res) => {
    const ended = await deps.accounts.deleteAuthSessionsOf(signedInOf(res).therapist.therapistId);
    clearSessionCookie(res, secure());
    deps.log.info({ therapistId: signedInOf(res).therapist.therapistId, ended }, 'signed out everywhere');
    res.status(204).end();
  });

  router.post('/totp', requireTherapist(deps), async (_req, res) => {
    const { therapist } = signedInOf(res);
    if (therapist.totpSecret)
      return fail(
        res,
        'already_exists',
        'Two-step sign-in is already on. Turn it off first to set it up again.',
      );
    const secret = newTotpSecret();
    await deps.accounts.setPendingTotp(therapist.therapistId, secret);
    res.set('cache-control', 'no-store').json({ secret, otpauthUrl: otpauthUrl(secret, therapist.email) });
  });

  router.post('/totp/confirm', requireTherapist(deps), async (req, res) => {
    const body = ConfirmTotp.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const { therapist } = signedInOf(res);
    const secret = await deps.accounts.pendingTotp(therapist.therapistId);
    if (!secret) return fail(res, 'bad_request', 'Start setting up two-step sign-in first.');
    const step = totpStep(secret, body.data.code.replace(/\s/g, ''), deps.now());
    if (step === null)
      return fail(
        res,
        'bad_request',
        'That code is not right. Check that the time on your phone is set automatically, and type the code it shows now.',
        'code',
      );
    const codes = newRecoveryCodes();
    const hashes = codes.map((code) => recoveryCodeHash(therapist.therapistId, code));
    if (!(await deps.accounts.confirmTotp(therapist.therapistId, secret, step, hashes)))
      return fail(res, 'bad_request', 'Start setting up two-step sign-in again.');
    deps.log.info({ therapistId: therapist.therapistId }, 'two-step sign-in turned on');
    res.set('cache-control', 'no-store').json({ recoveryCodes: codes });
  });

  router.delete('/totp', requireTherapist(deps), async (req, res) => {
    const body = TurnOffTotp.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const { therapist } = signedInOf(res);
    const address = req.ip ?? 'unknown';
    // The password is asked again so a borrowed signed-in laptop cannot take the second step away;
    // wrong guesses here count like wrong sign-ins.
    if (await lockedOut(res, therapist.email, address)) return;
    if (!(await verifyPassword(therapist.passwordHash, body.data.password))) {
      await failed(therapist.email, address);
      return fail(res, 'bad_credentials', 'That password is not right.', 'password');
    }
    await deps.accounts.clearTotp(therapist.therapistId);
    deps.log.info({ therapistId: therapist.therapistId }, 'two-step sign-in turned off');
    res.status(204).end();
  });

  // Passkeys (M12–M15): failures count for the address (no email is typed), a success is a whole
  // sign-in like a right password and code.
  router.use(
    passkeyRouter(deps, {
      lockedOut: (res, address) => lockedOut(res, null, address),
      failed: (address) => perAddress.fail(address),
      async signIn(res, therapistId) {
        const therapist = await deps.accounts.therapist(therapistId);
        if (!therapist) return false;
        await perAccount.clear(therapist.email);
        await startSession(deps.accounts, therapistId, res, cookieOptions(), deps.now());
        res.status(200).json({ therapist: accountView(therapist) });
        return true;
      },
      requireTherapist: requireTherapist(deps),
      whoIsSignedIn: (res) => signedInOf(res).therapist,
    }),
  );

  router.post('/invites', requireTherapist(deps), async (_req, res) => {
    if (deps.config.signup === 'closed')
      return fail(res, 'signup_closed', 'On this server only the operator makes accounts (npm run admin).');
    const { therapist } = signedInOf(res);
    const invite = await makeInvite(deps.accounts, therapist.therapistId, deps.publicUrl(), deps.now());
    deps.log.info({ therapistId: therapist.therapistId }, 'invite made');
    res.status(201).set('cache-control', 'no-store').json(invite);
  });

  return router;
}
