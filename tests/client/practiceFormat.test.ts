import { describe, expect, it } from 'vitest';
import type { CompactSummary, Partners, PracticeItem } from '../../client/src/practice/api.ts';
import {
  coupleName,
  formatDue,
  formatWhen,
  fromLocalInput,
  mayDelete,
  NONE,
  partnerLabel,
  practiceFacts,
  sessionFacts,
  shareQuestion,
  shareStatus,
  toLocalInput,
} from '../../client/src/practice/format.ts';

const partners: Partners = { A: { name: 'Sam', pronouns: 'they/them' }, B: { name: 'Alex', pronouns: null } };
const utc = { locale: 'en-GB', timeZone: 'UTC' };

const summary: CompactSummary = {
  roomId: 'r1',
  date: Date.UTC(2026, 11, 1, 17, 0),
  minutes: 52,
  rounds: 2,
  whoSpoke: { A: 3, B: 1 },
  partsNamed: { A: ['the worrier', 'the wall'], B: [] },
  selfEnergy: { A: 6, B: null },
  safetyCount: 0,
  closing: true,
  repair: false,
};

function practice(change: Partial<PracticeItem> = {}): PracticeItem {
  return {
    roomId: 'p1',
    createdAt: Date.UTC(2026, 11, 2, 19, 0),
    assignmentId: null,
    stage: 'ended',
    happened: { startedAt: Date.UTC(2026, 11, 2, 19, 1), lengthMinutes: 1, roundsCompleted: 1 },
    safetyPauses: 0,
    shares: { A: null, B: null },
    shared: false,
    therapistNote: null,
    summary: null,
    ...change,
  };
}

describe('what the practice screens say', () => {
  it('U2 a session with no summary shows "—" for every fact, never a number of its own', () => {
    const facts = sessionFacts(null, partners);
    expect(facts.map((f) => f.label)).toEqual([
      'Length',
      'Rounds',
      'Who spoke',
      'Parts named',
      'Check-in (Self, 0–10)',
      'Safety pauses',
      'Closing',
      'Repair',
    ]);
    expect(facts.every((f) => f.value === NONE)).toBe(true);
  });

  it('U2 a summary is said as it is, by name, with "—" for a rating nobody gave', () => {
    const said = Object.fromEntries(sessionFacts(summary, partners).map((f) => [f.label, f.value]));
    expect(said).toEqual({
      Length: '52 minutes',
      Rounds: '2',
      'Who spoke': 'Sam: 3 pieces; Alex: 1 piece',
      'Parts named': 'Sam: the worrier, the wall; Alex: none',
      'Check-in (Self, 0–10)': 'Sam: 6/10; Alex: —',
      'Safety pauses': 'none',
      Closing: 'yes',
      Repair: 'none',
    });
  });

  it('U3 a practice that did not happen says so, with "—" for its length and rounds, and counts safety pauses', () => {
    const said = Object.fromEntries(
      practiceFacts(practice({ happened: null, safetyPauses: 2, stage: 'checkin' })).map((f) => [
        f.label,
        f.value,
      ]),
    );
    expect(said).toEqual({
      Happened: 'not yet',
      Length: NONE,
      'Rounds completed': NONE,
      'Safety pauses': '2',
    });
    const done = Object.fromEntries(practiceFacts(practice()).map((f) => [f.label, f.value]));
    expect(done).toEqual({
      Happened: 'yes',
      Length: '1 minute',
      'Rounds completed': '1',
      'Safety pauses': 'none',
    });
  });

  it('U4 the share question names the therapist and the rule; a partner reads their own answer, never the other’s', () => {
    expect(shareQuestion('Dr Rivera')).toBe(
      'Share this practice with Dr Rivera? They see it only if you both say yes.',
    );
    // B said yes; A has not answered: A is not told what B said.
    const pending = practice({ shares: { A: null, B: true } });
    expect(shareStatus(pending, 'A', 'Dr Rivera')).toBe('You have not answered yet.');
    expect(shareStatus(pending, 'B', 'Dr Rivera')).toBe(
      'You said yes. Dr Rivera sees it only if you both say yes.',
    );
    const refused = practice({ shares: { A: false, B: true } });
    expect(shareStatus(refused, 'A', 'Dr Rivera')).toBe('You said no. Dr Rivera does not see it.');
    expect(shareStatus(refused, 'B', 'Dr Rivera')).not.toMatch(/no|Sam|Alex/);
    const shared = practice({ shares: { A: true, B: true }, shared: true });
    expect(shareStatus(shared, 'A', 'Dr Rivera')).toBe('Shared with Dr Rivera: you both said yes.');
  });

  it('U5 a partner may delete a practice that is over and not shared by both, never an open or shared one', () => {
    expect(mayDelete(practice())).toBe(true);
    expect(mayDelete(practice({ shares: { A: true, B: null } }))).toBe(true);
    expect(mayDelete(practice({ shares: { A: true, B: true }, shared: true }))).toBe(false);
    expect(mayDelete(practice({ stage: 'round' }))).toBe(false);
  });

  it('U2 names, pronouns, moments and due days read plainly', () => {
    expect(coupleName(partners)).toBe('Sam and Alex');
    expect(partnerLabel(partners.A)).toBe('Sam (they/them)');
    expect(partnerLabel(partners.B)).toBe('Alex');
    expect(formatWhen(null, utc)).toBe(NONE);
    expect(formatWhen(Date.UTC(2026, 11, 3, 18, 0), utc)).toBe('Thu, 3 Dec 2026, 18:00');
    // A due day is a calendar day: the same day in every time zone.
    expect(formatDue('2026-12-08', { locale: 'en-GB', timeZone: 'Pacific/Honolulu' })).toBe(
      'Tue, 8 Dec 2026',
    );
    expect(formatDue(null)).toBe(NONE);
  });

  it('U2 the next session field round-trips a moment in the device’s zone, and empty means none', () => {
    const moment = new Date(2026, 11, 3, 18, 30).getTime();
    expect(toLocalInput(moment)).toBe('2026-12-03T18:30');
    expect(fromLocalInput(toLocalInput(moment))).toBe(moment);
    expect(toLocalInput(null)).toBe('');
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a date')).toBeNull();
  });
});
