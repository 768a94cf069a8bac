import argon2 from 'argon2';

/**
 * Passwords are kept only as argon2id hashes (M1), through node-argon2 (maintained, prebuilt binaries,
 * the reference C implementation) rather than anything hand-written. Its defaults — 64 MiB, 3 passes,
 * 4 lanes — are above OWASP's minimum for argon2id.
 */
export function hashPassword(password: string): Promise<string> {
  return oneOfFew(() => argon2.hash(password, { type: argon2.argon2id }));
}

/** False for a wrong password and for a hash that is not one (never throws on bad input). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await oneOfFew(() => argon2.verify(hash, password));
  } catch {
    return false;
  }
}

/**
 * Each argon2 run takes 64 MiB: a burst of sign-ins (counted as failures only once checked) must
 * queue rather than run all at once and exhaust the server's memory. Four at a time.
 */
export const ARGON2_AT_ONCE = 4;
let running = 0;
let mostAtOnce = 0;
const queue: (() => void)[] = [];

async function oneOfFew<T>(work: () => Promise<T>): Promise<T> {
  if (running >= ARGON2_AT_ONCE) await new Promise<void>((resolve) => queue.push(resolve));
  else running += 1;
  mostAtOnce = Math.max(mostAtOnce, running);
  try {
    return await work();
  } finally {
    // The slot passes straight to the next in line, so `running` never drops and rises again.
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  }
}

/** The most argon2 runs seen at once since the last call (for the test of the cap). */
export function takeMostAtOnce(): number {
  const most = mostAtOnce;
  mostAtOnce = running;
  return most;
}

let dummy: Promise<string> | null = null;

/**
 * Spends the time a real check would when no account has that email, so the answer's timing does
 * not tell which emails have accounts (M5).
 */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword('no account has this password');
  await verifyPassword(await dummy, password);
  return false;
}

/** M1: long enough to resist guessing, short enough that hashing it cannot be used to tie up the server. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
