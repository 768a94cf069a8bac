/**
 * Dates and times for the Markdown exports (the room's record, the clinical record), in English like
 * the app and in one IANA time zone, so a file says which clock its times are on.
 */
export interface Clock {
  zone: string;
  /** "Tuesday, 1 December 2026" */
  day(at: number): string;
  /** "09:32" */
  time(at: number): string;
  /** An entry's time: "09:32" on the session's first day, "Wed 2 Dec, 00:15" after it. */
  stamp(at: number, sessionStart: number): string;
}

/** Dates and times in English (like the app), in one time zone: the reader's unless one is given. */
export function clockIn(timeZone: string | undefined): Clock {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const dayFormat = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: zone,
  });
  const shortDay = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: zone,
  });
  const timeFormat = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: zone,
  });
  const clock: Clock = {
    zone,
    day: (at) => dayFormat.format(at),
    time: (at) => timeFormat.format(at),
    stamp: (at, sessionStart) =>
      clock.day(at) === clock.day(sessionStart)
        ? clock.time(at)
        : `${shortDay.format(at)}, ${clock.time(at)}`,
  };
  return clock;
}

/** Whether `name` is a time zone this runtime knows (an IANA name such as "Europe/London"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
