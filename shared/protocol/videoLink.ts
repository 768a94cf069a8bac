import { z } from 'zod';
import { LIMITS } from './limits.ts';

const RULE = 'The video link must be a full https:// address, like https://meet.example.com/room-1.';

/**
 * The session's video-call link (T39), as the therapist pastes it from their telehealth platform.
 * Only `https:` (a partner's phone opens it; anything else could run or download something), no
 * user name or password in it, no spaces or control characters, at most `videoLinkChars`. Stored as
 * the URL parser writes it back, so every screen opens the same address.
 */
export const VideoLink = z
  .string()
  .trim()
  .max(LIMITS.videoLinkChars, {
    message: `The video link can be at most ${LIMITS.videoLinkChars} characters.`,
  })
  .superRefine((value, ctx) => {
    if (!isVideoLink(value)) ctx.addIssue({ code: 'custom', message: RULE });
  })
  .transform((value) => new URL(value).href);

function isVideoLink(value: string): boolean {
  if (/[\s\p{Cc}\p{Cf}]/u.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}
