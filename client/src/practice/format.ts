import type { CompactSummary, Partner, PartnerSeat, Partners, PracticeItem } from './api.ts';

/*
 * The words and numbers the practice screens show, kept pure so they can be tested without a browser.
 * Every number comes from the server's summary; where it has none, the screen says "—" (never a guess).
 */

export const NONE = '—';

/** "Sam and Alex": how a couple is named on every therapist screen and in every confirmation. */
export function coupleName(partners: Partners): string {
  return `${partners.A.name} and ${partners.B.name}`;
}

/** "Sam (they/them)", or just "Sam". */
export function partnerLabel(partner: Partner): string {
  return partner.pronouns ? `${partner.name} (${partner.pronouns})` : partner.name;
}

export interface Clock {
  locale?: string;
  timeZone?: string;
}

/** A moment in the reader's own words and time zone: "Thu, 3 Dec 2026, 18:00". */
export function formatWhen(ms: number | null, clock: Clock = {}): string {
  if (ms === null) return NONE;
  return new Intl.DateTimeFormat(clock.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: clock.timeZone,
  }).format(ms);
}

/** A day without a time: "Tue, 8 Dec 2026". */
export function formatDay(ms: number | null, clock: Clock = {}): string {
  if (ms === null) return NONE;
  return new Intl.DateTimeFormat(clock.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: clock.timeZone,
  }).format(ms);
}

/** An assignment's date (`YYYY-MM-DD`, a calendar day with no zone) as a day, read as written. */
export function formatDue(due: string | null, clock: Clock = {}): string {
  if (!due) return NONE;
  const [y, m, d] = due.split('-').map(Number);
  if (!y || !m || !d) return due;
  return formatDay(Date.UTC(y, m - 1, d), { ...clock, timeZone: 'UTC' });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The value of a `datetime-local` field for a moment, in this device's zone ('' when there is none). */
export function toLocalInput(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The moment a `datetime-local` field means, in this device's zone; null for an empty or broken value. */
export function fromLocalInput(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const ms = new Date(y, mo - 1, d, h, mi).getTime();
  return Number.isNaN(ms) ? null : ms;
}

export function minutesWords(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function countWords(n: number, one: string, many: string): string {
  if (n === 0) return `no ${many}`;
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** One line per partner, "Sam: …; Alex: …". */
function perPartner(partners: Partners, say: (seat: PartnerSeat) => string): string {
  return `${partners.A.name}: ${say('A')}; ${partners.B.name}: ${say('B')}`;
}

/** A fact of a session or a practice, as a label and what it says. */
export interface Fact {
  label: string;
  value: string;
}

/**
 * What the therapist's session list says about a session (issue 10 §2): length, rounds, who spoke,
 * the parts named, check-in ratings, safety events, the closing and any repair. Without a summary
 * every value is "—".
 */
export function sessionFacts(summary: CompactSummary | null, partners: Partners): Fact[] {
  const labels = [
    'Length',
    'Rounds',
    'Who spoke',
    'Parts named',
    'Check-in (Self, 0–10)',
    'Safety pauses',
    'Closing',
    'Repair',
  ];
  if (!summary) return labels.map((label) => ({ label, value: NONE }));
  const values = [
    minutesWords(summary.minutes),
    String(summary.rounds),
    perPartner(partners, (seat) => countWords(summary.whoSpoke[seat], 'piece', 'pieces')),
    perPartner(partners, (seat) => summary.partsNamed[seat].join(', ') || 'none'),
    perPartner(partners, (seat) => {
      const rating = summary.selfEnergy[seat];
      return rating === null ? NONE : `${rating}/10`;
    }),
    summary.safetyCount === 0 ? 'none' : String(summary.safetyCount),
    summary.closing ? 'yes' : 'no',
    summary.repair ? 'offered' : 'none',
  ];
  return labels.map((label, i) => ({ label, value: values[i] ?? NONE }));
}

/** Whether a practice happened and how it went: what the therapist always sees (issue 10 §3). */
export function practiceFacts(item: PracticeItem): Fact[] {
  const { happened } = item;
  return [
    { label: 'Happened', value: happened ? 'yes' : 'not yet' },
    { label: 'Length', value: happened ? minutesWords(happened.lengthMinutes) : NONE },
    { label: 'Rounds completed', value: happened ? String(happened.roundsCompleted) : NONE },
    { label: 'Safety pauses', value: item.safetyPauses === 0 ? 'none' : String(item.safetyPauses) },
  ];
}

/** Where a room stands, in a word a therapist can scan. */
export function stageWords(stage: string): string {
  switch (stage) {
    case 'ended':
      return 'Ended';
    case 'contract':
      return 'Open — not started yet';
    default:
      return 'Live now';
  }
}

export function isOpen(stage: string): boolean {
  return stage !== 'ended';
}

/** The share question, asked of each partner alone, with no nudge either way (issue 10 §3). */
export function shareQuestion(therapistName: string): string {
  return `Share this practice with ${therapistName}? They see it only if you both say yes.`;
}

/** What a partner reads about their own answer and the outcome; never the other partner's pending answer. */
export function shareStatus(item: PracticeItem, me: PartnerSeat, therapistName: string): string {
  if (item.shared) return `Shared with ${therapistName}: you both said yes.`;
  const mine = item.shares[me];
  if (mine === null) return 'You have not answered yet.';
  return mine
    ? `You said yes. ${therapistName} sees it only if you both say yes.`
    : `You said no. ${therapistName} does not see it.`;
}

/** A practice partner may delete it while it was never shared by both (issue 10 §6). */
export function mayDelete(item: PracticeItem): boolean {
  return !item.shared && !isOpen(item.stage);
}
