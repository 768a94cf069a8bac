import { z } from 'zod';
import { LIMITS } from './limits.ts';

/** Text someone wrote: trimmed, never empty, capped with a message a person can act on. */
function text(max: number, what: string) {
  return z
    .string()
    .trim()
    .min(1, { message: `${what} is empty.` })
    .max(max, { message: `${what} can be at most ${max} characters.` });
}

export const pieceText = (what = 'A piece') => text(LIMITS.pieceChars, what);
export const labelText = (what: string) => text(LIMITS.labelChars, what);
export const noteText = (what: string) => text(LIMITS.noteChars, what);
