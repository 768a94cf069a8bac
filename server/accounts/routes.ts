import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { z } from 'zod';
import { type ErrorCode, errorBody } from '../../shared/index.ts';
import type { Config } from '../config.ts';
import { HTTP_STATUS } from '../http/status.ts';
import type { Logger } from '../log.ts';
import type { AccountStore, TherapistRecord } from '../store/accountTypes.ts';
import { clearSessionCookie, type SignedIn, startSession, therapistOf } from './authSessions.ts';
import { SAFE_METHODS, sameOrigin } from './origin.ts';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyNobody, verifyPassword } from './passwords.ts';

export interface AccountDeps {
  config: Config;
  accounts: AccountStore;
  log: Logger;
  now: () => number;
  publicUrl: () => string;
}

function fail(res: Response, code: ErrorCode, message?: string) {
  res.status(HTTP_STATUS[code]).json({ error: errorBody(code, message) });
}

const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter an email address.' }).max(254));
const Password = z
  .string()
  .min(PASSWORD_MIN, { message: `A password needs at least ${PASSWORD_MIN} characters.` })
  .max(PASSWORD_MAX, { message: `A password can have at most ${PASSWORD_MAX} characters.` });
const Name = z
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
const SignIn = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(PASSWORD_MAX),
  code: z.string().max(40).optional(),
});

/** The first problem of a body, as `bad_request` with its path (what a form shows next to the field). */
function badBody(res: Response, error: z.ZodError) {
  const issue = error.issues[0];
  res
    .status(400)
    .json({ error: errorBody('bad_request', issue?.message, issue?.path.join('.') || undefined) });
}

export function accountView(t: TherapistRecord) {
  return { id: t.therapistId, email: t.email, name: t.name, totp: t.totpSecret !== null };
}

/**
 * Who is signed in, for the routes that need a therapist: 401 without a valid session, 403
 * `bad_origin` for a write from another site (M6). Sets `res.locals.signedIn`.
 */
export function requireTherapist(deps: AccountDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const signedIn = await therapistOf(deps.accounts, req, deps.now());
    if (!signedIn) return fail(res, 'unauthorized', 'Sign in as a therapist first.');
    if (!SAFE_METHODS.has(req.method) && !sameOrigin(req, deps.publicUrl())) return fail(res, 'bad_origin');
    res.locals.signedIn = signedIn;
    next();
  };
}

export function signedInOf(res: Response): SignedIn {
  const signedIn: unknown = res.locals.signedIn;
  if (!signedIn) throw new Error('requireTherapist must run before this route');
  return signedIn as SignedIn;
}

/** `/api/account`: sign up, sign in, sign out (M1–M6). docs/PROTOCOL.md §2.6. */
export function accountRouter(deps: AccountDeps): express.Router {
  const router = express.Router();
  const secure = () => deps.publicUrl().startsWith('https:');
  const cookieOptions = () => ({ secure: secure(), ttlMs: deps.config.sessionTtlMs });
  // M5: failed sign-ins, per account and per address. Only failures count, so a therapist who signs in
  // often is never slowed; a guesser is stopped after a handful, for longer each time (blockDuration).
  const perAccount = new RateLimiterMemory({ points: 5, duration: 15 * 60, blockDuration: 15 * 60 });
  const perAddress = new RateLimiterMemory({ points: 20, duration: 15 * 60, blockDuration: 15 * 60 });

  router.get('/', async (req, res) => {
    const signedIn = await therapistOf(deps.accounts, req, deps.now());
    if (!signedIn) return fail(res, 'unauthorized', 'Not signed in.');
    res.set('cache-control', 'no-store').json({ therapist: accountView(signedIn.therapist) });
  });

  router.post('/signup', async (req, res) => {
    if (!sameOrigin(req, deps.publicUrl())) return fail(res, 'bad_origin');
    if (deps.config.signup === 'closed') return fail(res, 'signup_closed');
    if (deps.config.signup === 'invite')
      return fail(res, 'signup_closed', 'New accounts need an invite here.');
    const body = SignUp.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const now = deps.now();
    const therapist: TherapistRecord = {
      therapistId: randomUUID(),
      email: body.data.email,
      name: body.data.name,
      passwordHash: await hashPassword(body.data.password),
      totpSecret: null,
      createdAt: now,
    };
    if ((await deps.accounts.createTherapist(therapist)) === 'email_taken')
      return fail(res, 'already_exists', 'An account with that email already exists. Sign in instead.');
    await startSession(deps.accounts, therapist.therapistId, res, cookieOptions(), now);
    deps.log.info({ therapistId: therapist.therapistId }, 'therapist signed up');
    res.status(201).json({ therapist: accountView(therapist) });
  });

  router.post('/signin', async (req, res) => {
    if (!sameOrigin(req, deps.publicUrl())) return fail(res, 'bad_origin');
    const body = SignIn.safeParse(req.body ?? {});
    if (!body.success) return badBody(res, body.error);
    const email = body.data.email.trim().toLowerCase();
    const address = req.ip ?? 'unknown';
    const [account, place] = await Promise.all([perAccount.get(email), perAddress.get(address)]);
    const blockedFor = Math.max(account?.msBeforeNext ?? 0, place?.msBeforeNext ?? 0);
    if ((account && account.remainingPoints <= 0) || (place && place.remainingPoints <= 0)) {
      res.set('retry-after', String(Math.ceil(blockedFor / 1000)));
      return fail(res, 'rate_limited', 'Too many failed sign-ins. Wait a few minutes and try again.');
    }
    const therapist = await deps.accounts.therapistByEmail(email);
    const ok = therapist
      ? await verifyPassword(therapist.passwordHash, body.data.password)
      : await verifyNobody(body.data.password);
    if (!therapist || !ok) {
      // consume() throws once the budget is spent; that is what starts the block, nothing to handle.
      await Promise.all([
        perAccount.consume(email).catch(() => {}),
        perAddress.consume(address).catch(() => {}),
      ]);
      deps.log.info({ address }, 'sign-in failed');
      return fail(res, 'bad_credentials');
    }
    await perAccount.delete(email);
    await startSession(deps.accounts, therapist.therapistId, res, cookieOptions(), deps.now());
    deps.log.info({ therapistId: therapist.therapistId }, 'therapist signed in');
    res.status(200).json({ therapist: accountView(therapist) });
  });

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

  return router;
}
