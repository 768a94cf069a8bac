import { z } from 'zod';
import type { Mode } from './seats.ts';

/**
 * How the partners say what each step asks for (shared/SPEC.md T37): `spoken` — aloud, on the video
 * call beside the room, each step one tap and its text optional (a word or two for the record, or
 * nothing); `written` — typed into the room, text required. The steps and their guards are the same.
 */
export const TALKS = ['spoken', 'written'] as const;
export const Talk = z.enum(TALKS);
export type Talk = z.infer<typeof Talk>;

/**
 * A room's talk when its creator does not say: a therapy session is held on a video call, so spoken;
 * a practice room's screen asks the couple, and a client that does not ask gets written, the way the
 * room worked before spoken mode existed.
 */
export function defaultTalk(mode: Mode): Talk {
  return mode === 'therapy' ? 'spoken' : 'written';
}
