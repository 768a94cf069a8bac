import argon2 from 'argon2';

/**
 * Passwords are kept only as argon2id hashes (M1), through node-argon2 (maintained, prebuilt binaries,
 * the reference C implementation) rather than anything hand-written. Its defaults — 64 MiB, 3 passes,
 * 4 lanes — are above OWASP's minimum for argon2id.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** False for a wrong password and for a hash that is not one (never throws on bad input). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
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
