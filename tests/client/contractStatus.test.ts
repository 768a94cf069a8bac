import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIDENTIALITY } from '../../client/src/components/confidentialityDefault.ts';
import { describeEntry } from '../../client/src/components/recordText.ts';
import {
  confidentialityEditable,
  safeToSpeakConcerns,
  whereToday,
} from '../../client/src/screens/therapist/contractStatus.ts';
import { buildRecord } from '../../shared/index.ts';
import { EngineRoom } from '../support/engineRoom.ts';

function admitted(): EngineRoom {
  const room = new EngineRoom('therapy');
  room.ok('therapist', { type: 'admit', seat: 'A' });
  room.ok('therapist', { type: 'admit', seat: 'B' });
  return room;
}

describe("the console's contract status", () => {
  it('I47 a "not sure" or "no" alerts until that partner answers "yes"', () => {
    const room = admitted();
    expect(safeToSpeakConcerns(room.state)).toEqual([]);
    room.ok('B', { type: 'answerSafeToSpeak', answer: 'no' });
    room.ok('A', { type: 'answerSafeToSpeak', answer: 'not_sure' });
    expect(safeToSpeakConcerns(room.state)).toEqual([
      { seat: 'A', answer: 'not_sure', at: expect.any(Number) },
      { seat: 'B', answer: 'no', at: expect.any(Number) },
    ]);
    room.ok('B', { type: 'answerSafeToSpeak', answer: 'yes' });
    expect(safeToSpeakConcerns(room.state).map((c) => c.seat)).toEqual(['A']);
  });

  it("I44 where a partner is: today's confirmation first, else their safety plan's location", () => {
    const room = admitted();
    expect(whereToday(room.state, 'A')).toBeNull();
    room.ok('A', { type: 'shareSafetyPlan', plan: { location: 'home' } });
    expect(whereToday(room.state, 'A')).toMatchObject({ location: 'home', confirmedToday: false });
    room.ok('A', { type: 'confirmLocation', location: 'a friend’s flat' });
    expect(whereToday(room.state, 'A')).toMatchObject({ location: 'a friend’s flat', confirmedToday: true });
  });

  it('I40 I43 the text is editable until the first partner agrees; the default fits a note', () => {
    const room = admitted();
    expect(confidentialityEditable(room.state)).toBe(true);
    room.ok('A', { type: 'agreeContract' });
    expect(confidentialityEditable(room.state)).toBe(false);
    expect(DEFAULT_CONFIDENTIALITY.length).toBeLessThanOrEqual(1000);
    expect(DEFAULT_CONFIDENTIALITY).toMatch(/alone/);
    expect(DEFAULT_CONFIDENTIALITY).toMatch(/mandatory reporting/);
    expect(DEFAULT_CONFIDENTIALITY).toMatch(/duty to warn/);
    // The therapist can send it as it is.
    const fresh = admitted();
    fresh.ok('therapist', { type: 'setConfidentiality', text: DEFAULT_CONFIDENTIALITY });
  });

  it('I48 the room record reads the text set and the agreement to it', () => {
    const room = admitted();
    room.ok('therapist', { type: 'setConfidentiality', text: 'Our policy.' });
    room.ok('A', { type: 'agreeContract' });
    const lines = buildRecord(room.events).map((entry) => describeEntry(entry, 'B'));
    expect(lines).toContain('The therapist set what stays confidential (shown with the ground rules).');
    expect(lines).toContain('Partner A agreed to the ground rules and to what stays confidential.');
  });
});
