/**
 * Slowing down (issue 11 §5, shared/SPEC.md I10–I19): the breathing minute anyone may call, and the
 * flooding break. A body flooded by an argument needs about twenty minutes to settle (Gottman's
 * "physiological flooding"), so a break is never shorter; a day is the longest, as a time-out (T22).
 */
export const BREATHING = {
  /** The guided pause's length when the room was made without one (logs from before version 5). */
  defaultSeconds: 60,
  /** What an operator may set `BREATHING_SECONDS` to. */
  minSeconds: 10,
  maxSeconds: 300,
  /** A flooding break, in minutes. */
  breakMinMinutes: 20,
  breakMaxMinutes: 24 * 60,
} as const;
