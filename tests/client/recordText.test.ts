import { describe, expect, it } from 'vitest';
import { recordMarkdown } from '../../client/src/components/recordMarkdown.ts';
import { describeEntry } from '../../client/src/components/recordText.ts';
import { buildRecord } from '../../shared/index.ts';
import { roomAtFirstRound } from '../support/engineRoom.ts';

/**
 * D2 on the screen and in the export: every step and intervention issue 9 added has a line of its
 * own in the record a partner reads (`Record`) and downloads (`recordMarkdown`), built from the
 * engine's real events.
 */
function lines(room: ReturnType<typeof roomAtFirstRound>) {
  const record = buildRecord(room.events) as unknown as Record<string, unknown>[];
  return {
    screen: record.map((entry) => describeEntry(entry, 'B')).filter(Boolean),
    markdown: recordMarkdown({
      entries: record,
      notes: { learned: '', summary: '' },
      exportedAt: new Date(0),
      timeZone: 'UTC',
    }),
  };
}

describe('record lines for the session as it is held', () => {
  it('T37 T38 T39 T24 T27 a spoken round: said aloud, shorter please, the piece limit, the video link, set aside, rewind and skip each read as a line, on the screen and in the export', () => {
    const room = roomAtFirstRound('therapy', 'spoken');
    room.ok('therapist', { type: 'setPieceLimit', chars: 200 });
    room.ok('therapist', { type: 'setVideoLink', url: 'https://meet.example.org/s' });
    room.ok('A', { type: 'requestFloor' });
    room.ok('B', { type: 'listenerReady' });
    room.ok('A', { type: 'uTurn' });
    room.ok('B', { type: 'askShorter' });
    room.ok('A', { type: 'speak' });
    room.ok('B', { type: 'reflect' });
    const piece = room.entries.find((e) => e.kind === 'piece')?.seq ?? 0;
    room.ok('therapist', { type: 'markFromPart', entrySeq: piece });
    room.ok('A', { type: 'speak', text: 'A part of me is tired.' });
    room.ok('therapist', { type: 'skipStep' });
    room.ok('therapist', { type: 'rewind', to: 'reflect' });
    room.ok('therapist', { type: 'setTalk', talk: 'written' });
    room.ok('therapist', { type: 'clearVideoLink' });
    const { screen, markdown } = lines(room);
    const expected = [
      'The therapist set the piece limit to 200 characters.',
      'The therapist shared the video-call link.',
      'Partner A asked for the floor.',
      'You asked: shorter, please.',
      'Partner A: said aloud',
      'You reflected: said aloud',
      'The therapist asked about those words: is this all of you, or a part? (set aside: spoken from a part)',
      'The therapist moved on to: Checking the reflection.',
      'The therapist went back to: Reflecting.',
      'The room is written now: each step is typed.',
      'The therapist removed the video-call link.',
    ];
    for (const line of expected) expect(screen).toContain(line);
    for (const line of expected) expect(markdown).toContain(line.replace(/^You /, 'Partner B '));
  });

  it('T26 I24 T7 contempt set aside and a "not now" with its minutes read as lines', () => {
    const room = roomAtFirstRound('practice');
    room.ok('A', { type: 'requestFloor', topic: 'the weekend' });
    room.ok('B', { type: 'proposeLater', minutes: 10 });
    const therapy = roomAtFirstRound('therapy');
    therapy.ok('A', { type: 'requestFloor', topic: 'the weekend' });
    therapy.ok('B', { type: 'listenerReady' });
    therapy.ok('A', { type: 'uTurn', part: { name: 'the worrier', kind: 'protector' } });
    therapy.ok('A', { type: 'speak', text: 'A part of me worries.' });
    therapy.ok('B', { type: 'reflect', text: 'Here we go again.' });
    therapy.ok('therapist', { type: 'stopContempt', seat: 'B' });
    for (const step of ['name', 'recall', 'hurt', 'u_turn'] as const)
      therapy.ok('therapist', { type: 'contemptStep', step });
    expect(lines(room).screen).toContain('You asked for a better time — in 10 minutes.');
    // The set-aside words carry the mark on their own line too, in the export.
    expect(lines(therapy).markdown).toMatch(
      /Partner B reflected:\n\n {2}> Here we go again\.\n\n {2}— set aside: contempt/,
    );
    // I24: the stop, each guided step, and the U-turn it ends with, each a line.
    expect(lines(therapy).screen).toEqual(
      expect.arrayContaining([
        'The therapist stepped in to stop contempt from you. (set aside: contempt)',
        'The therapist named what happened.',
        'The therapist recalled the ground rules you both agreed to.',
        'The therapist spoke to the hurt underneath.',
        'You were invited to make a U-turn.',
      ]),
    );
  });
});

describe('record lines for repair during the round (issue 11 §6)', () => {
  it("I30 I31 I37 a repair offered mid-round and its answer read as lines, on the screen and in the export; the therapist's marks and links never do", () => {
    const room = roomAtFirstRound('therapy', 'spoken');
    room.ok('A', { type: 'requestFloor' });
    const [offer] = room.ok('A', { type: 'offerRepair', repair: { apology: 'I am sorry I snapped.' } });
    room.ok('B', { type: 'answerRepairOffer', offerSeq: offer?.seq ?? 0, accepted: true });
    room.ok('B', { type: 'offerRepair', repair: {} });
    room.ok('A', { type: 'answerRepairOffer', offerSeq: (offer?.seq ?? 0) + 2, accepted: false });
    room.ok('therapist', { type: 'markMoment', kind: 'repair', note: 'SECRET mark' });
    room.ok('therapist', {
      type: 'linkParts',
      from: { seat: 'A', part: 'SECRET a' },
      to: { seat: 'B', part: 'SECRET b' },
    });
    const { screen, markdown } = lines(room);
    expect(screen).toContain('Partner A offered a repair. An apology: “I am sorry I snapped.”');
    expect(screen).toContain('You accepted the repair: thank you.');
    expect(screen).toContain('You offered a repair, aloud.');
    expect(screen).toContain('Partner A is not ready to accept the repair yet.');
    expect(markdown).toContain('Partner B accepted the repair: thank you.');
    expect(markdown).not.toContain('SECRET');
  });
});
