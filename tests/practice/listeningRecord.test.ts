import { describe, expect, it } from 'vitest';
import {
  ClinicalRecordJson,
  clinicalRecordJson,
  clinicalRecordMarkdown,
  type RoomEvent,
  RoomEvent as RoomEventSchema,
  summarizeSession,
  viewEvent,
} from '../../shared/index.ts';
import { roomAtCheckin } from '../support/engineRoom.ts';
import { wholeTherapySession } from './sessionFixture.ts';

const LONDON = { timeZone: 'Europe/London', generatedAt: 1_700_000_600_000 };

/** A therapy session where both partners check in with themselves, B turns inside before listening, A is not there yet. */
function listeningSession(): RoomEvent[] {
  const room = roomAtCheckin('therapy', 'written');
  room.ok('A', { type: 'checkSelf', moment: 'start', qualities: [], notYet: true });
  room.ok('B', { type: 'checkSelf', moment: 'start', qualities: ['curious'], notYet: false });
  room.ok('A', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
  room.ok('B', { type: 'checkIn', checkIn: { parts: [] }, visibility: 'room' });
  room.ok('A', { type: 'requestFloor', topic: 'money' });
  room.ok('B', {
    type: 'nameListeningPart',
    part: { name: 'the # judge', kind: 'protector', fears: 'being fooled' },
  });
  room.ok('B', { type: 'askListeningHelp' });
  room.ok('B', { type: 'listenerReady' });
  room.ok('A', { type: 'uTurn', part: { name: 'the saver', kind: 'protector' } });
  room.ok('A', { type: 'checkSelf', moment: 'u_turn', qualities: [], notYet: true });
  room.ok('A', { type: 'checkSelf', moment: 'u_turn', qualities: ['calm', 'compassionate'], notYet: false });
  room.ok('therapist', { type: 'startClosing' });
  room.ok('A', { type: 'checkSelf', moment: 'end', qualities: ['calm', 'curious'], notYet: false });
  return room.events.map((event) => viewEvent(event, 'therapy', 'therapist'));
}

describe('the clinical record of listening inside (I9, R1, R3)', () => {
  const summary = summarizeSession(listeningSession());
  const markdown = clinicalRecordMarkdown(summary, LONDON);

  it('I9 R3 the Markdown has each help ask, each Self check and the before and after, in plain words', () => {
    const section = markdown.split('## Listening inside and Self checks')[1]?.split('\n## ')[0] ?? '';
    expect(section).toMatch(/- Partner A did not ask for help to listen\./);
    expect(section).toMatch(/- Partner B asked for help to listen: \d\d:\d\d \(round 1\)\./);
    expect(section).toContain(
      '- Partner A, Self before and after: at the start not there yet; at the end calm, curious.',
    );
    expect(section).toContain(
      '- Partner B, Self before and after: at the start curious; at the end no check.',
    );
    expect(section).toMatch(/ {2}- \d\d:\d\d after a U-turn, toward the part: not there yet\n/);
    expect(section).toMatch(/ {2}- \d\d:\d\d after a U-turn, toward the part: calm, compassionate\n/);
    expect(markdown).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
  });

  it('I9 R4 the listening part is among the parts named, escaped, with what it fears', () => {
    expect(markdown).toMatch(/getting ready to listen: the \\# judge \(protector\); fears: being fooled/);
  });

  it('I9 R3 JSON version 2 carries the help asks and Self checks and parses after a trip through JSON', () => {
    const json = clinicalRecordJson(summary, LONDON);
    expect(json.version).toBe(2);
    expect(json.summary.listeningHelp?.B).toHaveLength(1);
    expect(json.summary.selfChecks?.A.map((check) => check.moment)).toEqual([
      'start',
      'u_turn',
      'u_turn',
      'end',
    ]);
    expect(ClinicalRecordJson.parse(JSON.parse(JSON.stringify(json)))).toEqual(json);
  });

  it('I9 R2 a practice record says they stayed with each partner', () => {
    const room = roomAtCheckin('practice');
    room.ok('A', { type: 'checkSelf', moment: 'start', qualities: ['calm'], notYet: false });
    const practice = summarizeSession(room.events.map((event) => viewEvent(event, 'practice', 'therapist')));
    expect(clinicalRecordMarkdown(practice, LONDON)).toContain(
      'In a practice room each partner keeps these to themself.',
    );
  });

  it('I9 a stored version 4 log still parses and summarizes: no help asks, no Self checks', () => {
    const { events } = wholeTherapySession();
    const stored = JSON.parse(JSON.stringify(events)).map((event: unknown) => RoomEventSchema.parse(event));
    const old = summarizeSession(stored);
    expect(old.listeningHelp).toEqual({ A: [], B: [] });
    expect(old.selfChecks).toEqual({ A: [], B: [] });
  });
});
