import { describe, expect, it } from 'vitest';
import {
  ClinicalRecordJson,
  clinicalRecordJson,
  clinicalRecordMarkdown,
  summarizeSession,
} from '../../shared/index.ts';
import { EngineRoom, roomAtFirstRound } from '../support/engineRoom.ts';

const OPTIONS = { timeZone: 'UTC', generatedAt: 1_700_000_100_000 };

/** A therapy session where the therapist set a text, A confirmed a location and said "not sure". */
function session(): EngineRoom {
  const room = new EngineRoom('therapy');
  room.ok('therapist', { type: 'admit', seat: 'A' });
  room.ok('therapist', { type: 'admit', seat: 'B' });
  const [set] = room.ok('therapist', {
    type: 'setConfidentiality',
    text: 'What you tell me alone, I may bring to us both.',
  });
  room.ok('A', { type: 'confirmLocation', location: 'home, the study' });
  room.ok('A', { type: 'answerSafeToSpeak', answer: 'not_sure' });
  room.ok('B', { type: 'answerSafeToSpeak', answer: 'yes' });
  room.ok('A', { type: 'agreeContract', confidentialitySeq: set?.seq });
  room.ok('B', { type: 'agreeContract' });
  return room;
}

describe('the contract in the clinical record (I48)', () => {
  it('I48 the Markdown names the text, the version each partner agreed to, the locations and the answers', () => {
    const room = session();
    const markdown = clinicalRecordMarkdown(summarizeSession(room.eventsSeenBy('therapist')), OPTIONS);
    const section = markdown.slice(markdown.indexOf('## The contract'));
    expect(section).toContain('Confidentiality and its limits (version 4');
    expect(section).toContain('> What you tell me alone, I may bring to us both.');
    expect(section).toMatch(/Partner A agreed to the ground rules, to this confidentiality text\./);
    expect(section).toMatch(/Partner A: \S+ home, the study\./);
    expect(section).toMatch(/Partner B: none\./);
    expect(section).toMatch(/Partner A: \S+ not sure\./);
    expect(section).toMatch(/Partner B: \S+ yes\./);
  });

  it('I48 the JSON document carries the contract section and parses', () => {
    const room = session();
    const json = clinicalRecordJson(summarizeSession(room.eventsSeenBy('therapist')), OPTIONS);
    expect(ClinicalRecordJson.parse(json).summary.contract).toMatchObject({
      confidentiality: { seq: 4 },
      agreed: { A: { confidentialitySeq: 4 }, B: { confidentialitySeq: 4 } },
      locations: { A: [{ location: 'home, the study' }], B: [] },
      safeToSpeak: { A: [{ answer: 'not_sure' }], B: [{ answer: 'yes' }] },
    });
  });

  it('I48 I49 a practice record has no contract section', () => {
    const room = roomAtFirstRound('practice');
    const markdown = clinicalRecordMarkdown(summarizeSession(room.events), OPTIONS);
    expect(markdown).not.toContain('## The contract');
  });
});
